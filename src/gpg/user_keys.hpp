#pragma once

#include <string>
#include <vector>

#include "core/key_choice.hpp"
#include "gpg/handles.hpp"

namespace gpg {

// The secret keys of the user's own keyring ($GNUPGHOME or ~/.gnupg).
std::vector<core::SecretKey> list_secret_keys();

// A secret key of the user's keyring by fingerprint (from the listing above when it
// ran). Throws util::EnvironmentError when the keyring has no such secret key.
KeyPtr secret_key(const std::string& fingerprint);

// A public key of the user's keyring, ASCII-armored, with only its signatures on
// itself (so that the file in the repository stays small). Throws
// util::EnvironmentError when the key is missing.
std::string export_public_key(const std::string& fingerprint);

} // namespace gpg
