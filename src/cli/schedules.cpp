// `status --due`: what is late, and which scheduled runbooks wait for this period's run.
#include "cli/schedules.hpp"

#include "cli/run_log.hpp"
#include "cli/runbook_files.hpp"
#include "core/placeholders.hpp"
#include "core/schedule.hpp"
#include "core/utc_time.hpp"
#include "core/audit.hpp"
#include "util/error.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cli {

std::vector<core::Runbook> scheduled_runbooks(Workspace& workspace) {
  std::vector<core::Runbook> scheduled;
  std::vector<core::TreeFile> files = committed_files(workspace);
  for (const std::string& id : runbook_ids(files)) {
    core::Runbook runbook = read_committed_version(workspace, id, latest_version(files, id));
    if (runbook.schedule) {
      scheduled.push_back(std::move(runbook));
    }
  }
  return scheduled;
}

void print_due(Workspace& workspace, Format format, std::int64_t now_ms) {
  auto tip = workspace.repo().resolve_ref(log_ref(workspace));
  nlohmann::json overdue = nlohmann::json::array();
  std::map<std::string, std::vector<std::int64_t>> starts; // by runbook id
  for (const std::string& run : all_runs(workspace)) {
    auto view = load_run(workspace, tip, run);
    if (!view || !view->state.start) {
      continue;
    }
    const core::Record& start = *view->state.start;
    if (auto at = core::utc_millis(start.at)) {
      starts[start.runbook].push_back(*at);
    }
    core::Runbook filled = core::with_answers(view->runbook, start.inputs);
    for (const core::LateStep& late : core::overdue_steps(view->state, filled, now_ms)) {
      overdue.push_back({{"run", start.run},
                         {"runbook", start.runbook},
                         {"step", late.step},
                         {"title", late.title},
                         {"started_by", start.by},
                         {"started_at", start.at},
                         {"due_at", core::describe_utc(late.due_ms)},
                         {"late_seconds", late.late_ms() / 1000},
                         {"late", core::describe_duration(late.late_ms() / 1000)}});
    }
  }
  nlohmann::json waiting = nlohmann::json::array();
  for (const core::Runbook& runbook : scheduled_runbooks(workspace)) {
    core::Period period = core::period_of(*runbook.schedule, now_ms);
    if (!core::started_in(period, starts[runbook.id])) {
      waiting.push_back({{"runbook", runbook.id},
                         {"title", runbook.title},
                         {"schedule", core::to_string(*runbook.schedule)},
                         {"period", period.name},
                         {"periods", core::describe_periods(*runbook.schedule)},
                         {"period_starts", core::describe_utc(period.begin_ms)},
                         {"period_ends", core::describe_utc(period.end_ms)}});
    }
  }
  if (format == Format::json) {
    std::cout << nlohmann::json{{"now", core::describe_utc(now_ms)},
                                {"overdue_steps", overdue},
                                {"scheduled_without_run", waiting}}
                     .dump(2)
              << "\n";
    return;
  }
  if (overdue.empty() && waiting.empty()) {
    std::cout << "Nothing is overdue, and every scheduled runbook has a run in its current period ("
              << core::describe_utc(now_ms) << ").\n";
    return;
  }
  if (!overdue.empty()) {
    std::cout << "Overdue steps of open runs (due times count from each run's start):\n";
    for (const auto& item : overdue) {
      std::cout << "  " << item["run"].get<std::string>() << "  step " << item["step"].get<std::string>() << " \""
                << item["title"].get<std::string>() << "\": due " << item["due_at"].get<std::string>() << ", "
                << item["late"].get<std::string>() << " late; started by " << item["started_by"].get<std::string>()
                << " at " << item["started_at"].get<std::string>() << "\n";
    }
  }
  if (!waiting.empty()) {
    std::cout << (overdue.empty() ? "" : "\n") << "Scheduled runbooks with no run started in the current period:\n";
    for (const auto& item : waiting) {
      std::cout << "  " << item["runbook"].get<std::string>() << "  " << item["title"].get<std::string>() << " ("
                << item["schedule"].get<std::string>() << "): no run in " << item["period"].get<std::string>()
                << ", which ends " << item["period_ends"].get<std::string>() << " ("
                << item["periods"].get<std::string>() << "). Start one with `git runbook run "
                << item["runbook"].get<std::string>() << "`.\n";
    }
  }
}

} // namespace cli
