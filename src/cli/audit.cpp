// `audit`: what was done, by whom, when, against which exact version — for auditors.
#include "cli/audit_render.hpp"
#include "cli/audit_report.hpp"
#include "cli/evidence_package.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "cli/schedules.hpp"
#include "core/checkpoint.hpp"
#include "core/placeholders.hpp"
#include "core/schedule.hpp"
#include "core/utc_time.hpp"
#include "cli/training_report.hpp"
#include "core/record_rules.hpp"
#include "core/run_state.hpp"
#include "core/runbook_paths.hpp"
#include "trust/history_verifier.hpp"
#include "trust/protected_copies.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <iostream>
#include <map>
#include <regex>
#include <set>

namespace cli {

namespace {

struct AuditOptions {
  std::optional<std::string> since; // YYYY-MM-DD, on the run's start
  std::optional<std::string> until;
  std::optional<std::string> runbook;
  std::string format = "md";
  std::optional<std::string> output;
  // issue 18: evidence package
  std::optional<std::string> package;
};

// The commits `verify` finds a problem with, and how the verification went.
struct Verification {
  std::string trust_root;
  std::size_t problems = 0;
  std::set<std::string> bad_commits;
  std::vector<std::string> protected_tips; // where versions count as published
  std::map<std::string, std::string> signers; // log commit -> signing key's fingerprint
  // Witnessed time (issue 18): when the server received each log commit
  bool witnessed = false;
  std::map<std::string, core::ReceivedWindow> received;
};

Verification verification_of(const trust::VerifyReport& report) {
  Verification result;
  result.trust_root = report.trust_root;
  result.problems = report.problems.size();
  result.protected_tips = report.protected_tips;
  result.signers = report.log_signers;
  result.witnessed = report.trusted_checkpoints > 0;
  result.received = report.received;
  for (const trust::Problem& problem : report.problems) {
    result.bad_commits.insert(problem.commit);
  }
  return result;
}

Verification verify_all(const git::Repository& repo, const std::optional<std::string>& trust_root) {
  Verification result;
  try {
    result = verification_of(trust::verify_history(repo, trust::VerifyOptions{trust_root, false}));
  } catch (const util::EnvironmentError& reason) {
    warn(std::string("history could not be verified: ") + reason.what());
  }
  return result;
}

// The event that recorded a late step done, flagged too.
void flag_late_event(core::RunAudit& run, const core::LateStep& late) {
  if (late.by.empty()) {
    return; // still open: no event to mark
  }
  core::AuditEvent* latest = nullptr;
  for (core::AuditEvent& event : run.events) {
    const core::Record& record = event.record;
    if (record.event == core::EventKind::step && record.step == late.step && record.by == late.by &&
        core::utc_millis(record.at) == late.at_ms) {
      latest = &event;
    }
  }
  if (latest != nullptr) {
    latest->flags.push_back(core::describe_late(late));
  }
}

// The run's flags: its records replayed in the order of the log, as `status` and
// `verify` replay them.
void flag_run(Workspace& workspace, core::RunAudit& run, std::int64_t now) {
  auto runbook = pinned_version(workspace, run.runbook_blob);
  if (!runbook) {
    return;
  }
  core::RunState state;
  for (std::size_t at = 0; at < run.events.size(); ++at) {
    core::apply(state, *runbook, run.events[at].record);
    if (auto ahead = core::clock_flag(run.events[at].record, at, now)) {
      run.needs_a_look.push_back(ahead->message);
      run.events[at].flags.push_back(ahead->message);
    }
  }
  for (const core::Flag& flag : state.flags) {
    run.needs_a_look.push_back(flag.message);
    if (flag.record < run.events.size()) {
      run.events[flag.record].flags.push_back(flag.message);
    }
  }
  core::Runbook filled = core::with_answers(*runbook, run.inputs);
  for (const core::Step& step : filled.steps) {
    run.step_titles[step.id] = step.title;
  }
  std::vector<core::Record> records;
  for (const core::AuditEvent& event : run.events) {
    records.push_back(event.record);
  }
  for (const core::LateStep& late : core::late_steps(records, filled)) {
    run.needs_a_look.push_back(core::describe_late(late));
    flag_late_event(run, late);
  }
  run.approvals = core::step_approvals(filled, state, records);
}

// Witnessed time (issue 18): each event's received-by window beside its claimed time,
// and a flag when the claim falls outside it.
void add_windows(const Verification& verification, core::RunAudit& run) {
  run.witnessed = verification.witnessed;
  if (!run.witnessed) {
    return;
  }
  for (core::AuditEvent& event : run.events) {
    auto window = verification.received.find(event.commit);
    if (window == verification.received.end()) {
      continue; // not on this clone's log branch: not yet witnessed
    }
    event.received_after = window->second.after;
    event.received_by = window->second.by;
    if (auto outside = core::claim_outside_window(event.record.at, window->second)) {
      event.time_flag = *outside;
      std::string flag = core::describe_event(event.record) + " by " + event.record.by + " " + *outside;
      event.flags.push_back(flag);
      run.needs_a_look.push_back(std::move(flag));
    }
  }
}

// The periods of each scheduled runbook, from the one of its first run up to the one
// before now, in which no run started; within --since/--until when given.
std::vector<std::string> missed_periods(Workspace& workspace, const std::vector<core::RunAudit>& runs,
                                        const AuditParameters& options, std::int64_t now) {
  std::map<std::string, std::vector<std::int64_t>> starts;
  for (const core::RunAudit& run : runs) {
    if (auto at = core::utc_millis(run.started_at)) {
      starts[run.runbook].push_back(*at);
    }
  }
  std::vector<std::string> found;
  std::vector<core::Runbook> scheduled;
  try {
    scheduled = scheduled_runbooks(workspace);
  } catch (const util::Error& reason) {
    warn(std::string("the schedules could not be read: ") + reason.what());
  }
  for (const core::Runbook& runbook : scheduled) {
    if (options.runbook && runbook.id != *options.runbook) {
      continue;
    }
    const std::vector<std::int64_t>& times = starts[runbook.id];
    std::string schedule(core::to_string(*runbook.schedule));
    if (times.empty()) {
      found.push_back(runbook.id + " (" + schedule + ") has never been run");
      continue;
    }
    std::int64_t first = *std::min_element(times.begin(), times.end());
    for (const core::Period& period : core::missed_periods(*runbook.schedule, first, times, now)) {
      std::string from = core::describe_utc(period.begin_ms).substr(0, 10);
      std::string to = core::describe_utc(period.end_ms - 1).substr(0, 10);
      if ((options.since && to < *options.since) || (options.until && from > *options.until)) {
        continue;
      }
      std::string missed = runbook.id + " (" + schedule + "): no run started in " + period.name;
      missed.append(" (").append(from).append(" to ").append(to).append("; ");
      missed.append(core::describe_periods(*runbook.schedule)).append(")");
      found.push_back(std::move(missed));
    }
  }
  return found;
}

std::vector<core::RunAudit> collect_runs(Workspace& workspace, const Verification& verification,
                                         const AuditParameters& options, std::vector<std::string>& missed) {
  auto tip = workspace.repo().resolve_ref(log_ref(workspace));
  std::vector<core::RunAudit> runs;
  if (!tip) {
    missed = missed_periods(workspace, runs, options, options.generated_ms);
    return runs;
  }
  std::map<std::string, std::size_t> index;
  std::map<std::string, std::string> titles; // by version blob
  trust::PublishingCommits publishing(workspace.repo(), verification.protected_tips);
  for (const std::string& commit : workspace.repo().commits_between(*tip, {})) {
    auto record = added_record(workspace, commit);
    if (!record || record->event == core::EventKind::ack) {
      continue; // acknowledgements belong to no run: the training section shows them
    }
    auto [at, fresh] = index.emplace(record->run, runs.size());
    if (fresh) {
      core::RunAudit run;
      run.run = record->run;
      run.runbook = record->runbook;
      run.version = record->version;
      run.runbook_blob = record->runbook_blob;
      run.source_commit = record->source_commit;
      run.published_in =
          publishing.find(core::version_path(record->runbook, record->version), record->runbook_blob).value_or("");
      auto title = titles.find(record->runbook_blob);
      if (title == titles.end()) {
        auto runbook = pinned_version(workspace, record->runbook_blob);
        title = titles.emplace(record->runbook_blob, runbook ? runbook->title : record->runbook).first;
      }
      run.runbook_title = title->second;
      runs.push_back(std::move(run));
    }
    bool verified = !verification.trust_root.empty() && verification.bad_commits.count(commit) == 0;
    auto signer = verification.signers.find(commit);
    runs[at->second].events.push_back(core::AuditEvent{
        std::move(*record), commit, verified, signer == verification.signers.end() ? "" : signer->second, {}});
  }
  std::vector<core::RunAudit> chosen;
  std::int64_t now = options.generated_ms;
  for (core::RunAudit& run : runs) {
    core::settle(run);
    flag_run(workspace, run, now);
    add_windows(verification, run);
  }
  missed = missed_periods(workspace, runs, options, now);
  for (core::RunAudit& run : runs) {
    std::string day = run.started_at.substr(0, 10);
    if ((options.runbook && run.runbook != *options.runbook) || (options.since && day < *options.since) ||
        (options.until && day > *options.until)) {
      continue;
    }
    chosen.push_back(std::move(run));
  }
  return chosen;
}

// Each run's training (when its version requires it) and the names of the policy's
// people, for a report people read.
void add_training_and_names(Workspace& workspace, AuditReport& report) {
  for (core::RunAudit& run : report.runs) {
    for (const core::VersionTraining& version : report.training) {
      if (version.runbook == run.runbook && version.version == run.version) {
        run.training_required = true;
        run.training = core::run_training(run, version);
      }
    }
  }
  try {
    for (const core::Person& person : workspace.policy().people) {
      report.names[person.id] = person.name;
    }
  } catch (const util::Error& reason) {
    warn(std::string("people's names are left out: ") + reason.what());
  }
}

} // namespace

void check_date(const std::optional<std::string>& date, const char* option) {
  static const std::regex form("[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
  if (date && !std::regex_match(*date, form)) {
    throw util::UsageError(std::string(option) + " takes a date as YYYY-MM-DD, e.g. " + option + " 2026-11-01.");
  }
}

AuditReport build_audit_report(Workspace& workspace, const AuditParameters& options, const trust::VerifyReport* verified) {
  Verification verification = verified ? verification_of(*verified) : verify_all(workspace.repo(), options.trust_root);
  AuditReport report;
  report.repository = options.repository;
  report.generated_at = core::describe_utc(options.generated_ms);
  report.trust_root = verification.trust_root;
  report.problems = verification.problems;
  std::vector<std::string> filters;
  if (options.runbook) {
    filters.push_back("runbook " + *options.runbook);
  }
  if (options.since) {
    filters.push_back("runs started on or after " + *options.since);
  }
  if (options.until) {
    filters.push_back("runs started on or before " + *options.until);
  }
  report.filters = util::join(filters, ", ");
  report.runs = collect_runs(workspace, verification, options, report.missed_periods);
  report.runbooks = core::summarize(report.runs);
  report.training = collect_training(workspace, options.runbook);
  add_training_and_names(workspace, report);
  return report;
}

std::string render_report(const AuditReport& report, std::string_view format) {
  return format == "html"   ? render_html(report)
         : format == "csv"  ? render_csv(report)
         : format == "json" ? render_json(report)
                            : render_markdown(report);
}

namespace {

std::string repository_name(const git::Repository& repo) {
  std::string top = repo.workdir().value_or(repo.git_dir()).string();
  while (top.size() > 1 && top.back() == '/') {
    top.pop_back();
  }
  return std::filesystem::path(top).filename().string();
}

void run_audit(const AuditOptions& options) {
  check_date(options.since, "--since");
  check_date(options.until, "--until");
  Workspace workspace = Workspace::open();
  AuditParameters parameters{options.since, options.until, options.runbook, std::nullopt, util::now_millis(),
                             repository_name(workspace.repo())};
  if (options.package) {
    write_evidence_package(workspace, parameters, *options.package);
    return;
  }
  AuditReport report = build_audit_report(workspace, parameters);
  std::string text = render_report(report, options.format);
  if (options.output) {
    util::write_file_atomic(*options.output, text);
    say("wrote the audit report (" + std::to_string(report.runs.size()) + (report.runs.size() == 1 ? " run, " : " runs, ") + options.format + ") to " +
        std::filesystem::absolute(*options.output).string());
  } else {
    std::cout << text;
  }
  if (report.problems > 0) {
    warn("`git runbook verify` finds " + std::to_string(report.problems) +
         " problem(s); the report marks the events it cannot prove.");
  }
}

} // namespace

void register_audit(CLI::App& app) {
  auto options = std::make_shared<AuditOptions>();
  CLI::App* command = app.add_subcommand(
      "audit", "A report for auditors: every run, its exact version, who did what and when, and what verified.");
  command->add_option("--since", options->since, "Only runs started on or after this date (YYYY-MM-DD)");
  command->add_option("--until", options->until, "Only runs started on or before this date (YYYY-MM-DD)");
  command->add_option("--runbook", options->runbook, "Only this runbook's runs");
  command->add_option("--format", options->format, "md (default), csv (one row per event), json, or html (one printable page)")
      ->check(CLI::IsMember({"md", "csv", "json", "html"}));
  command->add_option("-o,--output", options->output, "Write the report to this file instead of the screen");
  // issue 18: evidence package
  command->add_option("--package", options->package,
                      "Write an evidence package (one .tar file: the report as HTML, JSON and CSV, the history as a "
                      "Git bundle, the key files, checksums, VERIFY.md) for an auditor to re-check")
      ->excludes("--format")
      ->excludes("--output");
  command->footer("Examples:\n  git runbook audit\n  git runbook audit --format html -o audit.html\n"
                  "  git runbook audit --runbook payroll-change --since 2026-01-01 --until 2026-06-30 --format csv\n"
                  "  git runbook audit --since 2026-01-01 --until 2026-06-30 --package evidence-2026-h1.tar");
  command->callback([options] { run_audit(*options); });
}

} // namespace cli
