#include "cli/run_log.hpp"

#include "core/record_rules.hpp"
#include "core/runbook_paths.hpp"
#include "core/training.hpp"
#include "git/raw_commit.hpp"
#include "git/log_append.hpp"
#include "git/log_order.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "gpg/digest.hpp"
#include "trust/training_log.hpp"
#include "util/text.hpp"
#include "yaml/record_yaml.hpp"
#include "yaml/runbook_yaml.hpp"

#include <algorithm>
#include <map>

namespace cli {

namespace {

constexpr std::uint64_t k_max_evidence_size = 50ull * 1024 * 1024;

// A file name safe inside a tree path: letters, digits, . _ - kept, others replaced.
std::string safe_name(const std::string& name) {
  std::string safe;
  for (char c : name) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
    safe += ok ? c : '_';
  }
  if (safe.empty() || safe.front() == '.') {
    safe = "file" + safe;
  }
  return safe.substr(0, 120);
}

struct PreparedEvidence {
  core::EvidenceItem item;
  std::optional<std::string> content;
};

std::vector<PreparedEvidence> prepare_evidence(const std::vector<std::string>& specs) {
  std::vector<PreparedEvidence> prepared;
  for (const std::string& spec : specs) {
    PreparedEvidence evidence;
    if (is_url(spec)) {
      evidence.item.link = spec;
      prepared.push_back(std::move(evidence));
      continue;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(spec, ec)) {
      throw util::UsageError("the evidence \"" + spec + "\" is neither a file here nor a link (https://…). "
                             "Check the path; nothing was recorded.");
    }
    auto size = std::filesystem::file_size(spec, ec);
    if (ec || size > k_max_evidence_size) {
      throw util::UsageError("the evidence file " + spec + " is larger than 50 MiB; store it elsewhere and record "
                             "a link to it instead. Nothing was recorded.");
    }
    std::string content = util::read_file(spec).value_or("");
    std::string digest = gpg::sha256_hex(content);
    evidence.item.name = std::filesystem::path(spec).filename().string();
    evidence.item.sha256 = digest;
    evidence.item.size = content.size();
    evidence.item.file = "evidence/" + digest.substr(0, 12) + "-" + safe_name(evidence.item.name);
    evidence.content = std::move(content);
    prepared.push_back(std::move(evidence));
  }
  return prepared;
}

std::string commit_message(const core::Record& record, const core::Runbook& runbook) {
  std::string what;
  switch (record.event) {
  case core::EventKind::start:
    what = "started";
    break;
  case core::EventKind::step: {
    const core::Step* step = runbook.find_step(*record.step);
    what = core::describe_event(record) + (step != nullptr ? " — " + step->title : "");
    break;
  }
  case core::EventKind::approve:
    what = "step " + *record.step + (record.item ? " for " + *record.item : "") + " approved";
    break;
  case core::EventKind::note:
    what = "note";
    break;
  case core::EventKind::finish:
    what = "finished, " + std::string(core::to_string(*record.outcome));
    break;
  case core::EventKind::ack:
    what = "read and acknowledged v" + std::to_string(record.version);
    break;
  }
  std::string where = record.event == core::EventKind::ack ? "training" : record.run;
  std::string message = runbook.title + " (" + where + "): " + what + " by " + record.by + "\n\n";
  if (record.note) {
    message += *record.note + "\n\n";
  }
  message += "Runbook: " + record.runbook + "\nRunbook-Version: " + std::to_string(record.version) + "\n";
  if (record.event != core::EventKind::ack) {
    message += "Run: " + record.run + "\n";
  }
  if (record.step) {
    message += "Step: " + *record.step + "\n";
  }
  if (record.outcome) {
    message += "Outcome: " + std::string(core::to_string(*record.outcome)) + "\n";
  }
  if (record.item) {
    message += "Item: " + *record.item + "\n"; // Conditions and repeats (issue 17)
  }
  return message;
}

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

bool is_url(std::string_view spec) {
  std::size_t separator = spec.find("://");
  if (separator == std::string_view::npos || separator == 0) {
    return false;
  }
  std::string_view scheme = spec.substr(0, separator);
  std::string_view rest = spec.substr(separator + 3);
  return scheme.front() >= 'a' && scheme.front() <= 'z' &&
         scheme.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789+.-") == std::string_view::npos &&
         !rest.empty() && rest.find_first_of(" \t\n\v\f\r") == std::string_view::npos;
}

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

yaml::SchemaPrewarm prewarm_recording_schemas() {
  return yaml::SchemaPrewarm{"record.schema.json"};
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

namespace {

// The rules an event of a run meets on `tip` (core::event_problem, then the training
// rule); fills in what the run pins. Returns the run's runbook; throws RuleError.
core::Runbook run_rules(Workspace& workspace,
                        const std::optional<std::string>& tip,
                        const core::Person& person,
                        const std::optional<PinnedRunbook>& pinned,
                        core::Record& record) {
  if (record.event == core::EventKind::start) {
    // Runs of a runbook started in the same minute differ only in the id's last four
    // hex digits: should those collide too, this run takes others.
    while (load_run(workspace, tip, record.run)) {
      record.run = record.run.substr(0, record.run.size() - 4) + util::random_hex(4);
    }
  }
  core::Runbook runbook;
  core::RunState state;
  if (auto view = load_run(workspace, tip, record.run)) {
    state = view->state;
    runbook = view->runbook;
    record.runbook = view->state.start->runbook;
    record.version = view->state.start->version;
    record.runbook_blob = view->state.start->runbook_blob;
    record.source_commit = view->state.start->source_commit;
  } else if (pinned) {
    runbook = pinned->runbook;
  }
  if (!pinned && !state.start) {
    throw util::RuleError("there is no run " + record.run + " in this repository. `git runbook status` lists the "
                          "open runs. Nothing was recorded.");
  }
  if (auto problem = core::event_problem(state, runbook, person, record)) {
    throw util::RuleError(*problem + ". Nothing was recorded.");
  }
  if (core::needs_acknowledgement(runbook, record.event)) {
    auto acked = trust::acknowledged_by(workspace.repo(), tip, record.runbook, record.version);
    if (auto untrained = core::training_problem(runbook, record, acked)) {
      throw util::RuleError(*untrained + ". Nothing was recorded.");
    }
  }
  return runbook;
}

// The rules an acknowledgement meets on `tip`: its own hard rules, and not twice by
// one person (the author can see the first). Returns the version; throws RuleError.
core::Runbook acknowledgement_rules(Workspace& workspace,
                                    const std::optional<std::string>& tip,
                                    const core::Person& person,
                                    const PinnedRunbook& pinned,
                                    const core::Record& record) {
  if (auto problem = core::hard_problem(core::RunState{}, pinned.runbook, person, record)) {
    throw util::RuleError(*problem + ". Nothing was recorded.");
  }
  if (tip && trust::acknowledged_by(workspace.repo(), tip, record.runbook, record.version).count(person.id) > 0) {
    for (const auto& [path, earlier] : trust::acknowledgements_at(workspace.repo(), *tip, record.runbook)) {
      if (earlier.by == person.id && earlier.version == record.version) {
        throw util::RuleError(core::ack_again_refusal(earlier) + ". Nothing was recorded.");
      }
    }
  }
  return pinned.runbook;
}

} // namespace

core::Record record_event(Workspace& workspace,
                          core::Record draft,
                          const std::vector<std::string>& evidence,
                          const std::optional<std::string>& key,
                          const std::optional<PinnedRunbook>& pinned) {
  const core::Signer& signer = workspace.signer(key);
  const core::Person* person = workspace.policy().find_by_fingerprint(signer.fingerprint());
  if (person == nullptr) {
    throw util::RuleError("your key " + signer.fingerprint() + " belongs to nobody in the policy; ask an admin to add "
                          "you with `git runbook keys add`. Nothing was recorded.");
  }
  draft.by = person->id;
  std::vector<PreparedEvidence> prepared = prepare_evidence(evidence);
  for (const PreparedEvidence& item : prepared) {
    draft.evidence.push_back(item.item);
  }
  util::SystemClock clock;
  core::Record written;
  git::append_commit(workspace.repo(), log_ref(workspace), [&](const std::optional<std::string>& tip) {
    util::UtcTime now = clock.now();
    core::Record record = draft;
    record.at = now.rfc3339;
    core::Runbook runbook = record.event == core::EventKind::ack
                                ? acknowledgement_rules(workspace, tip, *person, *pinned, record)
                                : run_rules(workspace, tip, *person, pinned, record);
    // Unique without coordination, but two writers of one run in the same second can
    // still draw the same four hex digits: never take a path the tip already has.
    std::string path = core::record_path(record, now.compact_second, util::random_hex(4));
    while (tip && workspace.repo().entry_at(*tip, path)) {
      path = core::record_path(record, now.compact_second, util::random_hex(4));
    }
    std::string text = yaml::dump_record(record);
    // The full check, once, for the record being written: later readers of the run
    // trust it (read_checked_record), and the server hook would refuse it anyway.
    if (auto checked = yaml::load_record(text, path); !checked) {
      throw util::RuleError("this record cannot be written:\n" + core::format_all(checked.error()) +
                            "Nothing was recorded.");
    }
    std::vector<git::FileWrite> files{{path, std::move(text)}};
    for (const PreparedEvidence& item : prepared) {
      if (item.content) {
        files.push_back({*core::run_folder(record.run) + "/" + *item.item.file, *item.content});
      }
    }
    written = record;
    return git::Addition{files, commit_message(record, runbook)};
  }, signer);
  return written;
}

} // namespace cli
