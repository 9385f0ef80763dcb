#pragma once

#include <optional>
#include <string>

namespace git {

// libgit2's start-up (git_libgit2_init) prepares its network transports, although only
// a remote ever uses them, and every command starts it: Debian's libgit2 parsed the
// whole system certificate bundle with mbedTLS (56 million instructions, more than
// half of what recording an event cost) and libssh2 started OpenSSL (1 million). While
// libgit2 starts, both are put off; the first remote (open_remote) finishes them.

// Runs `start` (git_libgit2_init) with the certificate parse and libssh2's start put
// off, and returns what it returned.
[[nodiscard]] int start_without_network(int (*start)());

// Finishes what start_without_network put off, once: loads the certificate file (none
// when libgit2 uses another TLS library or the file was missing) and starts libssh2.
// Throws util::EnvironmentError when the file cannot be read or libssh2 cannot start.
void finish_network_start();

// The certificate file whose parse was put off, if one was (for the tests).
std::optional<std::string> deferred_certificate_file();

} // namespace git
