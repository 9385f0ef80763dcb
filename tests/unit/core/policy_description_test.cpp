#include "core/policy_description.hpp"

#include "core/policy.hpp"
#include "core/role.hpp"
#include "support/policy_parts.hpp"
#include "core/runbook.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace policy_description_test {

using test_support::make_person;
using core::PersonStatus;
using core::Policy;
using core::Role;
using core::Runbook;
using core::StepRequirement;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::IsEmpty;
using testing::SizeIs;

// alice: admin, author, operator; bob, carol: operator + hiring-committee; dave:
// hiring-committee without operator or approver; erin: retired operator + committee.
Policy hiring_team() {
  Policy policy;
  policy.protected_branches = {"main"};
  policy.team_roles = {{"hiring-committee", "Signs offers"}, {"recruiter", "Talks to candidates"}};
  policy.people = {make_person("alice", {Role::admin, Role::author, Role::operator_}),
                   make_person("bob", {Role::operator_}, {"hiring-committee", "recruiter"}),
                   make_person("carol", {Role::operator_}, {"hiring-committee"}),
                   make_person("dave", {}, {"hiring-committee"}),
                   make_person("erin", {Role::operator_}, {"hiring-committee"}, PersonStatus::retired)};
  return policy;
}

Runbook hiring(int approvals) {
  Runbook runbook;
  runbook.id = "hiring";
  runbook.version = 2;
  runbook.title = "Hiring";
  runbook.owner = "alice";
  core::Step call;
  call.id = "1";
  call.title = "Call the candidate";
  call.role = "recruiter";
  core::Step offer;
  offer.id = "3";
  offer.title = "Sign the offer";
  offer.approval = "hiring-committee";
  offer.approvals_needed = approvals;
  core::Step write;
  write.id = "2";
  write.title = "Write the offer";
  write.role = "operator"; // every recording needs it: not listed
  runbook.steps = {call, write, offer};
  return runbook;
}

TEST(PolicyDescription, PeopleCarryRolesStatusAndKeyExpiry) {
  core::KeyFiles keys{{"alice", {0, "blob-a"}}, {"bob", {1893456000, "blob-b"}}};
  core::PolicyDescription d = core::describe_policy(hiring_team(), {}, keys);
  ASSERT_THAT(d.people, SizeIs(5));
  EXPECT_EQ(d.people[0].id, "alice");
  EXPECT_THAT(d.people[0].roles, ElementsAre("admin", "author", "operator"));
  EXPECT_EQ(d.people[0].key_expires.value_or(-1), 0);
  EXPECT_EQ(core::expiry_text(*d.people[0].key_expires), "never");
  EXPECT_EQ(core::expiry_text(*d.people[1].key_expires), "2030-01-01");
  EXPECT_THAT(d.people[1].roles, ElementsAre("operator", "hiring-committee", "recruiter"));
  EXPECT_FALSE(d.people[2].key_expires.has_value()) << "no key file facts: unknown, not never";
  EXPECT_EQ(d.people[4].status, "retired");
}

TEST(PolicyDescription, HoldersAreActivePeopleBuiltInRolesFirst) {
  core::PolicyDescription d = core::describe_policy(hiring_team(), {}, {});
  ASSERT_THAT(d.holders, SizeIs(7)); // the five built-in roles (witness too), then the two team roles
  EXPECT_EQ(d.holders[0].first, "admin");
  EXPECT_EQ(d.holders[4].first, "witness");
  EXPECT_THAT(d.holders[4].second, IsEmpty());
  EXPECT_EQ(d.holders[5].first, "hiring-committee");
  EXPECT_THAT(d.holders[5].second, ElementsAre("bob", "carol", "dave")) << "erin is retired";
  EXPECT_EQ(d.team_role_descriptions.at("recruiter"), "Talks to candidates");
}

TEST(PolicyDescription, ApprovalSentenceNamesCountRoleAndWhoMayGiveIt) {
  core::PolicyDescription d = core::describe_policy(hiring_team(), {hiring(2)}, {});
  ASSERT_THAT(d.steps, SizeIs(2));
  EXPECT_EQ(d.steps[0].kind, StepRequirement::Kind::perform);
  EXPECT_EQ(d.steps[0].sentence, "Step 1 \"Call the candidate\" of hiring is recorded by someone with the recruiter "
                                 "role: bob");
  EXPECT_EQ(d.steps[1].sentence, "Step 3 \"Sign the offer\" of hiring needs 2 approvals from hiring-committee: bob, "
                                 "carol");
  EXPECT_TRUE(d.steps[1].can_be_met);
  EXPECT_THAT(d.warnings, IsEmpty());
}

TEST(PolicyDescription, WarnsWhenTooFewMayApproveAndSaysWhoHoldsTheRoleButCannotSign) {
  core::PolicyDescription d = core::describe_policy(hiring_team(), {hiring(3)}, {});
  ASSERT_THAT(d.steps, SizeIs(2));
  EXPECT_FALSE(d.steps[1].can_be_met);
  ASSERT_THAT(d.warnings, SizeIs(1));
  EXPECT_THAT(d.warnings[0], HasSubstr("Step 3 \"Sign the offer\" of hiring (v2) needs 3 distinct people with the "
                                       "hiring-committee role, but only 2 active people can"));
  EXPECT_THAT(d.warnings[0], HasSubstr("dave holds the role but not operator or approver"));
  EXPECT_THAT(d.warnings[0], HasSubstr("git runbook keys grant PERSON hiring-committee"));
}

TEST(PolicyDescription, PublishingFollowsNarrowedAuthors) {
  Policy policy = hiring_team();
  policy.people.push_back(make_person("frank", {Role::author}));
  policy.runbook_authors["payroll"] = {"frank"};
  policy.runbook_authors["secret"] = {"erin"};
  core::PolicyDescription d = core::describe_policy(policy, {hiring(1)}, {});
  ASSERT_THAT(d.publishing, SizeIs(3));
  EXPECT_EQ(d.publishing[0].sentence, "Any author may publish hiring: alice, frank.");
  EXPECT_EQ(d.publishing[1].sentence, "Only frank may publish payroll (the policy names its authors).");
  EXPECT_THAT(d.publishing[2].sentence, HasSubstr("Nobody may publish secret now"));
  ASSERT_THAT(d.warnings, SizeIs(1));
  EXPECT_THAT(d.warnings[0], HasSubstr("keys grant PERSON author"));
}

TEST(PolicyDescription, RoleWordsLiveInOnePlace) {
  EXPECT_EQ(core::what_role_allows("author"), "publish runbook versions (author)");
  EXPECT_EQ(core::what_role_allows("security-lead"), "approve security-lead steps and record them (team role)");
}

} // namespace policy_description_test
