#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "gpg/handles.hpp"

namespace gpg {

// A new OpenPGP context with ASCII armor on. With `home`, GnuPG works in that folder
// instead of the user's keyring (~/.gnupg or $GNUPGHOME). Throws
// util::EnvironmentError when GnuPG is missing.
ContextPtr make_context(const std::optional<std::filesystem::path>& home = std::nullopt);

// The one context on the user's own keyring, made once per process (starting GPGME
// costs more than a signature), with armor on and no signers chosen.
gpgme_ctx_t user_context();

// The version of the GPGME this process runs with, asked of the library ("1.18.0").
std::string gpgme_version();

// Called by a command that signs, before any other GnuPG use: GPGME then asks
// gpgconf where GnuPG keeps things (four short processes, the first time GnuPG is
// used), which agent_socket_of needs. Any other process leaves gpgconf alone, so
// checking signatures (verify, the server's hook) starts only gpg. Called after
// GnuPG's first use, it changes nothing.
void prepare_for_signing();

// Where the gpg-agent serving `home` (without it: the user's own keyring) listens, as
// GnuPG itself says (`gpgconf --list-dirs agent-socket`, through GPGME). nullopt when
// this process did not prepare_for_signing, or gpgconf did not answer.
std::optional<std::filesystem::path> agent_socket_of(
    const std::optional<std::filesystem::path>& home = std::nullopt);

// Asks the gpg-agent serving `home` to stop, so that a throwaway keyring leaves no
// process behind. Failures are ignored: an agent that is not running is fine, and
// without prepare_for_signing the agent is left to GnuPG's own rule: it stops when its
// home folder is removed.
void stop_agent(const std::filesystem::path& home);

} // namespace gpg
