#pragma once

#include <filesystem>
#include <string>

namespace gpg {

// Makes a new ed25519 signing key without a passphrase in the keyring at `home`, for
// the demo and for tests. Returns its fingerprint.
std::string generate_signing_key(const std::filesystem::path& home, const std::string& user_id);

// Asks the gpg-agent serving `home` to stop, so that a throwaway keyring leaves no
// process behind. Failures are ignored: an agent that is not running is fine.
void stop_agent(const std::filesystem::path& home);

} // namespace gpg
