#include "git/worktree.hpp"

#include "git/check.hpp"
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
    util::write_file_atomic(*workdir / file.path, file.content);
    check(git_index_add_bypath(index.get(), file.path.c_str()), "staging " + file.path);
  }
  check(git_index_write(index.get()), "writing the index");
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
