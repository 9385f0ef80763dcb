#include "cli/record_event.hpp"

#include "core/record_rules.hpp"
#include "core/runbook_paths.hpp"
#include "core/training.hpp"
#include "git/log_append.hpp"
#include "gpg/digest.hpp"
#include "trust/training_log.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "yaml/record_yaml.hpp"

#include <filesystem>

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

yaml::SchemaPrewarm prewarm_recording_schemas() {
  return yaml::SchemaPrewarm{"record.schema.json"};
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
