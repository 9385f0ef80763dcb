// Team roles (issue 17): a step's role and approval may name a team role of the policy;
// `approval: {role, count}` asks for several distinct approvers, none the performer.
#include "core/policy.hpp"
#include "core/record_rules.hpp"
#include "core/runbook_rules.hpp"
#include "support/runbook_parts.hpp"

#include <gtest/gtest.h>

namespace team_roles_test {

core::Runbook runbook() {
  core::Runbook book = test_support::numbered_runbook("major-incident", "Major incident", 3);
  book.owner = "ivy";
  book.steps[0].role = "incident-commander";
  book.steps[1].role = "subject-matter-expert";
  book.steps[1].approval = "incident-commander";
  book.steps[1].approvals_needed = 2;
  return book;
}

core::Person person(const std::string& id, std::set<std::string> team_roles) {
  return test_support::make_person(id, {core::Role::operator_}, std::move(team_roles));
}

const core::Person ivy = person("ivy", {"incident-commander"});
const core::Person dan = person("dan", {"incident-commander"});
const core::Person sam = person("sam", {"subject-matter-expert", "incident-commander"});
const core::Person oli = person("oli", {});

core::Record record(core::EventKind kind, const std::string& by, int minute,
                    std::optional<std::string> step = std::nullopt,
                    std::optional<core::Outcome> outcome = std::nullopt) {
  core::Record r = test_support::make_record("major-incident", "major-incident-20261204T1000Z-abcd", kind, by,
                                             "2026-12-04T10:" + std::string(minute < 10 ? "0" : "") +
                                                 std::to_string(minute) + ":00.000Z");
  r.step = std::move(step);
  r.outcome = outcome;
  return r;
}

core::RunState with_step_2_done_by_sam() {
  core::Runbook book = runbook();
  core::RunState state;
  core::apply(state, book, record(core::EventKind::start, "ivy", 0));
  core::apply(state, book, record(core::EventKind::step, "ivy", 1, "1", core::Outcome::done));
  core::apply(state, book, record(core::EventKind::step, "sam", 2, "2", core::Outcome::done));
  return state;
}

core::Record approval_by(const std::string& who, int minute) {
  return record(core::EventKind::approve, who, minute, "2");
}

TEST(TeamRoles, AStepsTeamRoleIsEnforced) {
  core::Runbook book = runbook();
  core::RunState state;
  core::apply(state, book, record(core::EventKind::start, "ivy", 0));
  auto problem = core::hard_problem(state, book, oli, record(core::EventKind::step, "oli", 1, "1", core::Outcome::done));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("recording step 1 needs the incident-commander role, which oli does not have"),
            std::string::npos)
      << *problem;
  EXPECT_NE(problem->find("git runbook keys grant oli incident-commander"), std::string::npos) << *problem;
  EXPECT_FALSE(core::hard_problem(state, book, ivy, record(core::EventKind::step, "ivy", 1, "1", core::Outcome::done)));
}

TEST(TeamRoles, ARoleTheSignerDoesNotHoldIsRefusedEvenIfNobodyDeclaredIt) {
  core::Runbook book = runbook();
  book.steps[0].role = "nobody-has-this";
  core::RunState state;
  core::apply(state, book, record(core::EventKind::start, "ivy", 0));
  EXPECT_TRUE(core::hard_problem(state, book, ivy, record(core::EventKind::step, "ivy", 1, "1", core::Outcome::done)));
}

TEST(TeamRoles, TwoDistinctApproversAreNeeded) {
  core::Runbook book = runbook();
  core::RunState state = with_step_2_done_by_sam();
  ASSERT_EQ(core::awaiting_approval(state, book), &book.steps[1]);
  EXPECT_EQ(core::approvals_missing(book.steps[1], core::step_state(state, "2")), 2U);
  EXPECT_EQ(core::approvals_wanted(book.steps[1], *core::step_state(state, "2")),
            "waits for 2 more approvals from incident-commander");

  EXPECT_FALSE(core::event_problem(state, book, ivy, approval_by("ivy", 3)));
  core::apply(state, book, approval_by("ivy", 3));
  EXPECT_EQ(core::awaiting_approval(state, book), &book.steps[1]);
  EXPECT_EQ(core::approvals_wanted(book.steps[1], *core::step_state(state, "2")),
            "waits for 1 more approval from incident-commander");
  // The run does not go on while it waits.
  auto blocked = core::event_problem(state, book, ivy, record(core::EventKind::step, "ivy", 4, "3", core::Outcome::done));
  ASSERT_TRUE(blocked);
  EXPECT_NE(blocked->find("step 2 waits for 1 more approval from incident-commander"), std::string::npos) << *blocked;

  EXPECT_FALSE(core::event_problem(state, book, dan, approval_by("dan", 5)));
  core::apply(state, book, approval_by("dan", 5));
  EXPECT_EQ(core::awaiting_approval(state, book), nullptr);
  EXPECT_TRUE(state.flags.empty());
}

TEST(TeamRoles, ThePerformerCannotBeOneOfTheApprovers) {
  core::Runbook book = runbook();
  core::RunState state = with_step_2_done_by_sam(); // sam holds incident-commander too
  auto problem = core::hard_problem(state, book, sam, approval_by("sam", 3));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("sam recorded step 2 and cannot also approve it"), std::string::npos) << *problem;
}

TEST(TeamRoles, SomeoneWithoutTheRoleCannotApprove) {
  core::Runbook book = runbook();
  core::RunState state = with_step_2_done_by_sam();
  auto problem = core::hard_problem(state, book, oli, approval_by("oli", 3));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("approving step 2 needs the incident-commander role, which oli does not have"),
            std::string::npos)
      << *problem;
}

TEST(TeamRoles, TheSamePersonApprovingTwiceCountsOnce) {
  core::Runbook book = runbook();
  core::RunState state = with_step_2_done_by_sam();
  core::apply(state, book, approval_by("ivy", 3));
  // Refused when recording: ivy can see her own approval.
  auto refused = core::event_problem(state, book, ivy, approval_by("ivy", 4));
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->find("ivy already approved step 2; each person approves once"), std::string::npos) << *refused;
  // Merged from another clone: accepted, flagged, and still one approval.
  core::apply(state, book, approval_by("ivy", 4));
  ASSERT_EQ(state.flags.size(), 1U);
  EXPECT_EQ(state.flags[0].kind, core::FlagKind::recorded_twice);
  EXPECT_EQ(core::approvals_missing(book.steps[1], core::step_state(state, "2")), 1U);
  EXPECT_EQ(core::awaiting_approval(state, book), &book.steps[1]);
}

TEST(TeamRoles, ApprovalsCountOnlyAfterTheLatestDone) {
  core::Runbook book = runbook();
  core::RunState state = with_step_2_done_by_sam();
  core::apply(state, book, approval_by("ivy", 3));
  core::apply(state, book, record(core::EventKind::step, "sam", 4, "2", core::Outcome::failed));
  core::apply(state, book, record(core::EventKind::step, "sam", 5, "2", core::Outcome::done));
  EXPECT_EQ(core::approvals_missing(book.steps[1], core::step_state(state, "2")), 2U);
  // ivy approves the new `done` again: that is not a second approval of the same.
  EXPECT_FALSE(core::event_problem(state, book, ivy, approval_by("ivy", 6)));
}

TEST(TeamRoles, AThirdApprovalAfterTheCountIsFlagged) {
  core::Runbook book = runbook();
  core::Person zoe = person("zoe", {"incident-commander"});
  core::RunState state = with_step_2_done_by_sam();
  core::apply(state, book, approval_by("ivy", 3));
  core::apply(state, book, approval_by("dan", 4));
  auto refused = core::event_problem(state, book, zoe, approval_by("zoe", 5));
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->find("already approved by ivy and dan"), std::string::npos) << *refused;
}

TEST(TeamRoles, ThePlainApprovalKeepsItsMeaning) {
  core::Runbook book = runbook();
  book.steps[1].approval = "incident-commander";
  book.steps[1].approvals_needed = 1;
  core::RunState state = with_step_2_done_by_sam();
  core::apply(state, book, approval_by("ivy", 3));
  EXPECT_EQ(core::awaiting_approval(state, book), nullptr);
  EXPECT_EQ(core::approval_field(book.steps[1]), "incident-commander");
  book.steps[1].approvals_needed = 2;
  EXPECT_EQ(core::approval_field(book.steps[1]), "incident-commander (2 people)");
  EXPECT_EQ(core::approval_wording(book.steps[1]), "2 people with the incident-commander role");
}

// --------------------------------------------------------------- runbook rules

core::Policy policy() {
  core::Policy p;
  p.team_roles = {{"incident-commander", "Leads"}, {"subject-matter-expert", "Fixes"}, {"scribe", "Writes"}};
  core::Person owner = ivy;
  owner.roles.insert(core::Role::author);
  p.people = {owner, dan, sam};
  return p;
}

std::vector<core::RunbookProblem> problems(const core::Runbook& book, const core::Policy& with) {
  return core::check_runbook(book, core::VersionPath{"major-incident", 1}, &with);
}

TEST(TeamRoles, ARunbookMayNameDeclaredRoles) { EXPECT_TRUE(problems(runbook(), policy()).empty()); }

TEST(TeamRoles, AnUndeclaredRoleIsRefusedWithHowToDeclareIt) {
  core::Runbook book = runbook();
  book.steps[0].role = "incident-comander";
  auto found = problems(book, policy());
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].pointer, "/steps/0/role");
  EXPECT_NE(found[0].message.find("the role \"incident-comander\", which the policy does not declare"),
            std::string::npos)
      << found[0].message;
  EXPECT_NE(found[0].message.find("--describe"), std::string::npos) << found[0].message;
}

TEST(TeamRoles, ADeclaredRoleNobodyHoldsIsRefused) {
  core::Runbook book = runbook();
  book.steps[2].role = "scribe";
  auto found = problems(book, policy());
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].pointer, "/steps/2/role");
  EXPECT_NE(found[0].message.find("which no active person holds"), std::string::npos) << found[0].message;
}

TEST(TeamRoles, MoreApprovalsThanPeopleHoldingTheRoleIsAWarningNotARefusal) {
  core::Runbook book = runbook();
  book.steps[1].approvals_needed = 4; // ivy, dan, sam hold it
  EXPECT_TRUE(problems(book, policy()).empty());
  auto found = core::role_holder_warnings(book, policy());
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].pointer, "/steps/1/approval");
  EXPECT_NE(found[0].message.find("needs 4 approvals by the role \"incident-commander\", but only 3 active people of the policy"),
            std::string::npos)
      << found[0].message;
}

TEST(TeamRoles, RoleNames) {
  EXPECT_TRUE(core::is_valid_role_name("incident-commander"));
  EXPECT_TRUE(core::is_valid_role_name("hr"));
  EXPECT_FALSE(core::is_valid_role_name("Incident Commander"));
  EXPECT_FALSE(core::is_valid_role_name("-lead"));
  EXPECT_FALSE(core::is_valid_role_name("9lives"));
  EXPECT_FALSE(core::is_valid_role_name(std::string(42, 'a')));
  EXPECT_FALSE(core::is_valid_role_name(""));
  for (const char* reserved : {"admin", "author", "operator", "approver", "witness"}) {
    EXPECT_TRUE(core::is_reserved_role_name(reserved)) << reserved;
  }
  EXPECT_FALSE(core::is_reserved_role_name("hr"));
  EXPECT_TRUE(core::holds_role(ivy, "incident-commander"));
  EXPECT_TRUE(core::holds_role(ivy, "operator"));
  EXPECT_FALSE(core::holds_role(ivy, "approver"));
  EXPECT_FALSE(core::holds_role(oli, "incident-commander"));
}

} // namespace team_roles_test
