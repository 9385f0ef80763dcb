#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/workspace.hpp"
#include "core/runbook.hpp"
#include "core/version_rules.hpp"

namespace cli {

// The files under runbooks/ that are published: on a protected branch, local or any
// remote's copy of it (so a version can still be reworked on a review branch until it
// is merged).
std::vector<core::TreeFile> published_files(Workspace& workspace);

// The files under runbooks/ in the checked-out commit (empty before the first one).
std::vector<core::TreeFile> committed_files(Workspace& workspace);

// The highest version of `id` among `files`; 0 when there is none.
int latest_version(const std::vector<core::TreeFile>& files, const std::string& id);

// The ids of the runbooks among `files`, sorted.
std::vector<std::string> runbook_ids(const std::vector<core::TreeFile>& files);

// A committed version of a runbook, read and checked; throws RuleError naming the
// file when it is missing or invalid.
core::Runbook read_committed_version(Workspace& workspace, const std::string& id, int version);

// A version file in the work tree, read and checked; nullopt when it does not exist.
std::optional<std::string> read_draft(Workspace& workspace, const std::string& id, int version);

// The policy person who is working here: the owner of the signing key, else the person
// whose address is user.email. Throws EnvironmentError when neither is known.
std::string current_person(Workspace& workspace);

// A path given on the command line (relative to the current folder, or absolute) as a
// path from the repository's top; throws UsageError when it is outside the repository.
std::string path_from_top(const std::filesystem::path& top, const std::string& given);

// Throws UsageError when `id` cannot be a runbook id.
void require_runbook_id(const std::string& id);

} // namespace cli
