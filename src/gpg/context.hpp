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

// Asks the gpg-agent serving `home` to stop, so that a throwaway keyring leaves no
// process behind. Failures are ignored: an agent that is not running is fine.
void stop_agent(const std::filesystem::path& home);

} // namespace gpg
