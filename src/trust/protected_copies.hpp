#pragma once

#include "git/repository.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trust {

// The copies of a protected branch in a clone (DESIGN §4): the local branch
// refs/heads/<branch> if there is one, then every remote-tracking
// refs/remotes/<remote>/<branch>, origin's first; each as full ref name and tip.
std::vector<std::pair<std::string, std::string>> protected_copies(const git::Repository& repo,
                                                                  const std::string& branch);

// The command that fetches what this clone lacks from the remote its copies of
// `branches` (the log branch, the protected ones) come from: "git fetch origin",
// else the first such remote's name, else "git fetch <remote>".
std::string fetch_command(const git::Repository& repo, const std::vector<std::string>& branches);

// The commit that published a version file: the first commit of a protected tip's
// first-parent line that holds the file with that blob (a merge, when the version came
// through a review branch). Each version is looked up once; each tip's line is read
// once.
class PublishingCommits {
public:
  // `tips`: protected-branch commits whose published versions count (in the order to
  // look: VerifyReport::protected_tips).
  PublishingCommits(const git::Repository& repo, std::vector<std::string> tips)
      : m_repo(repo), m_tips(std::move(tips)) {}

  // The publishing commit of `path` holding `blob`; nullopt when no tip holds it (this
  // clone has not fetched it, or it was never published).
  std::optional<std::string> find(const std::string& path, const std::string& blob);

private:
  // The tip's first-parent line, oldest first.
  const std::vector<std::string>& line_of(const std::string& tip);

  const git::Repository& m_repo;
  std::vector<std::string> m_tips;
  std::map<std::string, std::vector<std::string>> m_lines; // by tip
  std::map<std::pair<std::string, std::string>, std::optional<std::string>>
      m_found; // by (path, blob)
};

} // namespace trust
