#include "core/policy_diff.hpp"

#include "core/policy.hpp"
#include "core/role.hpp"
#include "support/policy_parts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace policy_diff_test {

using test_support::make_person;
using core::PersonStatus;
using core::Policy;
using core::PolicyChange;
using core::Role;
using testing::ElementsAre;
using testing::IsEmpty;

Policy team() {
  Policy policy;
  policy.protected_branches = {"main"};
  policy.team_roles = {{"security-lead", "Owns security sign-off"}};
  policy.people = {make_person("alice", {Role::admin, Role::author}), make_person("bob", {Role::operator_}),
                   make_person("carol", {Role::operator_, Role::approver})};
  return policy;
}

std::vector<std::string> sentences(const std::vector<PolicyChange>& changes) {
  std::vector<std::string> out;
  for (const PolicyChange& change : changes) {
    out.push_back(change.sentence);
  }
  return out;
}

std::vector<PolicyChange> diff(const Policy& before, const Policy& after, const core::KeyFiles& before_keys = {},
                               const core::KeyFiles& after_keys = {}) {
  return core::diff_policies(before, before_keys, after, after_keys);
}

TEST(PolicyDiff, SamePolicyGrantsNothing) {
  EXPECT_THAT(diff(team(), team()), IsEmpty());
}

TEST(PolicyDiff, TeamRoleGrantedSaysWhatItAllows) {
  Policy after = team();
  after.people[2].team_roles.insert("security-lead");
  std::vector<PolicyChange> changes = diff(team(), after);
  EXPECT_THAT(sentences(changes),
              ElementsAre("carol may now approve security-lead steps and record them (team role)"));
  EXPECT_EQ(changes[0].kind, PolicyChange::Kind::role_granted);
  EXPECT_TRUE(changes[0].grants);
  EXPECT_EQ(core::to_string(changes[0].kind), "role-granted");
}

TEST(PolicyDiff, RoleTakenRevokedRetiredAndBackAgain) {
  Policy before = team();
  before.people[1].status = PersonStatus::retired;
  Policy after = team();
  after.people[0].roles.erase(Role::author);
  after.people[2].status = PersonStatus::revoked;
  EXPECT_THAT(sentences(diff(before, after)),
              ElementsAre("alice may no longer publish runbook versions (author)",
                          "bob is active again (was retired) and may sign",
                          "carol's key was revoked: it signs nothing new and its earlier signatures are flagged"));
  EXPECT_THAT(sentences(diff(team(), before)),
              ElementsAre("bob was retired: signs nothing new, earlier work stays valid"));
}

TEST(PolicyDiff, JoinedAndRemoved) {
  Policy after = team();
  after.people.push_back(make_person("dave", {Role::operator_}));
  after.people.erase(after.people.begin() + 1);
  std::vector<std::string> said = sentences(diff(team(), after));
  ASSERT_EQ(said.size(), 2U);
  EXPECT_EQ(said[0], "dave (Name of dave) joined as operator, key " + after.people.back().fingerprint);
  EXPECT_EQ(said[1], "bob is no longer in the policy (had operator)");
}

TEST(PolicyDiff, KeyChangedShowsBothFingerprints) {
  Policy after = team();
  after.people[1].fingerprint = std::string(40, 'F');
  std::vector<PolicyChange> changes = diff(team(), after);
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].sentence, "bob's key changed (fingerprint " + team().people[1].fingerprint + " → " +
                                     std::string(40, 'F') + ")");
  EXPECT_EQ(changes[0].kind, PolicyChange::Kind::key_changed);
}

TEST(PolicyDiff, SameKeyNewExportSaysExpiryOrThatTheFileChanged) {
  core::KeyFiles before{{"bob", {1893456000, "one"}}, {"carol", {0, "c1"}}};
  core::KeyFiles after{{"bob", {0, "two"}}, {"carol", {0, "c2"}}};
  EXPECT_THAT(sentences(diff(team(), team(), before, after)),
              ElementsAre("bob's key now never expires (was 2030-01-01)",
                          "carol's key file was replaced by another export of the same key (subkeys or signatures may "
                          "differ)"));
  core::KeyFiles same_blob{{"bob", {1893456000, "one"}}};
  EXPECT_THAT(diff(team(), team(), before, same_blob), IsEmpty()) << "unchanged files say nothing";
}

TEST(PolicyDiff, NameEmailTeamRolesAuthorsAndBranches) {
  Policy after = team();
  after.people[0].name = "Alice Martin";
  after.people[1].email = "bob@new.example";
  after.team_roles = {{"security-lead", "Signs off security changes"}, {"scribe", "Keeps the timeline"}};
  after.runbook_authors["payroll"] = {"alice"};
  after.protected_branches = {"main", "release"};
  after.allowed_refs = {"refs/notes/*"};
  EXPECT_THAT(sentences(diff(team(), after)),
              ElementsAre("alice's name changed from \"Name of alice\" to \"Alice Martin\"",
                          "bob's email changed from bob@example.com to bob@new.example",
                          "the team role security-lead is now described as \"Signs off security changes\" (was "
                          "\"Owns security sign-off\")",
                          "the team role scribe was declared (Keeps the timeline)",
                          "only alice may now publish payroll (before: any author)",
                          "release is now a protected branch", "refs/notes/* may now be pushed to the server"));
  Policy widened = after;
  widened.runbook_authors["payroll"] = {"alice", "carol"};
  widened.team_roles.pop_back();
  EXPECT_THAT(sentences(diff(after, widened)),
              ElementsAre("the team role scribe was removed", "carol may now publish payroll"));
  EXPECT_THAT(sentences(diff(widened, team())),
              ElementsAre("alice's name changed from \"Alice Martin\" to \"Name of alice\"",
                          "bob's email changed from bob@new.example to bob@example.com",
                          "the team role security-lead is now described as \"Owns security sign-off\" (was \"Signs "
                          "off security changes\")",
                          "any author may now publish payroll (before: only alice, carol)",
                          "release is no longer a protected branch",
                          "refs/notes/* may no longer be pushed to the server"));
}

} // namespace policy_diff_test
