#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/workspace.hpp"
#include "core/record.hpp"
#include "core/run_state.hpp"
#include "core/runbook.hpp"
#include "yaml/schema_check.hpp"

namespace cli {

// One run as the log branch holds it: its records in order, what they add up to, and
// the exact runbook version it follows (read from the pinned blob).
struct RunView {
  std::string folder;
  std::vector<std::string> paths; // of the records, in the same order
  std::vector<core::Record> records;
  core::RunState state;
  core::Runbook runbook;
};

// What the run's records say needs a look (DESIGN §4): the ordering conflicts met when
// people's records were merged, and records dated ahead of this computer's clock.
std::vector<core::Flag> run_flags(const RunView& view);

// The log branch's full ref name, from the policy.
std::string log_ref(Workspace& workspace);

// The run `run` as of the log commit `tip`; nullopt when it has no record there.
// Throws UsageError for a malformed run id, RuleError for a damaged record.
std::optional<RunView> load_run(Workspace& workspace, const std::optional<std::string>& tip, const std::string& run);

// Like load_run at the current tip, but a missing run is a RuleError that says how to
// find the right id.
RunView require_run(Workspace& workspace, const std::string& run);

// The record a log commit added (its one .yaml file outside evidence/); nullopt when
// it added none that can be read.
std::optional<core::Record> added_record(Workspace& workspace, const std::string& commit);
// The same, with the record file's path.
std::optional<std::pair<std::string, core::Record>> added_record_with_path(Workspace& workspace,
                                                                           const std::string& commit);

// The runbook version a record pins (by blob), read once per process; nullopt when
// this repository does not have it or cannot read it (for views that show what they can).
std::optional<core::Runbook> pinned_version(Workspace& workspace, const std::string& blob);

// The ids of all runs on the log branch, newest first.
std::vector<std::string> all_runs(Workspace& workspace);

// A runbook version and where it was read from, for a new run.
struct PinnedRunbook {
  core::Runbook runbook;
  std::string blob;          // the version file's object id
  std::string source_commit; // the protected-branch commit it was read from
};

// The protected branch versions are read from (the checked-out one when it is
// protected, else the first of the policy): its name and tip. Throws
// EnvironmentError when this clone does not have it.
std::pair<std::string, std::string> protected_source(Workspace& workspace);

// The published version `version` (default: the latest) of `id` on the protected
// branch (the checked-out one when it is protected, else the first of the policy).
PinnedRunbook pin_runbook(Workspace& workspace, const std::string& id, std::optional<int> version);

} // namespace cli
