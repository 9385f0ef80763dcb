#include "core/input_pattern.hpp"

#include "support/runbook_parts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace input_pattern_test {

using core::pattern_problem;
using testing::AllOf;
using testing::HasSubstr;

core::Input input(const std::string& pattern) { return test_support::make_input("code", "Code?", pattern, true); }

std::string problem(const std::string& pattern, const std::string& answer) {
  auto found = pattern_problem(input(pattern), answer);
  EXPECT_TRUE(found) << pattern << " took " << answer.substr(0, 80);
  return found.value_or("");
}

TEST(InputPattern, TheWholeAnswerMustMatch) {
  EXPECT_FALSE(pattern_problem(input("[0-9]{4}-Q[1-4]"), "2026-Q3"));
  EXPECT_FALSE(pattern_problem(test_support::make_input("code", "Code?", std::nullopt, true), "anything"));
  EXPECT_EQ(problem("[0-9]{4}-Q[1-4]", "in 2026-Q3"), "\"in 2026-Q3\" does not have the form \"code\" needs ([0-9]{4}-Q[1-4])");
  EXPECT_THAT(problem("[0-9]{4}-Q[1-4]", "2026-Q3 "), HasSubstr("does not have the form"));
}

TEST(InputPattern, ARefusedPatternSaysWhyAndWhere) {
  auto compiled = core::compile_input_pattern("(abc");
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(core::pattern_fault(compiled.error()),
            "is not a valid regular expression (missing closing parenthesis after character 4)");
  EXPECT_THAT(problem("(abc", "abc"),
              AllOf(HasSubstr("pattern for \"code\" is not a valid regular expression"), HasSubstr("owner")));
  EXPECT_THAT(problem("^(a+)\\1$", "aa"), HasSubstr("back-reference"));
}

// A pattern a backtracking matcher takes 2^40 steps over is answered, not given up on.
TEST(InputPattern, NestedRepetitionsGetAnAnswer) {
  EXPECT_THAT(problem("^([a-z0-9]+-?)*[a-z0-9]$", "my-very-long-host-name-with-a-typo-in-it_"),
              HasSubstr("does not have the form"));
  EXPECT_FALSE(pattern_problem(input("^([a-z0-9]+-?)*[a-z0-9]$"), "my-very-long-host-name-without-a-typo-in-it"));
}

TEST(InputPattern, AnAnswerTheLimitsStopIsNotJudged) {
  std::string answer = std::string(1500, 'a') + std::string(1500, 'b');
  EXPECT_THAT(problem("^(a(?1)?b)$", answer),
              AllOf(HasSubstr("the answer for \"code\""), HasSubstr("(^(a(?1)?b)$)"), HasSubstr("more work than allowed"),
                    HasSubstr("ask the runbook's owner for a simpler pattern")));
}

TEST(InputPattern, AnAnswerThatIsNotUtf8IsNamedAsSuch) {
  EXPECT_THAT(problem("^.+$", "caf\xe9"), HasSubstr("the answer for \"code\" is not valid UTF-8 text"));
}

TEST(InputPattern, WhatIsNotCheckedIsSaid) {
  EXPECT_THAT(problem("a\\Kb", "ab"), AllOf(HasSubstr("uses something answers are not checked against"),
                                           HasSubstr("ask the runbook's owner to fix it")));
}

} // namespace input_pattern_test
