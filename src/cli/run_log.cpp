#include "cli/run_log.hpp"

#include "core/record_rules.hpp"
#include "core/runbook_paths.hpp"
#include "git/raw_commit.hpp"
#include "git/log_order.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "yaml/record_yaml.hpp"
#include "yaml/runbook_yaml.hpp"

#include <algorithm>
#include <map>

namespace cli {

namespace {

// A runbook version read from its blob, once per process (a command loads its run
// before and again inside the append).
core::Runbook runbook_from_blob(Workspace& workspace, const std::string& blob, const std::string& what) {
  static std::map<std::string, core::Runbook> loaded;
  if (auto known = loaded.find(blob); known != loaded.end()) {
    return known->second;
  }
  auto text = workspace.repo().read_blob(blob);
  if (!text) {
    throw util::RuleError(what + " follows a runbook version (" + blob + ") that this repository does not have. "
                          "Fetch the protected branch (`git fetch`) and try again.");
  }
  constexpr std::string_view schema = "runbook.schema.json";
  yaml::SchemaCheck check = workspace.schema_check_for(schema, blob);
  auto runbook = yaml::load_runbook(*text, blob, check);
  if (runbook && check == yaml::SchemaCheck::full) {
    workspace.remember_schema_passed(schema, blob);
  }
  if (!runbook) {
    throw util::RuleError(what + " follows a runbook version that cannot be read:\n" + core::format_all(runbook.error()));
  }
  return loaded.emplace(blob, std::move(runbook).value()).first->second;
}

// A record read from its blob. A blob never changes, so each is read once per process
// however often the run is loaded (a command loads it before and again inside the
// append). Records on the log branch had the full check when they were written, and
// `verify` and the server hook check each again: reading one back for the run's state
// skips the schema, which cost more than all the rest as a run grew.
core::Record parsed_record(Workspace& workspace, const git::TreeEntry& entry) {
  static std::map<std::string, core::Record> parsed;
  auto known = parsed.find(entry.id);
  if (known != parsed.end()) {
    return known->second;
  }
  auto text = workspace.repo().read_blob(entry.id).value_or("");
  auto record = yaml::read_checked_record(text, entry.name);
  if (!record) {
    throw util::RuleError("the record " + entry.name + " is damaged:\n" + core::format_all(record.error()) +
                          "Run `git runbook verify` and tell an admin.");
  }
  return parsed.emplace(entry.id, std::move(record).value()).first->second;
}

} // namespace

std::optional<core::Runbook> pinned_version(Workspace& workspace, const std::string& blob) {
  try {
    return runbook_from_blob(workspace, blob, "the run");
  } catch (const util::RuleError&) {
    return std::nullopt;
  }
}

std::vector<core::Flag> run_flags(const RunView& view) {
  std::vector<core::Flag> flags = view.state.flags;
  std::int64_t now = util::now_millis();
  for (std::size_t at = 0; at < view.records.size(); ++at) {
    if (auto ahead = core::clock_flag(view.records[at], at, now)) {
      flags.push_back(*ahead);
    }
  }
  return flags;
}

std::string log_ref(Workspace& workspace) { return "refs/heads/" + workspace.policy().log_branch; }

std::optional<RunView> load_run(Workspace& workspace, const std::optional<std::string>& tip, const std::string& run) {
  auto folder = core::run_folder(run);
  if (!folder) {
    throw util::UsageError("\"" + run + "\" is not a run id (they look like payroll-change-20261129T2150Z-7f3a). "
                           "`git runbook status` lists the open runs.");
  }
  if (!tip) {
    return std::nullopt;
  }
  std::vector<std::pair<std::string, core::Record>> found;
  for (const git::TreeEntry& entry : git::files_in_log_order(workspace.repo(), *tip, *folder)) {
    std::string name = entry.name.substr(folder->size() + 1);
    if (name.size() < 6 || name.substr(name.size() - 5) != ".yaml") {
      continue;
    }
    found.emplace_back(entry.name, parsed_record(workspace, entry));
  }
  if (found.empty()) {
    return std::nullopt;
  }
  if (found.front().second.event != core::EventKind::start) {
    throw util::RuleError("the run " + run + " has records but no start record. Run `git runbook verify`.");
  }
  RunView view;
  view.folder = *folder;
  view.runbook = runbook_from_blob(workspace, found.front().second.runbook_blob, "the run " + run);
  for (auto& [path, record] : found) {
    view.paths.push_back(path);
    view.records.push_back(std::move(record));
  }
  view.state = core::replay(view.records, view.runbook);
  return view;
}

RunView require_run(Workspace& workspace, const std::string& run) {
  auto view = load_run(workspace, workspace.repo().resolve_ref(log_ref(workspace)), run);
  if (!view) {
    throw util::RuleError("there is no run " + run + " in this repository. `git runbook status` lists the open runs; "
                          "if it was recorded elsewhere, `git runbook sync` fetches it.");
  }
  return std::move(*view);
}

std::optional<core::Record> added_record(Workspace& workspace, const std::string& commit) {
  auto found = added_record_with_path(workspace, commit);
  return found ? std::optional(std::move(found->second)) : std::nullopt;
}

std::optional<std::pair<std::string, core::Record>> added_record_with_path(Workspace& workspace,
                                                                           const std::string& commit) {
  auto raw = workspace.repo().read_raw(commit);
  auto parsed = raw ? git::parse_raw_commit(raw->bytes) : util::Result<git::RawCommit>::failure("missing");
  if (!parsed) {
    return std::nullopt;
  }
  std::optional<std::string> parent_tree;
  std::string tree = parsed->tree;
  if (!parsed->parents.empty()) {
    parent_tree = workspace.repo().tree_of(parsed->parents.front());
  }
  for (const std::string& path : workspace.repo().changed_paths(parent_tree, tree)) {
    if (path.find("/evidence/") != std::string::npos || path.size() < 5 || path.substr(path.size() - 5) != ".yaml") {
      continue;
    }
    auto content = workspace.repo().read_file_at(commit, path);
    if (auto record = content ? yaml::load_record(*content, path) : util::Result<core::Record, core::Diagnostics>::failure({})) {
      return std::make_pair(path, std::move(record).value());
    }
  }
  return std::nullopt;
}

std::vector<std::string> all_runs(Workspace& workspace) {
  auto tip = workspace.repo().resolve_ref(log_ref(workspace));
  std::vector<std::string> runs;
  if (!tip) {
    return runs;
  }
  for (const git::TreeEntry& year : workspace.repo().list_tree_at(*tip, core::k_runs_folder)) {
    std::string year_path = std::string(core::k_runs_folder) + "/" + year.name;
    for (const git::TreeEntry& month : workspace.repo().list_tree_at(*tip, year_path)) {
      for (const git::TreeEntry& day : workspace.repo().list_tree_at(*tip, year_path + "/" + month.name)) {
        for (const git::TreeEntry& run : workspace.repo().list_tree_at(*tip, year_path + "/" + month.name + "/" + day.name)) {
          runs.push_back(run.name);
        }
      }
    }
  }
  std::sort(runs.begin(), runs.end(), [](const std::string& a, const std::string& b) {
    auto stamp = [](const std::string& run) { return run.substr(run.size() >= 20 ? run.size() - 20 : 0); };
    return stamp(a) > stamp(b);
  });
  return runs;
}

std::pair<std::string, std::string> protected_source(Workspace& workspace) {
  const core::Policy& policy = workspace.policy();
  std::string branch = workspace.branch().substr(std::string("refs/heads/").size());
  std::string source_branch = policy.is_protected(branch) ? branch : policy.protected_branches.front();
  auto source = workspace.repo().resolve_ref("refs/heads/" + source_branch);
  if (!source) {
    throw util::EnvironmentError("the protected branch " + source_branch + " is not here. Fetch it with `git fetch`.");
  }
  return {source_branch, *source};
}

PinnedRunbook pin_runbook(Workspace& workspace, const std::string& id, std::optional<int> version) {
  auto [source_branch, source] = protected_source(workspace);
  int latest = 0;
  std::map<int, std::string> blobs;
  for (const git::TreeEntry& entry : workspace.repo().list_files_at(source, core::k_runbooks_folder)) {
    auto where = core::parse_version_path(entry.name);
    if (where && where->id == id) {
      blobs[where->version] = entry.id;
      latest = std::max(latest, where->version);
    }
  }
  if (latest == 0) {
    throw util::RuleError("there is no published runbook \"" + id + "\" on " + source_branch +
                          ". `git runbook list` shows the runbooks.");
  }
  int chosen = version.value_or(latest);
  auto blob = blobs.find(chosen);
  if (blob == blobs.end()) {
    throw util::RuleError("runbook \"" + id + "\" has no published version " + std::to_string(chosen) +
                          "; the latest is " + std::to_string(latest) + ".");
  }
  return PinnedRunbook{runbook_from_blob(workspace, blob->second, "runbook " + id), blob->second, source};
}

} // namespace cli
