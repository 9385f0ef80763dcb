#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "util/result.hpp"

namespace core {

// A secret key the user's keyring holds, as far as choosing one cares.
struct SecretKey {
  std::string fingerprint;               // primary key, upper-case hex
  std::vector<std::string> subkey_fingerprints;
  std::vector<std::string> emails;       // of its user ids
  bool can_sign = false;                 // not expired, revoked or disabled, and able to sign
};

// What the user told us, from the most to the least specific (DESIGN §5).
struct KeyHints {
  std::optional<std::string> explicit_key;   // --key
  std::optional<std::string> configured_key; // git config user.signingkey
  std::optional<std::string> user_email;     // git config user.email
};

// The fingerprint of the key to sign with: --key, else user.signingkey, else the secret
// key of the policy person whose address is user.email, else the only secret key that
// the policy knows. Without a policy (before init) the last two steps look at the
// keyring alone. On failure, a message that says what to do, ending with the line that
// makes a key when none is usable.
util::Result<std::string> choose_signing_key(const std::vector<SecretKey>& keys,
                                             const KeyHints& hints,
                                             const Policy* policy);

// The command a person runs to make a key, for messages.
std::string make_key_advice(const std::optional<std::string>& email);

} // namespace core
