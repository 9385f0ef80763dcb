#include "core/schedule.hpp"

#include "core/utc_time.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace schedule_test {

using core::Schedule;
using testing::HasSubstr;

std::int64_t at(const char* text) {
  auto millis = core::utc_millis(text);
  EXPECT_TRUE(millis) << text;
  return millis.value_or(0);
}

constexpr std::int64_t k_minute = 60 * 1000;
constexpr std::int64_t k_hour = 60 * k_minute;
constexpr std::int64_t k_day = 24 * k_hour;

TEST(Schedule, DueTimesAreMinutesHoursOrDays) {
  EXPECT_EQ(core::parse_due("30m"), 30 * k_minute);
  EXPECT_EQ(core::parse_due("4h"), 4 * k_hour);
  EXPECT_EQ(core::parse_due("2d"), 2 * k_day);
  EXPECT_EQ(core::parse_due("9999d"), 9999 * k_day);
  for (const char* bad : {"", "m", "0m", "05h", "1.5h", "2 d", "2D", "10000m", "3w", "-1h", "h4", "1h30m"}) {
    EXPECT_FALSE(core::parse_due(bad)) << bad;
    EXPECT_THAT(core::due_problem(bad).value_or(""), HasSubstr("like 30m, 4h or 2d")) << bad;
  }
  EXPECT_FALSE(core::due_problem("24h"));
}

TEST(Schedule, NamesRoundTrip) {
  for (Schedule s : {Schedule::weekly, Schedule::monthly, Schedule::quarterly, Schedule::yearly}) {
    EXPECT_EQ(core::parse_schedule(core::to_string(s)), s);
  }
  EXPECT_FALSE(core::parse_schedule("daily"));
}

TEST(Schedule, QuartersStartInJanuaryAprilJulyAndOctober) {
  core::Period q4 = core::period_of(Schedule::quarterly, at("2026-12-31T23:59:59.999Z"));
  EXPECT_EQ(q4.name, "2026-Q4");
  EXPECT_EQ(q4.begin_ms, at("2026-10-01T00:00:00Z"));
  EXPECT_EQ(q4.end_ms, at("2027-01-01T00:00:00Z"));
  EXPECT_EQ(core::period_of(Schedule::quarterly, at("2027-01-01T00:00:00Z")).name, "2027-Q1");
  EXPECT_EQ(core::period_of(Schedule::quarterly, at("2026-03-31T23:59:59Z")).name, "2026-Q1");
  EXPECT_EQ(core::period_of(Schedule::quarterly, at("2026-04-01T00:00:00Z")).name, "2026-Q2");
  EXPECT_EQ(core::period_of(Schedule::quarterly, at("2026-07-15T12:00:00Z")).end_ms, at("2026-10-01T00:00:00Z"));
}

TEST(Schedule, MonthsAndYears) {
  core::Period february = core::period_of(Schedule::monthly, at("2028-02-29T10:00:00Z"));
  EXPECT_EQ(february.name, "2028-02");
  EXPECT_EQ(february.end_ms, at("2028-03-01T00:00:00Z"));
  core::Period december = core::period_of(Schedule::monthly, at("2026-12-05T00:00:00Z"));
  EXPECT_EQ(december.end_ms, at("2027-01-01T00:00:00Z"));
  core::Period year = core::period_of(Schedule::yearly, at("2026-06-01T00:00:00Z"));
  EXPECT_EQ(year.name, "2026");
  EXPECT_EQ(year.begin_ms, at("2026-01-01T00:00:00Z"));
  EXPECT_EQ(year.end_ms, at("2027-01-01T00:00:00Z"));
}

// ISO 8601 weeks start on Monday and belong to the year of their Thursday, so weeks
// cross the year boundary both ways.
TEST(Schedule, IsoWeeksAcrossYearBoundaries) {
  core::Period week = core::period_of(Schedule::weekly, at("2027-01-01T08:00:00Z")); // a Friday
  EXPECT_EQ(week.name, "2026-W53");
  EXPECT_EQ(week.begin_ms, at("2026-12-28T00:00:00Z"));
  EXPECT_EQ(week.end_ms, at("2027-01-04T00:00:00Z"));
  EXPECT_EQ(core::period_of(Schedule::weekly, at("2027-01-04T00:00:00Z")).name, "2027-W01");
  EXPECT_EQ(core::period_of(Schedule::weekly, at("2024-12-30T00:00:00Z")).name, "2025-W01"); // a Monday
  EXPECT_EQ(core::period_of(Schedule::weekly, at("2024-12-29T23:59:59Z")).name, "2024-W52"); // a Sunday
  EXPECT_EQ(core::period_of(Schedule::weekly, at("1970-01-01T00:00:00Z")).name, "1970-W01");
  EXPECT_EQ(core::period_of(Schedule::weekly, at("1969-12-29T00:00:00Z") ).begin_ms, -3 * k_day);
}

TEST(Schedule, MissedPeriodsAreWholePeriodsWithNoStart) {
  std::vector<std::int64_t> starts{at("2026-02-10T09:00:00Z"), at("2026-08-01T09:00:00Z")};
  auto missed = core::missed_periods(Schedule::quarterly, starts[0], starts, at("2027-01-15T00:00:00Z"));
  ASSERT_EQ(missed.size(), 2U);
  EXPECT_EQ(missed[0].name, "2026-Q2");
  EXPECT_EQ(missed[1].name, "2026-Q4");
  // The current quarter is not missed yet, however late in it.
  EXPECT_TRUE(core::missed_periods(Schedule::quarterly, starts[0], starts, at("2026-06-30T23:00:00Z")).empty());
  EXPECT_TRUE(core::started_in(core::period_of(Schedule::quarterly, starts[1]), starts));
  EXPECT_FALSE(core::started_in(core::period_of(Schedule::quarterly, at("2026-05-01T00:00:00Z")), starts));
}

core::Runbook runbook_with_dues() {
  core::Runbook runbook;
  runbook.id = "review";
  for (auto [id, due] : {std::pair<const char*, const char*>{"1", "30m"}, {"2", "2d"}, {"3", ""}}) {
    core::Step step;
    step.id = id;
    step.title = std::string("Step ") + id;
    if (*due != '\0') {
      step.due = due;
    }
    runbook.steps.push_back(step);
  }
  return runbook;
}

core::Record record(core::EventKind kind, const char* step, std::optional<core::Outcome> outcome, const char* when) {
  core::Record r;
  r.run = "review-20260101T0900Z-abcd";
  r.runbook = "review";
  r.event = kind;
  if (step != nullptr) {
    r.step = step;
  }
  r.outcome = outcome;
  r.by = "bob";
  r.at = when;
  return r;
}

TEST(Schedule, OpenStepsPastTheirDueTimeAreOverdue) {
  core::Runbook runbook = runbook_with_dues();
  std::vector<core::Record> records{record(core::EventKind::start, nullptr, std::nullopt, "2026-01-01T09:00:00.000Z")};
  core::RunState state = core::replay(records, runbook);
  EXPECT_TRUE(core::overdue_steps(state, runbook, at("2026-01-01T09:30:00Z")).empty()); // due, not past
  auto overdue = core::overdue_steps(state, runbook, at("2026-01-03T10:00:00Z"));
  ASSERT_EQ(overdue.size(), 2U);
  EXPECT_EQ(overdue[0].step, "1");
  EXPECT_EQ(overdue[1].step, "2");
  EXPECT_EQ(overdue[1].late_ms(), k_hour);
  EXPECT_EQ(core::describe_late(overdue[1]), "step 2 \"Step 2\" was due 2026-01-03 09:00 UTC and is 1 h 0 min late");
  records.push_back(record(core::EventKind::step, "1", core::Outcome::done, "2026-01-01T10:00:00.000Z"));
  records.push_back(record(core::EventKind::finish, nullptr, core::Outcome::aborted, "2026-01-01T10:01:00.000Z"));
  EXPECT_TRUE(core::overdue_steps(core::replay(records, runbook), runbook, at("2026-02-01T00:00:00Z")).empty());
}

TEST(Schedule, StepsDoneAfterTheirDueTimeAreLate) {
  core::Runbook runbook = runbook_with_dues();
  std::vector<core::Record> records{
      record(core::EventKind::start, nullptr, std::nullopt, "2026-01-01T09:00:00.000Z"),
      record(core::EventKind::step, "1", core::Outcome::done, "2026-01-01T09:29:59.000Z"),   // in time
      record(core::EventKind::step, "2", core::Outcome::failed, "2026-01-04T09:00:00.000Z"), // not done
      record(core::EventKind::step, "2", core::Outcome::done, "2026-01-05T09:00:00.000Z"),   // two days late
      record(core::EventKind::step, "2", core::Outcome::done, "2026-01-09T09:00:00.000Z"),   // only the first counts
      record(core::EventKind::step, "3", core::Outcome::done, "2027-01-01T09:00:00.000Z"),   // no due time
  };
  auto late = core::late_steps(records, runbook);
  ASSERT_EQ(late.size(), 1U);
  EXPECT_EQ(late[0].step, "2");
  EXPECT_EQ(late[0].late_ms(), 2 * k_day);
  EXPECT_EQ(core::describe_late(late[0]),
            "step 2 \"Step 2\" was due 2026-01-03 09:00 UTC and was done by bob 2 d 0 h late");
}

TEST(Schedule, TimesAreDescribedInUtc) {
  EXPECT_EQ(core::describe_utc(0), "1970-01-01 00:00 UTC");
  EXPECT_EQ(core::describe_utc(at("2026-11-29T21:50:12.345Z")), "2026-11-29 21:50 UTC");
  EXPECT_EQ(core::describe_utc(-1), "1969-12-31 23:59 UTC");
  for (std::int64_t days : {-800000, -1, 0, 59, 10957, 20000, 2932896}) {
    core::CivilDate date = core::civil_from_days(days);
    EXPECT_EQ(core::days_from_civil(date.year, date.month, date.day), days);
  }
}

} // namespace schedule_test
