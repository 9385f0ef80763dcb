#pragma once

#include <string>
#include <vector>

#include "core/key_choice.hpp"

namespace gpg {

// The secret keys of the user's own keyring ($GNUPGHOME or ~/.gnupg).
std::vector<core::SecretKey> list_secret_keys();

// A public key of the user's keyring, ASCII-armored, with only its signatures on
// itself (so that the file in the repository stays small). Throws
// util::EnvironmentError when the key is missing.
std::string export_public_key(const std::string& fingerprint);

} // namespace gpg
