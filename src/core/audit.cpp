#include "core/audit.hpp"

#include "core/utc_time.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace core {

namespace {

std::optional<long long> epoch_seconds(const std::string& at) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (at.size() < 20 || std::sscanf(at.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour, &minute,
                                    &second) != 6) {
    return std::nullopt;
  }
  std::tm time{};
  time.tm_year = year - 1900;
  time.tm_mon = month - 1;
  time.tm_mday = day;
  time.tm_hour = hour;
  time.tm_min = minute;
  time.tm_sec = second;
  return static_cast<long long>(timegm(&time));
}

std::vector<std::pair<std::string, std::size_t>> most_often_first(const std::map<std::string, std::size_t>& counts) {
  std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return sorted;
}

} // namespace

std::optional<long long> seconds_between(const std::string& from, const std::string& to) {
  auto start = epoch_seconds(from);
  auto end = epoch_seconds(to);
  if (!start || !end) {
    return std::nullopt;
  }
  return *end - *start;
}

std::string describe_duration(long long seconds) {
  if (seconds < 60) {
    return std::to_string(seconds) + " s";
  }
  long long minutes = seconds / 60;
  if (minutes < 60) {
    return std::to_string(minutes) + " min";
  }
  long long hours = minutes / 60;
  if (hours < 24) {
    return std::to_string(hours) + " h " + std::to_string(minutes % 60) + " min";
  }
  return std::to_string(hours / 24) + " d " + std::to_string(hours % 24) + " h";
}

void settle(RunAudit& run) {
  run.all_verified = !run.events.empty();
  for (const AuditEvent& event : run.events) {
    run.all_verified = run.all_verified && event.verified;
    if (event.record.event == EventKind::start) {
      run.started_at = event.record.at;
      run.inputs = event.record.inputs;
    } else if (event.record.event == EventKind::finish && !run.outcome) {
      run.finished_at = event.record.at;
      run.outcome = event.record.outcome;
    }
  }
  if (!run.started_at.empty() && !run.finished_at.empty()) {
    run.duration_seconds = seconds_between(run.started_at, run.finished_at);
  }
}

std::vector<RunbookAudit> summarize(const std::vector<RunAudit>& runs) {
  std::map<std::string, RunbookAudit> by_id;
  std::map<std::string, std::vector<long long>> durations;
  std::map<std::string, std::map<std::string, std::size_t>> skipped;
  std::map<std::string, std::map<std::string, std::size_t>> failed;
  for (const RunAudit& run : runs) {
    RunbookAudit& summary = by_id[run.runbook];
    summary.runbook = run.runbook;
    summary.title = run.runbook_title;
    ++summary.runs;
    if (run.outcome) {
      ++summary.finished;
      summary.completed += *run.outcome == Outcome::completed ? 1 : 0;
    }
    if (run.duration_seconds) {
      durations[run.runbook].push_back(*run.duration_seconds);
    }
    for (const AuditEvent& event : run.events) {
      if (event.record.event == EventKind::step && event.record.step && event.record.outcome) {
        if (*event.record.outcome == Outcome::skipped) {
          ++skipped[run.runbook][*event.record.step];
        } else if (*event.record.outcome == Outcome::failed) {
          ++failed[run.runbook][*event.record.step];
        }
      }
    }
  }
  std::vector<RunbookAudit> summaries;
  for (auto& [id, summary] : by_id) {
    summary.completion_rate =
        summary.finished == 0 ? 0 : static_cast<double>(summary.completed) / static_cast<double>(summary.finished);
    std::vector<long long>& list = durations[id];
    if (!list.empty()) {
      std::sort(list.begin(), list.end());
      std::size_t middle = list.size() / 2;
      summary.median_duration_seconds = list.size() % 2 == 1 ? list[middle] : (list[middle - 1] + list[middle]) / 2;
    }
    summary.skipped_steps = most_often_first(skipped[id]);
    summary.failed_steps = most_often_first(failed[id]);
    summaries.push_back(summary);
  }
  return summaries;
}

} // namespace core

// An audit report people read (issue 18)
namespace core {

std::string_view to_string(ApprovalStatus status) {
  switch (status) {
  case ApprovalStatus::met:
    return "met";
  case ApprovalStatus::missing:
    return "not met";
  case ApprovalStatus::not_needed:
    return "not needed";
  }
  return "";
}

std::vector<StepApproval> step_approvals(const Runbook& runbook, const RunState& state, const std::vector<Record>& records) {
  std::vector<StepApproval> found;
  for (const Step& step : runbook.steps) {
    if (!step.approval) {
      continue;
    }
    // The items recorded (one, nullopt, for a step without `for_each`), in the order
    // first recorded; and per item the approvals after its latest `done`.
    std::vector<std::optional<std::string>> items;
    std::map<std::optional<std::string>, std::vector<GivenApproval>> given;
    for (const Record& record : records) {
      if (record.step != step.id || (record.event != EventKind::step && record.event != EventKind::approve)) {
        continue;
      }
      if (std::find(items.begin(), items.end(), record.item) == items.end()) {
        items.push_back(record.item);
      }
      std::vector<GivenApproval>& list = given[record.item];
      if (record.event == EventKind::step && record.outcome == Outcome::done) {
        list.clear();
      } else if (record.event == EventKind::approve &&
                 std::none_of(list.begin(), list.end(), [&](const GivenApproval& a) { return a.by == record.by; })) {
        list.push_back(GivenApproval{record.by, record.at});
      }
    }
    for (const std::optional<std::string>& item : items) {
      const StepState* held = step_state(state, step.id, item);
      StepApproval approval;
      approval.step = step.id;
      approval.item = item;
      approval.role = *step.approval;
      approval.needed = std::max(step.approvals_needed, 1);
      approval.wording = approval_wording(step);
      approval.outcome = held ? held->outcome : std::nullopt;
      approval.given = given[item];
      approval.status = approval.outcome != Outcome::done       ? ApprovalStatus::not_needed
                        : approvals_missing(step, held) == 0 ? ApprovalStatus::met
                                                             : ApprovalStatus::missing;
      found.push_back(std::move(approval));
    }
  }
  return found;
}

std::vector<RunTraining> run_training(const RunAudit& run, const VersionTraining& version) {
  std::vector<RunTraining> people;
  for (const AuditEvent& event : run.events) {
    const Record& record = event.record;
    if (record.event != EventKind::start && record.event != EventKind::step) {
      continue;
    }
    if (std::any_of(people.begin(), people.end(), [&](const RunTraining& p) { return p.person == record.by; })) {
      continue;
    }
    RunTraining person{record.by, record.at, "", false};
    for (const Acknowledgement& ack : version.acknowledged) {
      if (ack.by == record.by) {
        person.acknowledged_at = ack.at;
        auto ack_ms = utc_millis(ack.at);
        auto action_ms = utc_millis(record.at);
        person.acknowledged_before = ack_ms && action_ms && *ack_ms <= *action_ms;
        break;
      }
    }
    people.push_back(std::move(person));
  }
  return people;
}

} // namespace core
