#include "core/runbook_rules.hpp"

#include "support/runbook_parts.hpp"
#include "core/policy.hpp"
#include "core/role.hpp"
#include "core/runbook.hpp"
#include "core/runbook_paths.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <gmock/gmock.h>
#include <set>
#include <string>
#include <vector>

namespace runbook_rules_test {

using core::check_runbook;
using core::Person;
using core::PersonStatus;
using core::Policy;
using core::Role;
using core::Runbook;
using core::RunbookProblem;
using core::Step;
using core::VersionPath;
using testing::HasSubstr;
using testing::IsEmpty;

Person person(const std::string& id, std::set<Role> roles, PersonStatus status = PersonStatus::active) {
  Person p;
  p.id = id;
  p.name = id;
  p.email = id + "@example.com";
  p.key_file = core::key_file_for(id);
  p.fingerprint = std::string(40, static_cast<char>('A' + (id.size() % 6)));
  p.roles = std::move(roles);
  p.status = status;
  return p;
}

// alice: admin, author, operator; bob: operator, approver; carol: retired author;
// dave: revoked approver.
Policy team() {
  Policy policy;
  policy.protected_branches = {"main"};
  policy.people = {person("alice", {Role::admin, Role::author, Role::operator_}),
                   person("bob", {Role::operator_, Role::approver}),
                   person("carol", {Role::author}, PersonStatus::retired),
                   person("dave", {Role::approver}, PersonStatus::revoked)};
  return policy;
}

Step step(const std::string& id) {
  Step s;
  s.id = id;
  s.title = "Step " + id;
  s.instructions = "Do step " + id + ".";
  return s;
}

Runbook runbook(const std::string& id = "payroll", int version = 1) {
  Runbook r;
  r.id = id;
  r.version = version;
  r.title = "Payroll change";
  r.owner = "alice";
  r.summary = "Change a salary.";
  if (version >= 2) {
    r.change = "Why this version exists.";
  }
  r.steps = {step("1"), step("2"), step("2.1")};
  return r;
}

VersionPath at(const std::string& id = "payroll", int version = 1) { return VersionPath{id, version}; }

std::string describe(const std::vector<RunbookProblem>& problems) {
  std::string text;
  for (const RunbookProblem& p : problems) {
    text += "[" + p.pointer + "] " + p.message + "\n";
  }
  return text;
}

// Exactly one problem, at `pointer`, whose message holds `words` and says what to do.
void expect_one(const std::vector<RunbookProblem>& problems, const std::string& pointer, const std::string& words) {
  ASSERT_EQ(problems.size(), 1U) << describe(problems);
  EXPECT_EQ(problems.front().pointer, pointer) << describe(problems);
  EXPECT_THAT(problems.front().message, HasSubstr(words));
  EXPECT_THAT(problems.front().message, HasSubstr(" — ")) << "what is wrong — what to do";
}

TEST(RunbookRules, AValidRunbookHasNoProblems) {
  Policy policy = team();
  EXPECT_THAT(check_runbook(runbook(), at(), &policy), IsEmpty());
  EXPECT_THAT(check_runbook(runbook(), at(), nullptr), IsEmpty());
  EXPECT_THAT(check_runbook(runbook("payroll", 7), at("payroll", 7), &policy), IsEmpty());
}

TEST(RunbookRules, TheIdMustEqualTheFolder) {
  auto problems = check_runbook(runbook("payroll-old"), at("payroll"), nullptr);
  expect_one(problems, "/id", "\"payroll-old\"");
  EXPECT_THAT(problems.front().message, HasSubstr("runbooks/payroll/"));
  EXPECT_THAT(problems.front().message, HasSubstr("change it to \"payroll\""));
}

TEST(RunbookRules, TheVersionMustEqualTheFileNumber) {
  expect_one(check_runbook(runbook("payroll", 2), at("payroll", 3), nullptr), "/version",
             "the version 2 does not match the file v3.yaml");
  expect_one(check_runbook(runbook("payroll", 4), at("payroll", 3), nullptr), "/version", "change it to 3");
}

TEST(RunbookRules, ChangeIsRequiredFromVersionTwoOn) {
  Runbook v2 = runbook("payroll", 2);
  v2.change.reset();
  expect_one(check_runbook(v2, at("payroll", 2), nullptr), "", "version 2 has no \"change\"");
  Runbook v1 = runbook();
  EXPECT_THAT(check_runbook(v1, at(), nullptr), IsEmpty());
  v1.change = "A first version may say why, too.";
  EXPECT_THAT(check_runbook(v1, at(), nullptr), IsEmpty());
}

TEST(RunbookRules, StepIdsAreUnique) {
  Runbook r = runbook();
  r.steps.push_back(step("2"));
  expect_one(check_runbook(r, at(), nullptr), "/steps/3/id", "step id \"2\" is used twice");
  EXPECT_THAT(check_runbook(r, at(), nullptr).front().message, HasSubstr("step 2 in the list"));
}

TEST(RunbookRules, EveryRepeatOfAStepIdIsReported) {
  Runbook r = runbook();
  r.steps = {step("1"), step("1"), step("2"), step("1")};
  auto problems = check_runbook(r, at(), nullptr);
  ASSERT_EQ(problems.size(), 2U) << describe(problems);
  EXPECT_EQ(problems[0].pointer, "/steps/1/id");
  EXPECT_EQ(problems[1].pointer, "/steps/3/id");
}

TEST(RunbookRules, SimilarLookingStepIdsAreDifferent) {
  Runbook r = runbook();
  r.steps = {step("1"), step("1.1"), step("11"), step("1.10"), step("1.1.1")};
  EXPECT_THAT(check_runbook(r, at(), nullptr), IsEmpty());
}

TEST(RunbookRules, InputNamesAreUnique) {
  Runbook r = runbook();
  r.inputs = {test_support::make_input("employee", "Who?", std::nullopt, true),
              test_support::make_input("date", "When?", std::nullopt, false),
              test_support::make_input("employee", "Who again?", std::nullopt, false)};
  expect_one(check_runbook(r, at(), nullptr), "/inputs/2/name", "the input \"employee\" is listed twice");
}

TEST(RunbookRules, InputPatternsMustBeValidRegularExpressions) {
  for (const std::string bad : {"[0-9", "(abc", "a{2,1}", "*a", "\\"}) {
    Runbook r = runbook();
    r.inputs = {test_support::make_input("date", "When?", std::string("^[0-9]{4}$"), false),
                test_support::make_input("code", "Code?", bad, false)};
    auto problems = check_runbook(r, at(), nullptr);
    expect_one(problems, "/inputs/1/pattern", "is not a valid regular expression");
    if (!problems.empty()) {
      EXPECT_THAT(problems.front().message, HasSubstr("\"code\""));
    }
  }
  Runbook good = runbook();
  good.inputs = {test_support::make_input("url", "Link?", std::string(R"(^https?://\S+$)"), false),
                 test_support::make_input("quarter", "Quarter?", std::string("^[0-9]{4}-Q[1-4]$"), false)};
  EXPECT_THAT(check_runbook(good, at(), nullptr), IsEmpty());
}

// A pattern whose compiled form explodes is refused, not compiled. (What judging it
// costs, compared with the largest honest runbook, is bounded in runbook_yaml_test:
// RunbookHostile.ExplodingInputPatternDoesNotStall; a hang here ends at the test's
// time limit.)
TEST(RunbookRules, AnExplodingPatternIsRefusedWithoutCompilingIt) {
  Runbook r = runbook();
  r.inputs = {test_support::make_input("code", "Code?", std::string("((a{100}){100}){100}"), false)};
  expect_one(check_runbook(r, at(), nullptr), "/inputs/0/pattern", "is too complex to check answers against");
  r.inputs = {test_support::make_input("code", "Code?", std::string("^(a+)\\1$"), false)};
  expect_one(check_runbook(r, at(), nullptr), "/inputs/0/pattern", "uses a back-reference such as \\1");
}

TEST(RunbookRules, WithoutAPolicyPeopleAreNotChecked) {
  Runbook r = runbook();
  r.owner = "nobody";
  r.steps[0].role = "approver";
  r.steps[0].approval = "manager";
  EXPECT_THAT(check_runbook(r, at(), nullptr), IsEmpty());
}

TEST(RunbookRules, TheOwnerMustBeAPersonOfThePolicy) {
  Policy policy = team();
  Runbook r = runbook();
  r.owner = "zed";
  expect_one(check_runbook(r, at(), &policy), "/owner", "the owner \"zed\" is not a person of the policy");
}

TEST(RunbookRules, TheOwnerMustBeActive) {
  Policy policy = team();
  Runbook r = runbook();
  r.owner = "carol";
  expect_one(check_runbook(r, at(), &policy), "/owner", "the owner \"carol\" is retired");
  r.owner = "dave";
  expect_one(check_runbook(r, at(), &policy), "/owner", "the owner \"dave\" is revoked");
  r.owner = "bob"; // an owner needs no particular role
  EXPECT_THAT(check_runbook(r, at(), &policy), IsEmpty());
}

TEST(RunbookRules, ARoleMustBeHeldBySomeActivePerson) {
  Policy policy = team();
  Runbook r = runbook();
  for (const char* role : {"admin", "author", "operator", "approver"}) {
    r.steps[1].role = role;
    r.steps[1].approval = role;
    EXPECT_THAT(check_runbook(r, at(), &policy), IsEmpty()) << role;
  }
  // Only a retired and a revoked person are approvers once bob retires.
  policy.people[1].status = PersonStatus::retired;
  r.steps[1].role = "approver";
  r.steps[1].approval.reset();
  expect_one(check_runbook(r, at(), &policy), "/steps/1/role",
             "step \"2\" is for the role \"approver\", which no active person holds");
  r.steps[1].role = "operator";
  r.steps[1].approval = "approver";
  expect_one(check_runbook(r, at(), &policy), "/steps/1/approval",
             "step \"2\" needs approval by the role \"approver\", which no active person holds");
}

TEST(RunbookRules, ARoleThatDoesNotExistIsHeldByNobody) {
  Policy policy = team();
  Runbook r = runbook();
  r.steps[2].role = "manager";
  expect_one(check_runbook(r, at(), &policy), "/steps/2/role", "\"manager\"");
  r.steps[2].role.reset();
  r.steps[2].approval = "operator_";
  expect_one(check_runbook(r, at(), &policy), "/steps/2/approval", "\"operator_\"");
}

TEST(RunbookRules, EveryProblemIsReportedAtOnce) {
  Policy policy = team();
  policy.people[1].status = PersonStatus::retired; // no active approver
  Runbook r = runbook("payroll-old", 2);
  r.change.reset();
  r.owner = "carol";
  r.steps = {step("1"), step("1"), step("2")};
  r.steps[2].approval = "approver";
  r.inputs = {test_support::make_input("who", "Who?", std::string("(unclosed"), false),
              test_support::make_input("who", "Who again?", std::nullopt, false)};
  auto problems = check_runbook(r, at("payroll", 3), &policy);
  std::vector<std::string> pointers;
  for (const RunbookProblem& p : problems) {
    pointers.push_back(p.pointer);
    EXPECT_THAT(p.message, HasSubstr(" — ")) << p.message;
  }
  std::sort(pointers.begin(), pointers.end());
  EXPECT_EQ(pointers, (std::vector<std::string>{"", "/id", "/inputs/0/pattern", "/inputs/1/name", "/owner",
                                                "/steps/1/id", "/steps/2/approval", "/version"}))
      << describe(problems);
}

} // namespace runbook_rules_test
