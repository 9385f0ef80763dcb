#include "core/input_pattern.hpp"
#include "support/runbook_parts.hpp"
#include "core/placeholders.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace placeholders_test {

using testing::HasSubstr;

std::vector<core::Input> inputs() {
  return {test_support::make_input("quarter", "Which quarter?", std::nullopt, true),
          test_support::make_input("auditor", "Who audits?", std::nullopt, false)};
}

TEST(Placeholders, AnswersFillTheirNames) {
  std::map<std::string, std::string> answers{{"quarter", "2026-Q1"}, {"auditor", "Ann"}};
  EXPECT_EQ(core::fill_placeholders("Review <quarter> for <auditor>; again <quarter>.", inputs(), answers),
            "Review 2026-Q1 for Ann; again 2026-Q1.");
  EXPECT_EQ(core::fill_placeholders("no placeholders", inputs(), answers), "no placeholders");
  EXPECT_EQ(core::fill_placeholders("<quarter>", inputs(), answers), "2026-Q1");
}

TEST(Placeholders, AnUnansweredOptionalInputSaysSo) {
  EXPECT_EQ(core::fill_placeholders("Send it to <auditor>.", inputs(), {{"quarter", "2026-Q1"}}),
            "Send it to (auditor not given).");
}

TEST(Placeholders, WhatNamesNoInputIsLeftAsWritten) {
  std::map<std::string, std::string> answers{{"quarter", "Q1"}};
  EXPECT_EQ(core::fill_placeholders("<b>bold</b> <Quarter> < quarter> <quarter <team> <quarter>", inputs(), answers),
            "<b>bold</b> <Quarter> < quarter> <quarter <team> Q1");
  EXPECT_EQ(core::fill_placeholders("a < b > c <", inputs(), answers), "a < b > c <");
  // An answer that looks like a placeholder is not filled again.
  EXPECT_EQ(core::fill_placeholders("<quarter>", inputs(), {{"quarter", "<auditor>"}}), "<auditor>");
}

TEST(Placeholders, PlaceholdersAreFoundWithTheirOffsets) {
  auto found = core::placeholders_in("x <a1_b> <9> <> <ok>");
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found[0].name, "a1_b");
  EXPECT_EQ(found[0].offset, 2U);
  EXPECT_EQ(found[1].name, "ok");
  EXPECT_TRUE(core::placeholders_in("<" + std::string(42, 'a') + ">").empty());
}

TEST(Placeholders, AStepsTextIsFilledButNotItsRules) {
  core::Runbook runbook;
  runbook.inputs = inputs();
  core::Step step;
  step.id = "1";
  step.title = "Review <quarter>";
  step.instructions = "Ask <auditor>.";
  step.subject = "Access review <quarter>";
  step.template_name = "review-<quarter>";
  step.role = "operator";
  runbook.steps.push_back(step);
  core::Runbook filled = core::with_answers(runbook, {{"quarter", "2026-Q2"}});
  EXPECT_EQ(filled.steps[0].title, "Review 2026-Q2");
  EXPECT_EQ(filled.steps[0].instructions, "Ask (auditor not given).");
  EXPECT_EQ(*filled.steps[0].subject, "Access review 2026-Q2");
  EXPECT_EQ(*filled.steps[0].template_name, "review-2026-Q2");
  EXPECT_EQ(*filled.steps[0].role, "operator");
  EXPECT_EQ(filled.steps[0].id, "1");
}

TEST(Placeholders, UnknownNamesAreFoundAtTheirField) {
  core::Runbook runbook;
  runbook.inputs = inputs();
  core::Step step;
  step.id = "4";
  step.title = "Review <quarter>";
  step.instructions = "Ask <owner>.";
  step.subject = "<quartr>";
  runbook.steps.push_back(step);
  auto problems = core::unknown_placeholders(runbook);
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0].pointer, "/steps/0/do");
  EXPECT_THAT(problems[0].message, HasSubstr("step \"4\" mentions <owner>, but the runbook has no input \"owner\""));
  EXPECT_EQ(problems[1].pointer, "/steps/0/subject");
}

TEST(Placeholders, AHintReplacesThePatternInTheMessage) {
  core::Input date{"example_date", "Date?", std::string("[0-9]{4}-[0-9]{2}-[0-9]{2}"), {}, true, std::string("a date like 2026-01-31")};
  EXPECT_EQ(core::pattern_problem(date, "31/01/2026").value_or(""),
            "\"31/01/2026\" does not fit: example_date must be a date like 2026-01-31");
  EXPECT_FALSE(core::pattern_problem(date, "2026-01-31"));
}

} // namespace placeholders_test
