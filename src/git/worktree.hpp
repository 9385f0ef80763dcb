#pragma once

#include <string>
#include <vector>

#include "git/repository.hpp"
#include "git/signed_commit_writer.hpp"

namespace git {

// For a commit the tool makes on the checked-out branch: writes its files into the work
// tree (where they differ) and the index, so that `git status` is clean for them once
// the branch points at the commit. Does nothing in a bare repository.
void checkout_written_files(Repository& repo, const std::vector<FileWrite>& files);

// Before a commit that checkout_written_files will follow: throws util::EnvironmentError,
// saying what to do, when the index is locked (another git command, or one that was
// killed, holds .git/index.lock). Found after the branch moved, the lock would leave
// the index behind the branch. Does nothing in a bare repository.
void require_index_unlocked(const Repository& repo);

// Paths among `paths` whose work-tree or staged content differs from HEAD: changes the
// person has not committed, which a tool commit must not overwrite.
std::vector<std::string> uncommitted_changes(Repository& repo, const std::vector<std::string>& paths);

} // namespace git
