#pragma once

#include "git/repository.hpp"

namespace cli {

// Installs the pre-commit shim into the repository's hooks folder, pointing at this
// binary, unless another pre-commit hook is already there (then it warns and leaves it).
void install_pre_commit(const git::Repository& repo);

} // namespace cli
