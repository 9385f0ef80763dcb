#pragma once

#include <filesystem>
#include <optional>

namespace gpg {

// The folder GnuPG works in: $GNUPGHOME when set, else ~/.gnupg.
std::filesystem::path gnupg_home();

// Where the gpg-agent serving `home` listens, by GnuPG's own rule (no gpgconf process):
// in /run/user/UID/gnupg (under "d.HASH" for a home that is not ~/.gnupg) when the
// system keeps sockets there, else in the home folder itself. A guess that connecting
// confirms.
std::filesystem::path agent_socket_of(const std::filesystem::path& home);

// agent_socket_of(gnupg_home()): the agent of the user's own keyring.
std::filesystem::path guessed_agent_socket();

} // namespace gpg
