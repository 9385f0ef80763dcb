#pragma once

#include <string>
#include <vector>

#include "cli/workspace.hpp"
#include "core/diagnostic.hpp"
#include "core/version_rules.hpp"

namespace cli {

struct FileToCheck {
  std::string path; // from the repository's top
  std::string content;
};

// The checks `validate`, `publish` and the pre-commit hook share: each file as what
// its path says it is (the policy, or a runbook version judged with the policy), with
// every problem at its line and column.
core::Diagnostics check_files(Workspace& workspace, const std::vector<FileToCheck>& files);

// What the same files get warned about without being refused (yaml::runbook_file_warnings,
// judged with the same policy): `validate` and `publish` print them.
core::Diagnostics check_warnings(Workspace& workspace, const std::vector<FileToCheck>& files);

// The append-only rules for a proposed state of runbooks/ against the published
// versions and the checked-out commit, as messages.
std::vector<std::string> append_only_problems(Workspace& workspace, const std::vector<core::TreeFile>& proposed);

// The files under runbooks/ as the work tree has them, with content ids and modes.
std::vector<core::TreeFile> worktree_snapshot(Workspace& workspace);

} // namespace cli
