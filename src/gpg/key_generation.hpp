#pragma once

#include <filesystem>
#include <string>

namespace gpg {

// Makes a new ed25519 signing key without a passphrase in the keyring at `home`, for
// the demo and for tests. Returns its fingerprint.
std::string generate_signing_key(const std::filesystem::path& home, const std::string& user_id);

} // namespace gpg
