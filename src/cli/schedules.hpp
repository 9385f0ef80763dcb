#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cli/output.hpp"
#include "cli/workspace.hpp"
#include "core/runbook.hpp"

namespace cli {

// The latest committed version of each runbook that has a `schedule`, by id.
std::vector<core::Runbook> scheduled_runbooks(Workspace& workspace);

// `status --due`: the overdue steps of open runs and the scheduled runbooks with no run
// started in the current period, judged at `now_ms` (milliseconds since 1970, UTC).
void print_due(Workspace& workspace, Format format, std::int64_t now_ms);

} // namespace cli
