#pragma once

#include "git/repository.hpp"

namespace cli {

// Installs the pre-commit and pre-merge-commit shims into the repository's hooks
// folder, pointing at this binary; a hook of another origin is left alone with a
// warning. Returns true when both are in place.
bool install_local_hooks(const git::Repository& repo);

// Installs one shim (hooks/<name> of the installation) into the repository's hooks
// folder, pointing at this binary. When another hook of that name is there, it is
// left alone: with a warning and false, or, when `foreign_is_error`, with a
// util::UsageError.
bool install_shim(const git::Repository& repo, const std::string& name, bool foreign_is_error);

} // namespace cli
