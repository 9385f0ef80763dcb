#pragma once

#include <string>

#include "cli/workspace.hpp"

namespace cli {

// Witnessed time (issue 18): the part of `git runbook sync` that takes the server's
// checkpoints. Fetches refs/runbook/checkpoints of `remote` into
// refs/runbook/fetched-checkpoints/<remote> and moves this clone's
// refs/runbook/checkpoints to it only as a fast-forward. Throws util::RuleError, saying
// what happened and what to do, when the server's checkpoints do not continue the ones
// this clone holds (they are kept as they are); util::EnvironmentError when the remote
// cannot be reached. Does nothing when the server has no checkpoints.
void take_checkpoints(Workspace& workspace, const std::string& remote);

} // namespace cli
