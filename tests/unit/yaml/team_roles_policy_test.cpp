// Team roles (issue 17) in .runbook/policy.yaml: `roles:` declares them, people hold
// them under their own `roles:`, and every mistake is named at its line and column.
#include "core/policy.hpp"
#include "yaml/policy_yaml.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace team_roles_policy_test {

using ::testing::HasSubstr;

const std::string k_file = ".runbook/policy.yaml";

// Line numbers on the right.
const std::string k_policy = "version: 1\n"                                                  // 1
                             "protected_branches: [main]\n"                                  // 2
                             "people:\n"                                                     // 3
                             "  alice:\n"                                                    // 4
                             "    name: Alice Martin\n"                                      // 5
                             "    email: alice@example.com\n"                                // 6
                             "    key: .runbook/keys/alice.asc\n"                            // 7
                             "    fingerprint: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"   // 8
                             "    roles: [admin, incident-commander]\n"                      // 9
                             "  bob:\n"                                                      // 10
                             "    name: Bob Okafor\n"                                        // 11
                             "    email: bob@example.com\n"                                  // 12
                             "    key: .runbook/keys/bob.asc\n"                              // 13
                             "    fingerprint: BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n"   // 14
                             "    roles: [operator, hr, incident-commander]\n"               // 15
                             "roles:\n"                                                      // 16
                             "  - name: incident-commander\n"                                // 17
                             "    description: Leads the incident\n"                         // 18
                             "  - name: hr\n"                                                // 19
                             "    description: \"People team: contracts and leave\"\n";      // 20

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) {
    text.replace(at, from.size(), to);
  }
  return text;
}

core::Diagnostic one_problem(const std::string& text, int line, int column, const std::string& words) {
  auto result = yaml::load_policy(text, k_file);
  EXPECT_FALSE(result.ok());
  if (result.ok()) {
    return {};
  }
  const core::Diagnostics& problems = result.error();
  EXPECT_EQ(problems.size(), 1U) << core::format_all(problems);
  core::Diagnostic d = problems.front();
  EXPECT_EQ(d.line, line) << d.format();
  EXPECT_EQ(d.column, column) << d.format();
  EXPECT_THAT(d.message, HasSubstr(words)) << d.format();
  return d;
}

TEST(TeamRolesPolicy, ReadsDeclaredRolesAndWhoHoldsThem) {
  auto result = yaml::load_policy(k_policy, k_file);
  ASSERT_TRUE(result.ok()) << core::format_all(result.error());
  const core::Policy& policy = result.value();
  ASSERT_EQ(policy.team_roles.size(), 2U);
  EXPECT_EQ(policy.team_roles[0].name, "incident-commander");
  EXPECT_EQ(policy.team_roles[1].description, "People team: contracts and leave");
  const core::Person* bob = policy.find_person("bob");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->roles, std::set<core::Role>{core::Role::operator_});
  EXPECT_EQ(bob->team_roles, (std::set<std::string>{"hr", "incident-commander"}));
  EXPECT_TRUE(policy.knows_role("hr"));
  EXPECT_TRUE(policy.knows_role("approver"));
  EXPECT_FALSE(policy.knows_role("scribe"));
  EXPECT_EQ(core::active_holders(policy, "incident-commander"), 2U);
}

TEST(TeamRolesPolicy, DumpAndLoadGiveTheSamePolicy) {
  auto first = yaml::load_policy(k_policy, k_file);
  ASSERT_TRUE(first.ok());
  std::string text = yaml::dump_policy(first.value());
  auto again = yaml::load_policy(text, k_file);
  ASSERT_TRUE(again.ok()) << core::format_all(again.error()) << "\n" << text;
  EXPECT_EQ(yaml::dump_policy(again.value()), text);
  EXPECT_EQ(again.value().find_person("bob")->team_roles, first.value().find_person("bob")->team_roles);
  EXPECT_EQ(again.value().team_roles.size(), 2U);
}

TEST(TeamRolesPolicy, APersonMayNotHoldAnUndeclaredRole) {
  // "scribe" is on line 15, column 27: "    roles: [operator, hr, " is 26 characters.
  one_problem(replaced(k_policy, "[operator, hr,", "[operator, hr, scribe,"), 15, 27,
              "\"scribe\" is not a role of this policy");
}

TEST(TeamRolesPolicy, ABuiltInNameCannotBeDeclared) {
  std::string without_hr = replaced(k_policy, "[operator, hr, incident-commander]", "[operator, incident-commander]");
  one_problem(replaced(without_hr, "name: hr", "name: approver"), 19, 11, "\"approver\" is a built-in role");
  one_problem(replaced(without_hr, "name: hr", "name: witness"), 19, 11, "\"witness\" is a built-in role");
}

TEST(TeamRolesPolicy, ARoleIsDeclaredOnce) {
  one_problem(replaced(k_policy, "name: hr\n    description: \"People team: contracts and leave\"",
                       "name: hr\n    description: x\n  - name: hr\n    description: y"),
              21, 11, "the role \"hr\" is declared twice");
}

TEST(TeamRolesPolicy, ARoleNameHasAShape) {
  one_problem(replaced(k_policy, "name: hr", "name: Human Resources"), 19, 11, "\"name\"");
}

TEST(TeamRolesPolicy, ARoleNeedsADescription) {
  one_problem(replaced(k_policy, "    description: \"People team: contracts and leave\"\n", ""), 19, 5,
              "has no \"description\"");
}

} // namespace team_roles_policy_test
