#pragma once

#include <optional>
#include <string>

namespace git {

// Debian's libgit2 is built with mbedTLS, and its start-up (git_libgit2_init) parses the
// whole system certificate bundle: 56 million instructions, more than half of what
// recording an event costs, although only an HTTPS remote ever needs the certificates.
// While libgit2 starts, the parse is skipped and the file it names remembered; the
// first remote (open_remote) loads it for real, through libgit2's own option.

// Runs `start` (git_libgit2_init) with the certificate parse put off.
void start_without_certificates(int (*start)());

// Loads the certificate file put off at start-up, once; nothing when none was (a libgit2
// built with another TLS library, or the file was missing). Throws
// util::EnvironmentError when the file cannot be read.
void load_deferred_certificates();

// The file whose parse was put off, if one was (for the tests).
std::optional<std::string> deferred_certificate_file();

} // namespace git
