#pragma once

#include <string>
#include <vector>

#include "git/repository.hpp"

namespace git {

// The files directly in `folder` at `tip`, in the order the first-parent history of
// `tip` added them, oldest first (DESIGN §4: a run is replayed in the order of the log,
// never by the times its records claim). The walk stops as soon as every file is
// placed, so a recent run costs the commits since it started, whatever the log's age.
// Files one commit added together are in name order.
std::vector<TreeEntry> files_in_log_order(const Repository& repo, const std::string& tip, const std::string& folder);

} // namespace git
