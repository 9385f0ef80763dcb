#pragma once

#include <optional>
#include <string>

namespace gpg {

// Why GnuPG lists no secret key although the user's keyring holds keys, when the cause
// is its agent (gpg-agent, which keeps the secret keys): not running and impossible to
// start, or unreachable. Finds out by asking GnuPG to sign with a public key of the
// keyring: it then says "no secret key" when the agent answered. nullopt when the
// keyring is empty or the agent is not the cause. For explaining a failure only: costs
// two gpg processes. Throws util::EnvironmentError when GnuPG fails otherwise.
std::optional<std::string> unreachable_agent();

} // namespace gpg
