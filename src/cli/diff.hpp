#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/runbook_diff.hpp"

namespace cli {

// The changes between two versions as `diff --format json` lists them: each with
// "kind", "step", "description" and, for a rewording, "wording" (also used by `review`).
nlohmann::json runbook_changes_json(const std::vector<core::RunbookChange>& changes);

} // namespace cli
