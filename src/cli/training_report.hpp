#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/workspace.hpp"
#include "core/training.hpp"

namespace cli {

// Where training stands (issue 17): every version published on the protected branch
// with `training: required` (of `runbook` only, when given), oldest runbook version
// first per runbook, with the acknowledgements the log branch holds and the people the
// policy says must still acknowledge it. For `git runbook training` and the audit.
std::vector<core::VersionTraining> collect_training(Workspace& workspace, const std::optional<std::string>& runbook);

// The versions as JSON: [{runbook, title, version, published, acknowledged: [{by, at,
// note}], missing: [..]}].
nlohmann::json training_json(const std::vector<core::VersionTraining>& versions);

// A person as a report names them: "Alice Martin (alice)" with `names` (person id ->
// name, from the policy), or the id alone when it holds no name for them.
std::string named(const std::map<std::string, std::string>& names, const std::string& id);

// Who acknowledged, for a person: "alice (2026-12-02), bob (2026-12-03)" or "nobody yet";
// with `names`, "Alice Martin (alice, 2026-12-02), …".
std::string acknowledged_list(const core::VersionTraining& version, const std::map<std::string, std::string>& names = {});
// Who has not: "carol, dave (waiting since 2026-12-01)" or "nobody"; with `names`,
// "Carol Smith (carol), dave — waiting since 2026-12-01".
std::string missing_list(const core::VersionTraining& version, const std::map<std::string, std::string>& names = {});

// One version in plain lines for a person (no trailing newline after the last line):
//   onboarding v2 "Employee onboarding" — published 2026-12-01
//     acknowledged: alice (2026-12-02), bob (2026-12-03)
//     not yet:      carol, dave (waiting since 2026-12-01)
std::string training_text(const core::VersionTraining& version);

} // namespace cli
