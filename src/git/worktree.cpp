#include "git/worktree.hpp"

#include "git/check.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

namespace git {

void checkout_written_files(Repository& repo, const std::vector<FileWrite>& files) {
  auto workdir = repo.workdir();
  if (!workdir) {
    return;
  }
  IndexPtr index;
  check(git_repository_index(out(index), repo.get()), "opening the index");
  for (const FileWrite& file : files) {
    if (util::read_file(*workdir / file.path) != file.content) { // publish finds its file there already
      util::write_file_atomic(*workdir / file.path, file.content);
    }
    check(git_index_add_bypath(index.get(), file.path.c_str()), "staging " + file.path);
  }
  check(git_index_write(index.get()), "writing the index");
}

void require_index_unlocked(const Repository& repo) {
  if (!repo.workdir()) {
    return;
  }
  std::filesystem::path lock = repo.git_dir() / "index.lock";
  if (std::filesystem::exists(lock)) {
    throw util::EnvironmentError("the index (git's list of staged files) is locked by " + lock.string() +
                                 ". If no other git command is running, a killed process left it behind: remove "
                                 "it (rm " + lock.string() + ") and try again. Nothing was written.");
  }
}

std::vector<std::string> uncommitted_changes(Repository& repo, const std::vector<std::string>& paths) {
  std::vector<std::string> changed;
  for (const std::string& path : paths) {
    unsigned int flags = 0;
    int rc = git_status_file(&flags, repo.get(), path.c_str());
    if (rc == GIT_ENOTFOUND) {
      git_error_clear();
      continue;
    }
    check(rc, "checking " + path + " for changes");
    if (flags != GIT_STATUS_CURRENT && (flags & GIT_STATUS_IGNORED) == 0) {
      changed.push_back(path);
    }
  }
  return changed;
}

} // namespace git
