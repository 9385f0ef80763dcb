#pragma once

#include <filesystem>

namespace gpg {

// The folder GnuPG works in, by its documented rule: $GNUPGHOME when set, else
// ~/.gnupg. What the signer memo watches for keyring changes without asking GnuPG.
std::filesystem::path gnupg_home();

} // namespace gpg
