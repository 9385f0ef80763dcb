#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "core/record_rules.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <regex>

namespace cli {

namespace {

struct LogOptions {
  std::optional<std::string> runbook;
  std::optional<std::string> run;
  std::optional<std::string> since; // YYYY-MM-DD
  Format format = Format::text;
};

// Each run replayed in the order of the log, as `status`, `verify` and `audit` replay
// it, so that a record that met a conflict is marked where it stands.
class RunFlags {
public:
  explicit RunFlags(Workspace& workspace) : m_workspace(workspace) {}

  // The flag of `record`, the next record of its run, if it has one.
  std::optional<std::string> add(const core::Record& record) {
    if (record.event == core::EventKind::ack) {
      return std::nullopt; // belongs to no run
    }
    auto [run, fresh] = m_runs.try_emplace(record.run);
    if (fresh) {
      run->second.runbook = pinned_version(m_workspace, record.runbook_blob);
    }
    if (!run->second.runbook) {
      return std::nullopt;
    }
    std::size_t before = run->second.state.flags.size();
    std::size_t index = run->second.state.events;
    core::apply(run->second.state, *run->second.runbook, record);
    if (run->second.state.flags.size() > before) {
      return run->second.state.flags.back().message;
    }
    if (auto ahead = core::clock_flag(record, index, m_now)) {
      return ahead->message;
    }
    return std::nullopt;
  }

private:
  struct Run {
    std::optional<core::Runbook> runbook;
    core::RunState state;
  };
  Workspace& m_workspace;
  std::map<std::string, Run> m_runs;
  std::int64_t m_now = util::now_millis();
};

void run_log(const LogOptions& options) {
  static const std::regex date("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  if (options.since && !std::regex_match(*options.since, date)) {
    throw util::UsageError("--since takes a date as YYYY-MM-DD, e.g. --since 2026-11-01.");
  }
  Workspace workspace = Workspace::open();
  auto tip = workspace.repo().resolve_ref(log_ref(workspace));
  nlohmann::json events = nlohmann::json::array();
  if (tip) {
    std::vector<std::string> commits = workspace.repo().commits_between(*tip, {});
    RunFlags flags(workspace);
    for (const std::string& commit : commits) {
      auto record = added_record(workspace, commit);
      if (!record || (options.runbook && record->runbook != *options.runbook) ||
          (options.run && record->run != *options.run)) {
        continue;
      }
      std::optional<std::string> look = flags.add(*record);
      if (options.since && record->at < *options.since) {
        continue;
      }
      nlohmann::json event{{"commit", commit},   {"at", record->at},         {"by", record->by},
                           {"run", record->run}, {"runbook", record->runbook}, {"version", record->version},
                           {"event", core::to_string(record->event)}};
      if (record->event == core::EventKind::ack) {
        event["run"] = nullptr; // an acknowledgement belongs to no run
      }
      if (record->step) {
        event["step"] = *record->step;
      }
      if (record->outcome) {
        event["outcome"] = core::to_string(*record->outcome);
      }
      if (record->note) {
        event["note"] = *record->note;
      }
      event["evidence"] = record->evidence.size();
      event["text"] = core::describe_event(*record);
      if (look) {
        event["needs_a_look"] = *look;
      }
      events.push_back(event);
    }
  }
  if (options.format == Format::json) {
    std::cout << nlohmann::json{{"events", events}}.dump(2) << "\n";
    return;
  }
  if (events.empty()) {
    say("nothing recorded yet" + std::string(options.runbook || options.run || options.since ? " that matches" : "") + ".");
    return;
  }
  for (const auto& event : events) {
    std::string at = event["at"].get<std::string>();
    std::cout << at.substr(0, 10) << " " << at.substr(11, 5) << "  " << event["by"].get<std::string>() << "  "
              << (event["run"].is_null() ? "training" : event["run"].get<std::string>()) << "  "
              << event["text"].get<std::string>();
    if (event.contains("note")) {
      std::cout << ": " << event["note"].get<std::string>();
    }
    if (event["evidence"].get<int>() > 0) {
      std::cout << " [" << event["evidence"].get<int>() << " evidence]";
    }
    std::cout << "\n";
    if (event.contains("needs_a_look")) {
      std::cout << "    ! needs a look: " << event["needs_a_look"].get<std::string>() << "\n";
    }
  }
}

} // namespace

void register_log(CLI::App& app) {
  auto options = std::make_shared<LogOptions>();
  CLI::App* command = app.add_subcommand("log", "The history of runs, oldest first: who did what, when.");
  command->add_option("runbook", options->runbook, "Only this runbook's runs");
  command->add_option("--run", options->run, "Only this run");
  command->add_option("--since", options->since, "Only events on or after this date (YYYY-MM-DD)");
  add_format_option(*command, options->format);
  command->footer("Examples:\n  git runbook log\n  git runbook log payroll-change --since 2026-11-01");
  command->callback([options] { run_log(*options); });
}

} // namespace cli
