#include "core/schedule.hpp"

#include "core/audit.hpp"
#include "core/step_conditions.hpp"
#include "core/utc_time.hpp"

#include <algorithm>
#include <cstdio>

namespace core {

namespace {

constexpr std::int64_t k_day_ms = std::int64_t{86400} * 1000;
constexpr std::int64_t k_longest_due = 9999;

std::int64_t floor_div(std::int64_t value, std::int64_t by) {
  return value >= 0 ? value / by : (value - by + 1) / by;
}

std::string padded(int value, int width) {
  char text[16];
  std::snprintf(text, sizeof text, "%0*d", width, value);
  return text;
}

std::int64_t month_start_ms(int year, int month) { return days_from_civil(year, month, 1) * k_day_ms; }

} // namespace

std::optional<Schedule> parse_schedule(std::string_view text) {
  if (text == "weekly") {
    return Schedule::weekly;
  }
  if (text == "monthly") {
    return Schedule::monthly;
  }
  if (text == "quarterly") {
    return Schedule::quarterly;
  }
  if (text == "yearly") {
    return Schedule::yearly;
  }
  return std::nullopt;
}

std::string_view to_string(Schedule schedule) {
  switch (schedule) {
  case Schedule::weekly:
    return "weekly";
  case Schedule::monthly:
    return "monthly";
  case Schedule::quarterly:
    return "quarterly";
  case Schedule::yearly:
    return "yearly";
  }
  return "yearly";
}

std::optional<std::int64_t> parse_due(std::string_view text) {
  if (text.size() < 2 || text.size() > 5 || text.front() < '1' || text.front() > '9') {
    return std::nullopt;
  }
  std::int64_t count = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    count = count * 10 + (c - '0');
  }
  if (count > k_longest_due) {
    return std::nullopt;
  }
  switch (text.back()) {
  case 'm':
    return count * 60 * 1000;
  case 'h':
    return count * 3600 * 1000;
  case 'd':
    return count * k_day_ms;
  default:
    return std::nullopt;
  }
}

std::optional<std::string> due_problem(std::string_view text) {
  if (parse_due(text)) {
    return std::nullopt;
  }
  return "is not a time after the run's start like 30m, 4h or 2d (a number from 1 to " +
         std::to_string(k_longest_due) + ", then m for minutes, h for hours or d for days)";
}

Period period_of(Schedule schedule, std::int64_t at_ms) {
  std::int64_t days = floor_div(at_ms, k_day_ms);
  CivilDate date = civil_from_days(days);
  switch (schedule) {
  case Schedule::weekly: {
    // 1970-01-01 was a Thursday; ISO weeks start on Monday, and a week belongs to the
    // year that holds its Thursday.
    std::int64_t monday = days - (((days + 3) % 7) + 7) % 7;
    CivilDate thursday = civil_from_days(monday + 3);
    std::int64_t week = (monday + 3 - days_from_civil(thursday.year, 1, 1)) / 7 + 1;
    return Period{std::to_string(thursday.year) + "-W" + padded(static_cast<int>(week), 2), monday * k_day_ms,
                  (monday + 7) * k_day_ms};
  }
  case Schedule::monthly: {
    int next_year = date.month == 12 ? date.year + 1 : date.year;
    int next_month = date.month == 12 ? 1 : date.month + 1;
    return Period{std::to_string(date.year) + "-" + padded(date.month, 2), month_start_ms(date.year, date.month),
                  month_start_ms(next_year, next_month)};
  }
  case Schedule::quarterly: {
    int quarter = (date.month - 1) / 3; // 0-3
    int first = quarter * 3 + 1;
    return Period{std::to_string(date.year) + "-Q" + std::to_string(quarter + 1), month_start_ms(date.year, first),
                  quarter == 3 ? month_start_ms(date.year + 1, 1) : month_start_ms(date.year, first + 3)};
  }
  case Schedule::yearly:
    break;
  }
  return Period{std::to_string(date.year), month_start_ms(date.year, 1), month_start_ms(date.year + 1, 1)};
}

std::string describe_periods(Schedule schedule) {
  switch (schedule) {
  case Schedule::weekly:
    return "ISO weeks, Monday to Sunday, UTC";
  case Schedule::monthly:
    return "calendar months, UTC";
  case Schedule::quarterly:
    return "calendar quarters starting January, April, July and October, UTC";
  case Schedule::yearly:
    break;
  }
  return "calendar years, UTC";
}

bool started_in(const Period& period, const std::vector<std::int64_t>& starts) {
  for (std::int64_t start : starts) {
    if (start >= period.begin_ms && start < period.end_ms) {
      return true;
    }
  }
  return false;
}

std::vector<Period> missed_periods(Schedule schedule, std::int64_t first_ms, const std::vector<std::int64_t>& starts,
                                   std::int64_t now_ms) {
  std::vector<Period> missed;
  Period current = period_of(schedule, now_ms);
  for (Period period = period_of(schedule, first_ms); period.end_ms <= current.begin_ms;
       period = period_of(schedule, period.end_ms)) {
    if (!started_in(period, starts)) {
      missed.push_back(period);
    }
  }
  return missed;
}

std::optional<std::int64_t> due_at(const Step& step, std::int64_t start_ms) {
  if (!step.due) {
    return std::nullopt;
  }
  auto after = parse_due(*step.due);
  if (!after) {
    return std::nullopt;
  }
  return start_ms + *after;
}

std::vector<LateStep> overdue_steps(const RunState& state, const Runbook& runbook, std::int64_t now_ms) {
  std::vector<LateStep> overdue;
  if (!state.start || state.finished()) {
    return overdue;
  }
  auto start = utc_millis(state.start->at);
  if (!start) {
    return overdue;
  }
  for (const Step* step : open_steps(state, runbook)) {
    auto due = due_at(*step, *start);
    if (due && now_ms > *due) {
      overdue.push_back(LateStep{step->id, step->title, *due, now_ms, ""});
    }
  }
  return overdue;
}

std::vector<LateStep> late_steps(const std::vector<Record>& records, const Runbook& runbook) {
  std::vector<LateStep> late;
  std::optional<std::int64_t> start;
  std::vector<std::string> seen;
  for (const Record& record : records) {
    if (record.event == EventKind::start && !start) {
      start = utc_millis(record.at);
    }
    if (!start || record.event != EventKind::step || !record.step || record.outcome != Outcome::done) {
      continue;
    }
    std::string key = step_key(*record.step, record.item); // a step repeated per item: each item
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      continue; // only the first `done` counts
    }
    seen.push_back(key);
    const Step* step = runbook.find_step(*record.step);
    auto at = utc_millis(record.at);
    auto due = step != nullptr ? due_at(*step, *start) : std::nullopt;
    if (due && at && *at > *due) {
      std::string title = step->title + (record.item ? " — for " + *record.item : "");
      late.push_back(LateStep{step->id, title, *due, *at, record.by});
    }
  }
  return late;
}

std::string describe_late(const LateStep& late) {
  std::string text = "step " + late.step + " \"" + late.title + "\" was due " + describe_utc(late.due_ms);
  std::string how_late = describe_duration(late.late_ms() / 1000) + " late";
  if (late.by.empty()) {
    return text + " and is " + how_late;
  }
  return text + " and was done by " + late.by + " " + how_late;
}

} // namespace core
