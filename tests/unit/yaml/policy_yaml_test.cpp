#include "yaml/policy_yaml.hpp"

#include "core/policy.hpp"
#include "core/role.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <exception>
#include <gmock/gmock.h>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace policy_yaml_test {

using core::Person;
using core::PersonStatus;
using core::Policy;
using core::Role;
using testing::AllOf;
using testing::AnyOf;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::Not;
using yaml::dump_policy;
using yaml::load_policy;

const std::string k_file = ".runbook/policy.yaml";
const std::string k_fpr_a(40, 'A');
const std::string k_fpr_b(40, 'B');

// A valid policy using every field; line numbers for the tests below.
const std::string k_valid = "# yaml-language-server: $schema=schemas/policy.schema.json\n" // 1
                            "version: 1\n"                                                 // 2
                            "protected_branches:\n"                                        // 3
                            "  - main\n"                                                   // 4
                            "  - release/2026\n"                                           // 5
                            "log_branch: ops-log\n"                                        // 6
                            "people:\n"                                                    // 7
                            "  alice:\n"                                                   // 8
                            "    name: Alice Martin\n"                                     // 9
                            "    email: alice@example.com\n"                               // 10
                            "    key: .runbook/keys/alice.asc\n"                           // 11
                            "    fingerprint: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"  // 12
                            "    roles: [admin, author]\n"                                 // 13
                            "  bob:\n"                                                     // 14
                            "    name: \"O'Brien: Ops\"\n"                                 // 15
                            "    email: bob@example.com\n"                                 // 16
                            "    key: .runbook/keys/bob.asc\n"                             // 17
                            "    fingerprint: BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n"  // 18
                            "    roles: [operator, approver, author]\n"                    // 19
                            "    status: retired\n"                                        // 20
                            "runbooks:\n"                                                  // 21
                            "  payroll:\n"                                                 // 22
                            "    authors: [alice]\n";                                      // 23

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "more than one " << from;
  if (at != std::string::npos) {
    text.replace(at, from.size(), to);
  }
  return text;
}

Policy loaded(const std::string& text) {
  auto result = load_policy(text, k_file);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : core::format_all(result.error())) << "\n" << text;
  return result.ok() ? result.value() : Policy{};
}

core::Diagnostics problems_of(const std::string& text) {
  auto result = load_policy(text, k_file);
  EXPECT_FALSE(result.ok()) << "accepted:\n" << text;
  return result.ok() ? core::Diagnostics{} : result.error();
}

void expect_plain(const std::string& message) {
  for (std::string_view raw : {"Failed to",
                               "constraint",
                               "<root>",
                               "should have no fewer",
                               "should contain no fewer",
                               "should be no fewer",
                               "property name",
                               "additional properties",
                               "enum values"}) {
    EXPECT_THAT(message, Not(HasSubstr(std::string(raw)))) << message;
  }
}

// Exactly one problem, at this line and column, in plain words containing `words`.
core::Diagnostic one_problem(const std::string& text,
                             int line,
                             int column,
                             const std::string& words) {
  core::Diagnostics problems = problems_of(text);
  EXPECT_EQ(problems.size(), 1U) << core::format_all(problems);
  if (problems.empty()) {
    return {};
  }
  core::Diagnostic d = problems.front();
  EXPECT_EQ(d.file, k_file);
  EXPECT_EQ(d.line, line) << d.format();
  EXPECT_EQ(d.column, column) << d.format();
  EXPECT_THAT(d.message, HasSubstr(words)) << d.format();
  expect_plain(d.message);
  return d;
}

Person make_person(const std::string& id,
                   const std::string& name,
                   const std::string& fingerprint,
                   std::set<Role> roles,
                   PersonStatus status = PersonStatus::active) {
  Person p;
  p.id = id;
  p.name = name;
  p.email = id + "@example.com";
  p.key_file = core::key_file_for(id);
  p.fingerprint = fingerprint;
  p.roles = std::move(roles);
  p.status = status;
  return p;
}

// A fingerprint of 40 upper-case hex digits, different for each number.
std::string fingerprint(int number) {
  std::string text = "0123456789ABCDEF0123456789ABCDEF" + std::to_string(10000000 + number);
  return text;
}

std::vector<Person> by_id(std::vector<Person> people) {
  std::sort(
      people.begin(), people.end(), [](const Person& a, const Person& b) { return a.id < b.id; });
  return people;
}

void expect_same_policy(const Policy& expected, const Policy& actual) {
  EXPECT_EQ(actual.protected_branches, expected.protected_branches);
  EXPECT_EQ(actual.log_branch, expected.log_branch);
  EXPECT_EQ(actual.runbook_authors, expected.runbook_authors);
  // The loaded policy lists people by id; the order means nothing.
  std::vector<Person> want = by_id(expected.people);
  std::vector<Person> got = by_id(actual.people);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].id, want[i].id);
    EXPECT_EQ(got[i].name, want[i].name) << want[i].id;
    EXPECT_EQ(got[i].email, want[i].email) << want[i].id;
    EXPECT_EQ(got[i].key_file, want[i].key_file) << want[i].id;
    EXPECT_EQ(got[i].fingerprint, want[i].fingerprint) << want[i].id;
    EXPECT_EQ(got[i].roles, want[i].roles) << want[i].id;
    EXPECT_EQ(got[i].status, want[i].status) << want[i].id;
  }
}

// dump_policy, then load_policy, gives the same policy back.
void expect_round_trip(const Policy& policy) {
  std::string text = dump_policy(policy);
  auto result = load_policy(text, k_file);
  ASSERT_TRUE(result.ok()) << core::format_all(result.error()) << "\n" << text;
  expect_same_policy(policy, result.value());
  // And dumping what was loaded reads back to the same text: the order is stable.
  std::string again = dump_policy(result.value());
  auto twice = load_policy(again, k_file);
  ASSERT_TRUE(twice.ok()) << core::format_all(twice.error()) << "\n" << again;
  EXPECT_EQ(dump_policy(twice.value()), again);
}

// ---------------------------------------------------------------- loading

TEST(LoadPolicy, ReadsEveryField) {
  Policy policy = loaded(k_valid);
  EXPECT_THAT(policy.protected_branches, ElementsAre("main", "release/2026"));
  EXPECT_EQ(policy.log_branch, "ops-log");
  ASSERT_EQ(policy.people.size(), 2U);
  const Person* alice = policy.find_person("alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->name, "Alice Martin");
  EXPECT_EQ(alice->email, "alice@example.com");
  EXPECT_EQ(alice->key_file, ".runbook/keys/alice.asc");
  EXPECT_EQ(alice->fingerprint, k_fpr_a);
  EXPECT_EQ(alice->roles, (std::set<Role>{Role::admin, Role::author}));
  EXPECT_EQ(alice->status, PersonStatus::active);
  const Person* bob = policy.find_person("bob");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->name, "O'Brien: Ops");
  EXPECT_EQ(bob->email, "bob@example.com");
  EXPECT_EQ(bob->key_file, ".runbook/keys/bob.asc");
  EXPECT_EQ(bob->fingerprint, k_fpr_b);
  EXPECT_EQ(bob->roles, (std::set<Role>{Role::operator_, Role::approver, Role::author}));
  EXPECT_EQ(bob->status, PersonStatus::retired);
  ASSERT_EQ(policy.runbook_authors.size(), 1U);
  EXPECT_THAT(policy.runbook_authors.at("payroll"), ElementsAre("alice"));
  EXPECT_EQ(policy.find_by_fingerprint(k_fpr_b), bob);
}

TEST(LoadPolicy, OptionalFieldsHaveDefaults) {
  std::string text = "version: 1\n"
                     "protected_branches: [main]\n"
                     "people:\n"
                     "  alice:\n"
                     "    name: Alice\n"
                     "    email: alice@example.com\n"
                     "    key: .runbook/keys/alice.asc\n"
                     "    fingerprint: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                     "    roles: [admin]\n";
  Policy policy = loaded(text);
  EXPECT_EQ(policy.log_branch, "runbook-log");
  EXPECT_TRUE(policy.runbook_authors.empty());
  ASSERT_EQ(policy.people.size(), 1U);
  EXPECT_EQ(policy.people.front().status, PersonStatus::active);
}

TEST(LoadPolicy, ReadsEveryStatus) {
  std::string text = replaced(k_valid, "    status: retired\n", "    status: revoked\n");
  EXPECT_EQ(loaded(text).find_person("bob")->status, PersonStatus::revoked);
  text = replaced(k_valid, "    status: retired\n", "    status: active\n");
  EXPECT_EQ(loaded(text).find_person("bob")->status, PersonStatus::active);
}

TEST(LoadPolicy, APersonMayHaveNoRoles) {
  std::string text = replaced(k_valid, "[operator, approver, author]", "[]");
  text = replaced(text, "    status: retired\n", "");
  EXPECT_TRUE(loaded(text).find_person("bob")->roles.empty());
}

TEST(LoadPolicy, AcceptsExtensionFields) {
  std::string text = replaced(k_valid, "version: 1\n", "version: 1\nx-owner: it@example.com\n");
  text = replaced(
      text, "    roles: [admin, author]\n", "    roles: [admin, author]\n    x-desk: 4.12\n");
  loaded(text);
}

TEST(LoadPolicy, ReportsYamlProblemsWithPositions) {
  auto d = one_problem(
      replaced(k_valid, "log_branch: ops-log", "log_branch: &x ops-log"), 6, 13, "anchor");
  EXPECT_EQ(d.format().rfind(".runbook/policy.yaml:6:13: ", 0), 0U) << d.format();
  one_problem(k_valid + "version: 1\n", 24, 1, "twice");
}

TEST(LoadPolicy, APolicyCheckedBeforeReadsTheSameWithoutTheSchema) {
  auto before = load_policy(k_valid, k_file, yaml::SchemaCheck::passed_before);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(yaml::dump_policy(*before), yaml::dump_policy(loaded(k_valid)));
}

TEST(LoadPolicy, APolicyThatDoesNotHaveTheShapeThatPassedGetsTheFullCheck) {
  // What a damaged or altered .git/runbook/checked could claim passed.
  for (const std::string& text : {replaced(k_valid, "    email: alice@example.com\n", ""),
                                  replaced(k_valid, "protected_branches:", "protected_branchez:"),
                                  replaced(k_valid, "[admin, author]", "[admin, 7]"),
                                  replaced(k_valid, "[admin, author]", "[admin, wizard]"),
                                  replaced(k_valid, "    status: retired\n", "    status: gone\n")}) {
    auto full = load_policy(text, k_file);
    auto before = load_policy(text, k_file, yaml::SchemaCheck::passed_before);
    ASSERT_FALSE(full.ok()) << text;
    ASSERT_FALSE(before.ok()) << text;
    EXPECT_EQ(core::format_all(before.error()), core::format_all(full.error()));
  }
}

TEST(LoadPolicy, HugeNumbersDoNotThrow) {
  std::string text = replaced(k_valid, "version: 1", "version: 1e999");
  try {
    auto result = load_policy(text, k_file);
    EXPECT_FALSE(result.ok());
  } catch (const std::exception& error) {
    ADD_FAILURE() << "load_policy threw " << error.what();
  }
}

// ---------------------------------------------------------------- schema errors

TEST(LoadPolicy, MissingVersion) {
  // The file's mapping starts on line 3 once "version" is gone from line 2.
  auto d = one_problem(replaced(k_valid, "version: 1\n", "\n"), 3, 1, "\"version\"");
  EXPECT_THAT(d.message, HasSubstr("add it"));
}

TEST(LoadPolicy, WrongVersion) {
  one_problem(replaced(k_valid, "version: 1", "version: 2"), 2, 10, "\"version\"");
}

TEST(LoadPolicy, UnknownFieldOfAPersonIsReportedOnItsLine) {
  std::string text = replaced(
      k_valid, "    email: bob@example.com\n", "    email: bob@example.com\n    phone: 555\n");
  core::Diagnostics problems = problems_of(text);
  ASSERT_EQ(problems.size(), 1U) << core::format_all(problems);
  EXPECT_THAT(problems.front().message,
              AllOf(HasSubstr("unknown field"), HasSubstr("\"phone\""), HasSubstr("\"bob\"")));
  EXPECT_EQ(problems.front().line, 17) << problems.front().format();
}

TEST(LoadPolicy, UnknownFieldOfTheFileIsReportedOnItsLine) {
  std::string text = replaced(k_valid, "log_branch: ops-log\n", "log_branch: ops-log\nextra: 1\n");
  core::Diagnostics problems = problems_of(text);
  ASSERT_EQ(problems.size(), 1U) << core::format_all(problems);
  EXPECT_THAT(problems.front().message, AllOf(HasSubstr("unknown field"), HasSubstr("\"extra\"")));
  EXPECT_EQ(problems.front().line, 7) << problems.front().format();
}

TEST(LoadPolicy, LowerCaseFingerprint) {
  one_problem(replaced(k_valid, k_fpr_a, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
              12,
              18,
              "\"fingerprint\"");
}

TEST(LoadPolicy, ShortFingerprint) {
  one_problem(replaced(k_valid, k_fpr_b, "BBBBBBBBBBBBBBBB"), 18, 18, "\"fingerprint\"");
  one_problem(replaced(k_valid, k_fpr_b, "0x" + k_fpr_b.substr(2)), 18, 18, "\"fingerprint\"");
}

TEST(LoadPolicy, UnknownRole) {
  // "boss" is on line 19, column 33: "    roles: [operator, approver, " is 32 characters.
  auto d = one_problem(replaced(k_valid, "approver, author]", "approver, boss]"), 19, 33, "");
  EXPECT_THAT(d.message, AnyOf(HasSubstr("boss"), HasSubstr("role")));
}

TEST(LoadPolicy, BadPersonId) {
  core::Diagnostics problems = problems_of(replaced(k_valid, "  bob:\n", "  Bob:\n"));
  ASSERT_EQ(problems.size(), 1U) << core::format_all(problems);
  const core::Diagnostic& d = problems.front();
  expect_plain(d.message);
  EXPECT_THAT(d.message, AnyOf(HasSubstr("Bob"), HasSubstr("people")));
  EXPECT_THAT(d.line, AnyOf(7, 14, 15)) << d.format();
}

TEST(LoadPolicy, BadKeyPaths) {
  for (std::string path : {"../bob.asc",
                           "keys/bob.asc",
                           ".runbook/keys/../bob.asc",
                           ".runbook/keys/sub/bob.asc",
                           ".runbook/keys/bob.txt",
                           "/etc/passwd",
                           ".runbook/policy.yaml"}) {
    SCOPED_TRACE(path);
    one_problem(replaced(k_valid, ".runbook/keys/bob.asc", path), 17, 10, "\"key\"");
  }
}

TEST(LoadPolicy, EmptyPeople) {
  std::string text = "version: 1\nprotected_branches: [main]\npeople: {}\n";
  one_problem(text, 3, 9, "\"people\"");
}

TEST(LoadPolicy, EmptyProtectedBranches) {
  std::string text = replaced(k_valid, "  - main\n  - release/2026\n", "");
  text = replaced(text, "protected_branches:\n", "protected_branches: []\n");
  one_problem(text, 3, 21, "\"protected_branches\"");
}

TEST(LoadPolicy, EmptyFile) {
  core::Diagnostics problems = problems_of("");
  ASSERT_FALSE(problems.empty());
  expect_plain(problems.front().message);
}

// ---------------------------------------------------------------- rules beyond the schema

TEST(LoadPolicy, DuplicateFingerprints) {
  auto d = one_problem(replaced(k_valid, k_fpr_b, k_fpr_a), 18, 18, "\"bob\"");
  EXPECT_THAT(d.message, HasSubstr("fingerprint"));
}

TEST(LoadPolicy, DuplicateKeyFiles) {
  auto d = one_problem(
      replaced(k_valid, ".runbook/keys/bob.asc", ".runbook/keys/alice.asc"), 17, 10, "\"bob\"");
  EXPECT_THAT(d.message, HasSubstr("key file"));
}

TEST(LoadPolicy, RunbookAuthorWhoIsNotAPerson) {
  // "zed" starts at column 22 of "    authors: [alice, zed]".
  auto d = one_problem(
      replaced(k_valid, "authors: [alice]", "authors: [alice, zed]"), 23, 22, "\"zed\"");
  EXPECT_THAT(d.message, HasSubstr("not a person"));
}

TEST(LoadPolicy, RunbookAuthorWithoutTheAuthorRole) {
  std::string text = replaced(k_valid, "[operator, approver, author]", "[operator, approver]");
  text = replaced(text, "authors: [alice]", "authors: [alice, bob]");
  auto d = one_problem(text, 23, 22, "\"bob\"");
  EXPECT_THAT(d.message, HasSubstr("author role"));
}

TEST(LoadPolicy, NoAdminAtAll) {
  auto d = one_problem(replaced(k_valid, "[admin, author]", "[author]"), 8, 3, "admin");
  EXPECT_THAT(d.message, HasSubstr("no active person"));
}

TEST(LoadPolicy, TheOnlyAdminRetired) {
  std::string text = replaced(
      k_valid, "    roles: [admin, author]\n", "    roles: [admin, author]\n    status: retired\n");
  one_problem(text, 8, 3, "admin");
}

TEST(LoadPolicy, TheOnlyAdminRevoked) {
  std::string text = replaced(
      k_valid, "    roles: [admin, author]\n", "    roles: [admin, author]\n    status: revoked\n");
  one_problem(text, 8, 3, "admin");
}

TEST(LoadPolicy, AnotherActiveAdminIsEnough) {
  std::string text = replaced(
      k_valid, "    roles: [admin, author]\n", "    roles: [admin, author]\n    status: retired\n");
  text = replaced(text,
                  "    roles: [operator, approver, author]\n    status: retired\n",
                  "    roles: [admin]\n");
  // alice is retired, bob is an active admin; alice stays a valid runbook author.
  Policy policy = loaded(text);
  ASSERT_EQ(policy.people.size(), 2U);
  EXPECT_EQ(policy.find_person("alice")->status, PersonStatus::retired);
  EXPECT_EQ(policy.find_person("bob")->status, PersonStatus::active);
}

TEST(LoadPolicy, ReportsEveryRuleProblemAtOnce) {
  std::string text = replaced(k_valid, k_fpr_b, k_fpr_a);
  text = replaced(text, "[admin, author]", "[author]");
  text = replaced(text, "authors: [alice]", "authors: [zed]");
  core::Diagnostics problems = problems_of(text);
  EXPECT_EQ(problems.size(), 3U) << core::format_all(problems);
}

// ---------------------------------------------------------------- dumping

TEST(DumpPolicy, StartsWithTheSchemaLineAndVersion) {
  std::string text = dump_policy(loaded(k_valid));
  EXPECT_EQ(text.rfind("# yaml-language-server: $schema=", 0), 0U) << text;
  EXPECT_THAT(text, HasSubstr("\nversion: 1\n"));
}

TEST(DumpPolicy, RoundTripsTheExamplePolicy) {
  expect_round_trip(loaded(k_valid));
}

TEST(DumpPolicy, RoundTripsEveryStatusRoleAndRunbookAuthors) {
  Policy policy;
  policy.protected_branches = {"main", "release/1.0", "1.0"};
  policy.log_branch = "runbook-log";
  policy.people = {
      make_person("zoe", "Zoë Ørsted", fingerprint(1), {Role::admin}),
      make_person("ann",
                  "Ann",
                  fingerprint(2),
                  {Role::admin, Role::author, Role::operator_, Role::approver}),
      make_person("old", "Old Timer", fingerprint(3), {Role::author}, PersonStatus::retired),
      make_person("lost", "Lost Key", fingerprint(4), {Role::operator_}, PersonStatus::revoked),
      make_person("j.doe-2", "J. Doe", fingerprint(5), {})};
  policy.runbook_authors["payroll"] = {"ann", "old"};
  policy.runbook_authors["on-boarding"] = {"old"};
  expect_round_trip(policy);
}

TEST(DumpPolicy, RoundTripsNamesThatNeedQuotes) {
  int number = 10;
  for (std::string name : {"O'Brien: Ops",
                           "a \"quoted\" name",
                           "back\\slash",
                           "#hash",
                           "hash # inside",
                           "- dash",
                           "? question",
                           "@at",
                           "`tick",
                           "%percent",
                           "!bang",
                           "&amp",
                           "*star",
                           "|pipe",
                           ">more",
                           "{brace}",
                           "[bracket]",
                           "comma, here",
                           " leading space",
                           "trailing space ",
                           "true",
                           "false",
                           "null",
                           "~",
                           "123",
                           "1.5",
                           "-1",
                           "1e3",
                           "yes",
                           "no",
                           "x: y",
                           "key:",
                           ":colon",
                           "tab\there"}) {
    SCOPED_TRACE(name);
    Policy policy;
    policy.protected_branches = {"main"};
    policy.people = {make_person("ann", name, fingerprint(++number), {Role::admin})};
    expect_round_trip(policy);
  }
}

// YAML reads True, FALSE, Null and NULL as a boolean and as null too, not only the
// lower-case spellings that dump_policy quotes.
TEST(DumpPolicy, RoundTripsNamesThatLookLikeOtherValuesInAnyCase) {
  int number = 100;
  for (std::string name : {"True", "TRUE", "False", "FALSE", "Null", "NULL"}) {
    SCOPED_TRACE(name);
    Policy policy;
    policy.protected_branches = {"main"};
    policy.people = {make_person("ann", name, fingerprint(++number), {Role::admin})};
    expect_round_trip(policy);
  }
}

TEST(DumpPolicy, RoundTripsBranchesThatLookLikeOtherValues) {
  Policy policy;
  policy.protected_branches = {"True", "NULL", "2026", "1e5"};
  policy.log_branch = "False";
  policy.people = {make_person("ann", "Ann", fingerprint(1), {Role::admin})};
  expect_round_trip(policy);
}

TEST(DumpPolicy, RoundTripsANameOnSeveralLines) {
  Policy policy;
  policy.protected_branches = {"main"};
  policy.people = {make_person("ann", "Ann\nMartin", fingerprint(1), {Role::admin})};
  expect_round_trip(policy);
}

// Person ids follow ^[a-z0-9][a-z0-9._-]{0,62}$, so "123", "1e5", "true" and "null" are
// valid ids; written plainly in a list or as a key they read back as a number, a boolean
// or null.
TEST(DumpPolicy, RoundTripsIdsThatLookLikeOtherValues) {
  int number = 200;
  for (std::string id : {"123", "1e5", "0.5", "true", "null"}) {
    SCOPED_TRACE(id);
    Policy policy;
    policy.protected_branches = {"main"};
    policy.people = {
        make_person(id, "Someone", fingerprint(++number), {Role::admin, Role::author})};
    policy.runbook_authors["payroll"] = {id};
    expect_round_trip(policy);
  }
}

TEST(DumpPolicy, RoundTripsRunbookIdsThatLookLikeOtherValues) {
  Policy policy;
  policy.protected_branches = {"main"};
  policy.people = {make_person("ann", "Ann", fingerprint(1), {Role::admin, Role::author})};
  policy.runbook_authors["null"] = {"ann"};
  policy.runbook_authors["2026"] = {"ann"};
  expect_round_trip(policy);
}


// ---------------------------------------------------------------- allowed_refs

TEST(LoadPolicy, ReadsAllowedRefsAndKeepsThemThroughADump) {
  Policy policy = loaded(k_valid + "allowed_refs:\n  - refs/notes/*\n  - refs/meta/config\n");
  EXPECT_THAT(policy.allowed_refs, ElementsAre("refs/notes/*", "refs/meta/config"));
  expect_round_trip(policy);
  EXPECT_THAT(dump_policy(policy), HasSubstr("allowed_refs:\n  - \"refs/notes/*\"\n"));
}

TEST(LoadPolicy, AllowedRefsDefaultToNone) { EXPECT_TRUE(loaded(k_valid).allowed_refs.empty()); }

TEST(LoadPolicy, RefusesAnAllowedRefOutsideRefs) {
  auto result = load_policy(k_valid + "allowed_refs:\n  - notes/*\n", k_file);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(core::format_all(result.error()), HasSubstr("does not have the expected form"));
}

} // namespace policy_yaml_test
