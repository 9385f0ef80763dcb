#include "core/run_summary.hpp"

#include "support/runbook_parts.hpp"
#include "core/utc_time.hpp"

#include <gtest/gtest.h>

namespace run_summary_test {

using core::first_answers;
using core::started_line;
using core::time_ago;

const std::int64_t k_now = *core::utc_millis("2026-11-29T12:00:00.000Z");

TEST(TimeAgo, InShortWords) {
  EXPECT_EQ(time_ago("2026-11-29T11:59:30.000Z", k_now), "just now");
  EXPECT_EQ(time_ago("2026-11-29T11:55:00.000Z", k_now), "5 min ago");
  EXPECT_EQ(time_ago("2026-11-29T10:00:00.000Z", k_now), "2h ago");
  EXPECT_EQ(time_ago("2026-11-28T00:00:00.000Z", k_now), "36h ago");
  EXPECT_EQ(time_ago("2026-11-20T12:00:00.000Z", k_now), "9 days ago");
}

TEST(TimeAgo, LongAgoOrAheadGivesTheDay) {
  EXPECT_EQ(time_ago("2026-08-01T12:00:00.000Z", k_now), "on 2026-08-01");
  EXPECT_EQ(time_ago("2026-11-30T12:00:00.000Z", k_now), "on 2026-11-30");
  EXPECT_EQ(time_ago("2026-11-29T12:00:30.000Z", k_now), "just now"); // a clock a little ahead
}

TEST(TimeAgo, NotATimeIsShownAsIs) { EXPECT_EQ(time_ago("yesterday", k_now), "yesterday"); }

core::Runbook asking(std::initializer_list<const char*> names) {
  core::Runbook runbook;
  for (const char* name : names) {
    runbook.inputs.push_back(test_support::make_input(name, "?", std::nullopt, false));
  }
  return runbook;
}

TEST(FirstAnswers, InTheRunbooksOrder) {
  core::Runbook runbook = asking({"severity", "service"});
  EXPECT_EQ(first_answers(runbook, {{"service", "payroll"}, {"severity", "SEV1"}}), "severity=SEV1, service=payroll");
}

TEST(FirstAnswers, EmptyAnswersLeftOutAndUnaskedOnesLast) {
  core::Runbook runbook = asking({"severity", "ticket"});
  EXPECT_EQ(first_answers(runbook, {{"ticket", " "}, {"severity", "SEV2"}, {"old", "x"}}), "severity=SEV2, old=x");
  EXPECT_EQ(first_answers(runbook, {}), "");
}

TEST(FirstAnswers, LongAnswersAreCutAndTheRestCounted) {
  core::Runbook runbook = asking({"summary", "a", "b", "c", "d"});
  std::string line = first_answers(runbook,
                                   {{"summary", "The payroll export failed for the whole of the night shift"},
                                    {"a", "alpha-alpha-alpha"},
                                    {"b", "bravo-bravo-bravo"},
                                    {"c", "charlie-charlie"},
                                    {"d", "d"}},
                                   60);
  EXPECT_EQ(line, "summary=The payroll export fail…, a=alpha-alpha-alpha, +3 more");
}

TEST(FirstAnswers, TheFirstAnswerIsAlwaysShownAndOnOneLine) {
  core::Runbook runbook = asking({"note"});
  EXPECT_EQ(first_answers(runbook, {{"note", "first line\nsecond line"}}, 5), "note=first line…");
}

TEST(FirstAnswers, ACutNeverSplitsACharacter) {
  core::Runbook runbook = asking({"name"});
  std::string line = first_answers(runbook, {{"name", std::string(22, 'x') + "éé"}});
  EXPECT_EQ(line, "name=" + std::string(22, 'x') + "…");
}

TEST(StartedLine, WhoWhenAndAnswers) {
  EXPECT_EQ(started_line("alice", "2026-11-29T10:00:00.000Z", k_now, "severity=SEV1"),
            "started by alice 2h ago · severity=SEV1");
  EXPECT_EQ(started_line("bob", "2026-11-29T11:59:59.000Z", k_now, ""), "started by bob just now");
}

} // namespace run_summary_test
