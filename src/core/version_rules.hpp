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

struct VersionProblem {
  std::string path;
  std::string message; // what is wrong — what to do
};

// The append-only rules of DESIGN §2 for a change from `before` to `after` (the files
// under runbooks/ on both sides), where `published` are the files on the protected
// branch: a published file that `before` had may not change, disappear or be renamed;
// every file added or changed must be a regular runbooks/<id>/v<N>.yaml; the versions
// of each runbook touched must be 1, 2, … N without gaps.
std::vector<VersionProblem> check_version_changes(const std::vector<TreeFile>& published,
                                                  const std::vector<TreeFile>& before,
                                                  const std::vector<TreeFile>& after);

} // namespace core
