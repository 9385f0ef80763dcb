#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/workspace.hpp"

namespace cli {

// Whether a start at a terminal also asks the inputs a runbook does not require.
enum class AskOptional { yes, no };

// Starts a run of the published runbook `id` (`version`, default the latest): checks
// the `inputs` (name=value) against what the runbook asks, asks for missing required
// ones at a terminal (and the optional ones too with AskOptional::yes: the runner), and
// records the start. Returns the new run id.
std::string start_run(Workspace& workspace,
                      const std::string& id,
                      std::optional<int> version,
                      const std::vector<std::string>& inputs,
                      const std::optional<std::string>& key,
                      AskOptional ask_optional = AskOptional::no);

} // namespace cli
