#include "core/ref_rules.hpp"

#include <gtest/gtest.h>

namespace ref_rules_test {

using core::classify_ref;
using core::RefKind;

core::Policy policy_with(std::vector<std::string> allowed = {}) {
  core::Policy policy;
  policy.protected_branches = {"main", "release/2026"};
  policy.log_branch = "runbook-log";
  policy.allowed_refs = std::move(allowed);
  return policy;
}

TEST(ClassifyRef, ProtectedBranchesByTheirNames) {
  EXPECT_EQ(classify_ref(policy_with(), "refs/heads/main"), RefKind::protected_branch);
  EXPECT_EQ(classify_ref(policy_with(), "refs/heads/release/2026"), RefKind::protected_branch);
}

TEST(ClassifyRef, TheLogBranch) { EXPECT_EQ(classify_ref(policy_with(), "refs/heads/runbook-log"), RefKind::log_branch); }

TEST(ClassifyRef, AnyOtherBranchIsAReviewBranch) {
  EXPECT_EQ(classify_ref(policy_with(), "refs/heads/alice/new-payroll"), RefKind::review_branch);
  EXPECT_EQ(classify_ref(policy_with(), "refs/heads/mainline"), RefKind::review_branch);
  EXPECT_EQ(classify_ref(policy_with(), "refs/heads/release"), RefKind::review_branch);
}

TEST(ClassifyRef, Tags) { EXPECT_EQ(classify_ref(policy_with(), "refs/tags/v1.0"), RefKind::tag); }

TEST(ClassifyRef, NotesAndOtherNamespacesAreRefusedByDefault) {
  for (const char* ref : {"refs/notes/commits", "refs/pull/1/head", "refs/remotes/origin/main", "refs/heads/",
                          "refs/tags/", "HEAD", "refs/stash"}) {
    EXPECT_EQ(classify_ref(policy_with(), ref), RefKind::refused) << ref;
  }
}

TEST(ClassifyRef, ThePolicyMayAllowMoreByNameOrPrefix) {
  core::Policy policy = policy_with({"refs/notes/*", "refs/meta/config"});
  EXPECT_EQ(classify_ref(policy, "refs/notes/commits"), RefKind::allowed_other);
  EXPECT_EQ(classify_ref(policy, "refs/meta/config"), RefKind::allowed_other);
  EXPECT_EQ(classify_ref(policy, "refs/meta/config2"), RefKind::refused);
  EXPECT_EQ(classify_ref(policy, "refs/pull/1/head"), RefKind::refused);
}

} // namespace ref_rules_test
