#include "core/policy.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace policy_test {

using core::Person;
using core::PersonStatus;
using core::Policy;

Person person(const std::string& id, const std::string& fingerprint, PersonStatus status) {
  Person p;
  p.id = id;
  p.name = id;
  p.email = id + "@example.com";
  p.key_file = core::key_file_for(id);
  p.fingerprint = fingerprint;
  p.status = status;
  return p;
}

Policy make_policy() {
  Policy policy;
  policy.protected_branches = {"main", "release/2026"};
  policy.people = {person("alice", std::string(40, 'A'), PersonStatus::active),
                   person("bob", std::string(40, 'B'), PersonStatus::retired),
                   person("carol", std::string(40, 'C'), PersonStatus::revoked)};
  return policy;
}

TEST(Policy, DefaultsAndPaths) {
  Policy policy;
  EXPECT_EQ(policy.log_branch, "runbook-log");
  EXPECT_EQ(std::string(core::k_default_log_branch), "runbook-log");
  EXPECT_EQ(std::string(core::k_policy_path), ".runbook/policy.yaml");
  EXPECT_EQ(std::string(core::k_keys_folder), ".runbook/keys");
  EXPECT_TRUE(policy.people.empty());
  EXPECT_TRUE(policy.protected_branches.empty());
  EXPECT_TRUE(policy.runbook_authors.empty());
  EXPECT_EQ(Person{}.status, PersonStatus::active);
  EXPECT_TRUE(Person{}.roles.empty());
}

TEST(Policy, KeyFileForAPerson) {
  EXPECT_EQ(core::key_file_for("alice"), ".runbook/keys/alice.asc");
  EXPECT_EQ(core::key_file_for("j.doe-2"), ".runbook/keys/j.doe-2.asc");
}

TEST(Policy, FindPersonById) {
  Policy policy = make_policy();
  const Person* bob = policy.find_person("bob");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->id, "bob");
  EXPECT_EQ(bob, &policy.people[1]); // points into the policy, no copy
  EXPECT_EQ(policy.find_person("Bob"), nullptr);
  EXPECT_EQ(policy.find_person("bo"), nullptr);
  EXPECT_EQ(policy.find_person(""), nullptr);
  EXPECT_EQ(Policy{}.find_person("alice"), nullptr);
}

TEST(Policy, FindByFingerprintFindsEveryStatus) {
  Policy policy = make_policy();
  const Person* alice = policy.find_by_fingerprint(std::string(40, 'A'));
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->id, "alice");
  const Person* bob = policy.find_by_fingerprint(std::string(40, 'B'));
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->id, "bob");
  const Person* carol = policy.find_by_fingerprint(std::string(40, 'C'));
  ASSERT_NE(carol, nullptr);
  EXPECT_EQ(carol->id, "carol");
}

TEST(Policy, FindByFingerprintWantsTheWholeFingerprint) {
  Policy policy = make_policy();
  EXPECT_EQ(policy.find_by_fingerprint(std::string(16, 'A')), nullptr);
  EXPECT_EQ(policy.find_by_fingerprint(std::string(40, 'D')), nullptr);
  EXPECT_EQ(policy.find_by_fingerprint(""), nullptr);
}

TEST(Policy, IsProtected) {
  Policy policy = make_policy();
  EXPECT_TRUE(policy.is_protected("main"));
  EXPECT_TRUE(policy.is_protected("release/2026"));
  EXPECT_FALSE(policy.is_protected("Main"));
  EXPECT_FALSE(policy.is_protected("release"));
  EXPECT_FALSE(policy.is_protected("runbook-log"));
  EXPECT_FALSE(policy.is_protected(""));
  EXPECT_FALSE(Policy{}.is_protected("main"));
}

TEST(Policy, StatusNames) {
  EXPECT_EQ(core::to_string(PersonStatus::active), "active");
  EXPECT_EQ(core::to_string(PersonStatus::retired), "retired");
  EXPECT_EQ(core::to_string(PersonStatus::revoked), "revoked");
}

} // namespace policy_test

namespace policy_test {

// The rule ^[a-z0-9][a-z0-9._-]{0,62}$, checked against std::regex on every id of up
// to three characters over an alphabet with each kind of character.
TEST(PersonId, AgreesWithThePatternOnEveryShortId) {
  const std::regex pattern("[a-z0-9][a-z0-9._-]{0,62}");
  const std::string alphabet = "az09._-A /";
  std::vector<std::string> ids{""};
  for (int length = 1; length <= 3; ++length) {
    std::vector<std::string> longer;
    for (const std::string& id : ids) {
      if (id.size() + 1 == static_cast<std::size_t>(length)) {
        for (char c : alphabet) {
          longer.push_back(id + c);
        }
      }
    }
    ids.insert(ids.end(), longer.begin(), longer.end());
  }
  for (const std::string& id : ids) {
    EXPECT_EQ(core::is_valid_person_id(id), std::regex_match(id, pattern)) << '"' << id << '"';
  }
}

TEST(PersonId, LengthLimitIs63) {
  EXPECT_TRUE(core::is_valid_person_id("jane.doe_2-x"));
  EXPECT_TRUE(core::is_valid_person_id(std::string(63, 'a')));
  EXPECT_FALSE(core::is_valid_person_id(std::string(64, 'a')));
  EXPECT_FALSE(core::is_valid_person_id("-jane"));
  EXPECT_FALSE(core::is_valid_person_id("Jane"));
}

} // namespace policy_test
