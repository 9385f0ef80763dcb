#pragma once

#include "git/repository.hpp"

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

} // namespace trust
