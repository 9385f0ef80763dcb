#pragma once

#include <string>
#include <vector>

#include "git/repository.hpp"
#include "git/signed_commit_writer.hpp"

namespace git {

// After a commit made by the tool on the checked-out branch: writes its files into the
// work tree and the index, so that `git status` is clean for them. Does nothing in a
// bare repository.
void checkout_written_files(Repository& repo, const std::vector<FileWrite>& files);

// Paths among `paths` whose work-tree or staged content differs from HEAD: changes the
// person has not committed, which a tool commit must not overwrite.
std::vector<std::string> uncommitted_changes(Repository& repo, const std::vector<std::string>& paths);

} // namespace git
