#pragma once

#include "git/repository.hpp"

namespace cli {

// Installs the pre-commit and pre-merge-commit shims into the repository's hooks
// folder, pointing at this binary; a hook of another origin is left alone with a
// warning. Returns true when both are in place.
bool install_local_hooks(const git::Repository& repo);

} // namespace cli
