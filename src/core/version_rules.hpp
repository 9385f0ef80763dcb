#pragma once

#include <string>
#include <vector>

namespace core {

// A file under runbooks/ in some tree: its path, content id and Git file mode
// (0100644 regular, 0100755 executable, 0120000 link, 0160000 submodule).
struct TreeFile {
  std::string path;
  std::string blob;
  unsigned mode = 0100644;
};

// One broken append-only rule, as data: what is wrong with `path`, the fix in a
// checkout (before the commit), and the fix for a commit already made (before a push).
struct VersionProblem {
  std::string path;
  std::string what;
  std::string local_fix;
  std::string push_fix;
  std::string message; // what — local_fix: the words a checkout's commands print
};

// The append-only rules of DESIGN §2 for a change from `before` to `after` (the files
// under runbooks/ on both sides), where `published` are the files on the protected
// branch: a published file that `before` had may not change, disappear or be renamed;
// every file added or changed must be a regular runbooks/<id>/v<N>.yaml; the versions
// of each runbook touched must be 1, 2, … N without gaps.
[[nodiscard]] std::vector<VersionProblem> check_version_changes(const std::vector<TreeFile>& published,
                                                  const std::vector<TreeFile>& before,
                                                  const std::vector<TreeFile>& after);

} // namespace core
