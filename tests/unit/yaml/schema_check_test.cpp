#include "yaml/schema_check.hpp"

#include "util/error.hpp"
#include "yaml/strict_yaml.hpp"

#include <gtest/gtest.h>

#include <gmock/gmock.h>
#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

namespace schema_check_test {

using testing::AllOf;
using testing::AnyOf;
using testing::HasSubstr;
using testing::Not;

const std::string k_file = ".runbook/policy.yaml";

// A valid policy; each line's number is given for the tests below.
const std::string k_valid = "version: 1\n"                                                // 1
                            "protected_branches: [main]\n"                                // 2
                            "people:\n"                                                   // 3
                            "  alice:\n"                                                  // 4
                            "    name: Alice Martin\n"                                    // 5
                            "    email: alice@example.com\n"                              // 6
                            "    key: .runbook/keys/alice.asc\n"                          // 7
                            "    fingerprint: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n" // 8
                            "    roles: [admin, author]\n"                                // 9
                            "runbooks:\n"                                                 // 10
                            "  payroll:\n"                                                // 11
                            "    authors: [alice]\n";                                     // 12

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "more than one " << from;
  if (at != std::string::npos) {
    text.replace(at, from.size(), to);
  }
  return text;
}

core::Diagnostics check(const std::string& text) {
  auto document = yaml::parse_strict(text, k_file);
  EXPECT_TRUE(document.ok()) << (document.ok() ? "" : core::format_all(document.error()));
  if (!document.ok()) {
    return {};
  }
  return yaml::check_schema(*document, "policy.schema.json", k_file);
}

// Words of valijson's that a person at the keyboard should never see.
void expect_plain(const std::string& message) {
  for (std::string_view raw : {"Failed to",
                               "constraint",
                               "<root>",
                               "should have no fewer",
                               "should contain no fewer",
                               "should be no fewer",
                               "property name",
                               "additional properties",
                               "schema",
                               "enum values"}) {
    EXPECT_THAT(message, Not(HasSubstr(std::string(raw)))) << message;
  }
}

// Exactly one diagnostic, at this place, in plain words.
core::Diagnostic one_problem(const std::string& text, int line, int column) {
  core::Diagnostics problems = check(text);
  EXPECT_EQ(problems.size(), 1U) << core::format_all(problems);
  if (problems.empty()) {
    return {};
  }
  const core::Diagnostic& d = problems.front();
  EXPECT_EQ(d.file, k_file);
  EXPECT_EQ(d.line, line) << d.format();
  EXPECT_EQ(d.column, column) << d.format();
  expect_plain(d.message);
  return d;
}

TEST(CheckSchema, AValidPolicyHasNoProblems) {
  EXPECT_TRUE(check(k_valid).empty()) << core::format_all(check(k_valid));
}

TEST(CheckSchema, ExtensionFieldsAreAllowed) {
  std::string text = replaced(k_valid, "version: 1\n", "version: 1\nx-note: anything\n");
  text = replaced(
      text, "    roles: [admin, author]\n", "    roles: [admin, author]\n    x-team: ops\n");
  EXPECT_TRUE(check(text).empty()) << core::format_all(check(text));
}

TEST(CheckSchema, UnknownSchemaIsAnEnvironmentError) {
  auto document = yaml::parse_strict("a: 1\n", k_file);
  ASSERT_TRUE(document.ok());
  EXPECT_THROW(yaml::check_schema(*document, "no-such.schema.json", k_file),
               util::EnvironmentError);
}

TEST(CheckSchema, MissingFieldOfTheFile) {
  auto d = one_problem(replaced(k_valid, "version: 1\n", ""), 1, 1);
  EXPECT_THAT(d.message, AllOf(HasSubstr("\"version\""), HasSubstr("add it")));
}

TEST(CheckSchema, MissingFieldOfAPerson) {
  auto d = one_problem(replaced(k_valid, "    email: alice@example.com\n", ""), 5, 5);
  EXPECT_THAT(d.message, AllOf(HasSubstr("\"alice\""), HasSubstr("\"email\"")));
}

TEST(CheckSchema, WrongKindOfValue) {
  auto d = one_problem(replaced(k_valid, "roles: [admin, author]", "roles: admin"), 9, 12);
  EXPECT_THAT(d.message, HasSubstr("\"roles\""));
}

TEST(CheckSchema, WrongKindOfFile) {
  core::Diagnostics problems = check("- a\n");
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_THAT(problems.front().message, HasSubstr("the file"));
  expect_plain(problems.front().message);
}

TEST(CheckSchema, PatternMismatchAtTheValue) {
  auto d = one_problem(replaced(k_valid, "alice@example.com", "alice"), 6, 12);
  EXPECT_THAT(d.message, HasSubstr("\"email\""));
}

TEST(CheckSchema, OnlyTheInnermostErrorIsReported) {
  // valijson reports four errors here, one per level from the fingerprint up to the file.
  auto d =
      one_problem(replaced(k_valid, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAA"), 8, 18);
  EXPECT_THAT(d.message, HasSubstr("\"fingerprint\""));
}

TEST(CheckSchema, EveryIndependentErrorIsReported) {
  std::string text = replaced(k_valid, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAA");
  text = replaced(text, "alice@example.com", "alice");
  core::Diagnostics problems = check(text);
  ASSERT_EQ(problems.size(), 2U) << core::format_all(problems);
  for (const core::Diagnostic& d : problems) {
    expect_plain(d.message);
  }
}

TEST(CheckSchema, RepeatedValues) {
  auto d = one_problem(replaced(k_valid, "[admin, author]", "[admin, admin]"), 9, 12);
  EXPECT_THAT(d.message, AllOf(HasSubstr("\"roles\""), HasSubstr("twice")));
}

TEST(CheckSchema, UnknownStatus) {
  auto d = one_problem(replaced(k_valid,
                                "    roles: [admin, author]\n",
                                "    roles: [admin, author]\n    status: gone\n"),
                       10,
                       13);
  EXPECT_THAT(d.message, HasSubstr("\"status\""));
}

TEST(CheckSchema, UnknownRoleNamesTheRolesNotAnIndex) {
  auto d = one_problem(replaced(k_valid, "[admin, author]", "[admin, Boss]"), 9, 20);
  EXPECT_THAT(d.message, HasSubstr("role"));
  EXPECT_THAT(d.message, Not(HasSubstr("\"1\"")));
}

TEST(CheckSchema, UnknownFieldIsReportedWhereItIs) {
  std::string text = replaced(
      k_valid, "    email: alice@example.com\n", "    email: alice@example.com\n    phone: 123\n");
  core::Diagnostics problems = check(text);
  ASSERT_EQ(problems.size(), 1U) << core::format_all(problems);
  EXPECT_THAT(problems.front().message, AllOf(HasSubstr("unknown field"), HasSubstr("\"phone\"")));
  expect_plain(problems.front().message);
  EXPECT_EQ(problems.front().line, 7) << problems.front().format();
}

TEST(CheckSchema, ConstantMismatchIsPlain) {
  auto d = one_problem(replaced(k_valid, "version: 1", "version: 2"), 1, 10);
  EXPECT_THAT(d.message, HasSubstr("\"version\""));
}

TEST(CheckSchema, TooFewEntriesArePlain) {
  auto d = one_problem(replaced(k_valid, "authors: [alice]", "authors: []"), 12, 14);
  EXPECT_THAT(d.message, HasSubstr("\"authors\""));
}

TEST(CheckSchema, TooShortTextIsPlain) {
  auto d = one_problem(replaced(k_valid, "name: Alice Martin", "name: \"\""), 5, 11);
  EXPECT_THAT(d.message, HasSubstr("\"name\""));
}

TEST(CheckSchema, EmptyMappingIsPlain) {
  std::string text = "version: 1\nprotected_branches: [main]\npeople: {}\n";
  auto d = one_problem(text, 3, 9);
  EXPECT_THAT(d.message, HasSubstr("\"people\""));
}

// propertyNames failures come from valijson with no inner error at all: only "Failed to
// validate against schema associated with property name 'people'" at the file's root.
TEST(CheckSchema, BadPersonIdIsPlainAndPointsAtPeople) {
  core::Diagnostics problems = check(replaced(k_valid, "  alice:\n", "  Alice:\n"));
  ASSERT_EQ(problems.size(), 1U) << core::format_all(problems);
  const core::Diagnostic& d = problems.front();
  expect_plain(d.message);
  EXPECT_THAT(d.message, AnyOf(HasSubstr("Alice"), HasSubstr("people")));
  EXPECT_THAT(d.line, AnyOf(3, 4, 5)) << d.format();
}

TEST(CheckSchema, BadRunbookIdIsPlainAndPointsAtRunbooks) {
  core::Diagnostics problems = check(replaced(k_valid, "  payroll:\n", "  Pay_Roll:\n"));
  ASSERT_EQ(problems.size(), 1U) << core::format_all(problems);
  const core::Diagnostic& d = problems.front();
  expect_plain(d.message);
  EXPECT_THAT(d.message, AnyOf(HasSubstr("Pay_Roll"), HasSubstr("runbooks")));
  EXPECT_THAT(d.line, AnyOf(10, 11, 12)) << d.format();
}

// Found with the fuzz build (tests/fuzz): std::regex's default matcher recursed once per
// character that a pattern's repetition took in, so a value of some 30 000 characters
// overflowed the stack (a crash of `validate` and of the server hook).
TEST(CheckSchema, ALongValueUnderAPatternIsJudgedWithoutACrash) {
  std::string long_name(300000, 'a');
  EXPECT_TRUE(check(replaced(k_valid, "alice@example.com", long_name + "@example.com")).empty());
  auto d = one_problem(replaced(k_valid, "alice@example.com", long_name), 6, 12);
  EXPECT_THAT(d.message, AllOf(HasSubstr("\"email\""), HasSubstr("expected form")));
}

// The same, in the reading of valijson's message about an unknown field, whose name
// can be as long as the file.
TEST(CheckSchema, ALongUnknownFieldIsNamedWithoutACrash) {
  std::string key(300000, 'k');
  core::Diagnostics problems = check(k_valid + "? " + key + "\n: 1\n");
  ASSERT_EQ(problems.size(), 1U) << core::format_all(problems);
  EXPECT_THAT(problems.front().message, AllOf(HasSubstr("unknown field"), HasSubstr("\"" + key + "\"")));
  EXPECT_EQ(problems.front().line, 13) << problems.front().format();
}

} // namespace schema_check_test

namespace schema_check_test {

// valijson names only the first unknown field of an object; every one is reported, in
// the order of the file, each at its name, with a guess when one name is close.
TEST(CheckSchema, EveryUnknownFieldOfAnObjectIsNamedInFileOrder) {
  std::string text = replaced(k_valid, "    email: alice@example.com\n",
                              "    emial: a\n    email: alice@example.com\n    phone: 123\n    zz-top: 1\n");
  core::Diagnostics all = check(text + "colour: blue\n");
  ASSERT_EQ(all.size(), 4U) << core::format_all(all);
  EXPECT_THAT(core::format_all(all), HasSubstr(":16:1: unknown field \"colour\" in the file"));
  core::Diagnostics problems;
  std::copy_if(all.begin(), all.end(), std::back_inserter(problems),
               [](const core::Diagnostic& d) { return d.message.find("in \"alice\"") != std::string::npos; });
  ASSERT_EQ(problems.size(), 3U) << core::format_all(all);
  EXPECT_EQ(problems[0].line, 6);
  EXPECT_THAT(problems[0].message, HasSubstr("unknown field \"emial\" in \"alice\" — did you mean \"email\"?"));
  EXPECT_EQ(problems[1].line, 8);
  EXPECT_THAT(problems[1].message, HasSubstr("unknown field \"phone\""));
  EXPECT_THAT(problems[1].message, Not(HasSubstr("did you mean")));
  EXPECT_EQ(problems[2].line, 9);
  EXPECT_THAT(problems[2].message, HasSubstr("unknown field \"zz-top\""));
  for (const core::Diagnostic& problem : all) {
    expect_plain(problem.message);
  }
  for (const core::Diagnostic& problem : problems) {
    EXPECT_EQ(problem.column, 5) << problem.format();
  }
}

TEST(CheckSchema, AFloodOfUnknownFieldsIsCutShortAndSaysSo) {
  std::string extra;
  for (int i = 0; i < 150; ++i) {
    extra += "    field" + std::to_string(i) + ": 1\n";
  }
  core::Diagnostics problems =
      check(replaced(k_valid, "    email: alice@example.com\n", "    email: alice@example.com\n" + extra));
  ASSERT_EQ(problems.size(), 101U);
  EXPECT_THAT(problems.back().message, HasSubstr("more"));
  EXPECT_THAT(problems.back().message, HasSubstr("fix the ones above first"));
}

} // namespace schema_check_test
