#pragma once

#include <optional>
#include <string>

#include "cli/workspace.hpp"

namespace cli {

// One `git runbook sync` with `remote`: sends this repository's records, takes the
// server's (DESIGN §4). Throws util::RuleError when a record was not sent (it stays
// here, listed by `status`), util::EnvironmentError when the remote cannot be reached.
void sync_records(Workspace& workspace, const std::string& remote, const std::optional<std::string>& key);

} // namespace cli
