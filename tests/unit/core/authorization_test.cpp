#include "core/authorization.hpp"

#include "core/policy.hpp"
#include "core/role.hpp"

#include <gtest/gtest.h>

#include <gmock/gmock.h>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace authorization_test {

using core::authorization_problem;
using core::BranchKind;
using core::CommitShape;
using core::Person;
using core::PersonStatus;
using core::Policy;
using core::Role;
using testing::AllOf;
using testing::HasSubstr;

Person person(const std::string& id,
              std::set<Role> roles,
              PersonStatus status = PersonStatus::active) {
  Person p;
  p.id = id;
  p.name = "Name of " + id;
  p.email = id + "@example.com";
  p.key_file = core::key_file_for(id);
  p.fingerprint = std::string(40, 'A');
  p.roles = std::move(roles);
  p.status = status;
  return p;
}

// Everyone the tests need, one role each (and a few combinations).
struct People {
  Person admin = person("ada", {Role::admin});
  Person author = person("aut", {Role::author});
  Person author2 = person("bea", {Role::author});
  Person admin_author = person("max", {Role::admin, Role::author});
  Person operator_ = person("ops", {Role::operator_});
  Person approver = person("apv", {Role::approver});
  Person nobody = person("nob", {});
  Person all = person("all", {Role::admin, Role::author, Role::operator_, Role::approver});
};

Policy make_policy() {
  Policy policy;
  policy.protected_branches = {"main"};
  People people;
  policy.people = {people.admin,      people.author,     people.author2, people.admin_author,
                   people.operator_,  people.approver,   people.nobody,  people.all};
  return policy;
}

std::optional<std::string> on_protected(const Policy& policy,
                                        const Person& signer,
                                        const std::vector<std::string>& paths,
                                        CommitShape shape = CommitShape::ordinary) {
  return authorization_problem(policy, signer, BranchKind::protected_branch, shape, paths);
}

const std::vector<std::string> k_policy_change = {".runbook/policy.yaml"};
const std::vector<std::string> k_key_change = {".runbook/keys/ada.asc"};
const std::vector<std::string> k_runbook_change = {"runbooks/payroll/v1.yaml"};
const std::vector<std::string> k_readme_change = {"README.md"};

// ---------------------------------------------------------------- .runbook/

TEST(Authorization, AdminMayChangeThePolicyAndKeys) {
  Policy policy = make_policy();
  People p;
  EXPECT_EQ(on_protected(policy, p.admin, k_policy_change), std::nullopt);
  EXPECT_EQ(on_protected(policy, p.admin, k_key_change), std::nullopt);
  EXPECT_EQ(on_protected(policy, p.admin, {".runbook/schemas/policy.schema.json"}), std::nullopt);
  EXPECT_EQ(on_protected(policy, p.admin_author, k_policy_change), std::nullopt);
}

TEST(Authorization, AuthorMayNotChangeThePolicyAndTheMessageNamesAdmin) {
  Policy policy = make_policy();
  People p;
  auto problem = on_protected(policy, p.author, k_policy_change);
  ASSERT_TRUE(problem.has_value());
  EXPECT_THAT(*problem, HasSubstr("admin"));
  EXPECT_THAT(*problem, HasSubstr("aut"));
  EXPECT_THAT(*problem, HasSubstr(".runbook/policy.yaml"));
  EXPECT_EQ(*problem,
            "aut changed .runbook/policy.yaml, which needs the admin role; aut has author");
}

TEST(Authorization, NoOtherRoleMayChangeKeys) {
  Policy policy = make_policy();
  People p;
  for (const Person* signer : {&p.author, &p.operator_, &p.approver, &p.nobody}) {
    auto problem = on_protected(policy, *signer, k_key_change);
    ASSERT_TRUE(problem.has_value()) << signer->id;
    EXPECT_THAT(*problem, HasSubstr("admin role")) << signer->id;
    EXPECT_THAT(*problem, HasSubstr(signer->id)) << signer->id;
  }
}

TEST(Authorization, AFileMerelyStartingWithDotRunbookIsNotPolicy) {
  Policy policy = make_policy();
  People p;
  // ".runbookrc" is not inside .runbook/: an author may change it like any other file.
  EXPECT_EQ(on_protected(policy, p.author, {".runbookrc"}), std::nullopt);
}

// ---------------------------------------------------------------- runbooks/

TEST(Authorization, AuthorMayPublishRunbooks) {
  Policy policy = make_policy();
  People p;
  EXPECT_EQ(on_protected(policy, p.author, k_runbook_change), std::nullopt);
  EXPECT_EQ(on_protected(policy, p.admin_author, k_runbook_change), std::nullopt);
}

TEST(Authorization, RunbooksNeedTheAuthorRoleEvenForAnAdmin) {
  Policy policy = make_policy();
  People p;
  auto problem = on_protected(policy, p.admin, k_runbook_change);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(*problem,
            "ada changed runbooks/payroll/v1.yaml, which needs the author role; ada has admin");
}

TEST(Authorization, RunbooksRefuseOperatorsApproversAndPeopleWithoutRoles) {
  Policy policy = make_policy();
  People p;
  for (const Person* signer : {&p.operator_, &p.approver, &p.nobody}) {
    auto problem = on_protected(policy, *signer, k_runbook_change);
    ASSERT_TRUE(problem.has_value()) << signer->id;
    EXPECT_THAT(*problem, HasSubstr("author role")) << signer->id;
  }
  auto nobody = on_protected(policy, p.nobody, k_runbook_change);
  ASSERT_TRUE(nobody.has_value());
  EXPECT_THAT(*nobody, HasSubstr("nob has no role"));
}

TEST(Authorization, NarrowedRunbookRefusesOtherAuthors) {
  Policy policy = make_policy();
  policy.runbook_authors["payroll"] = {"aut"};
  People p;
  EXPECT_EQ(on_protected(policy, p.author, k_runbook_change), std::nullopt);
  auto problem = on_protected(policy, p.author2, k_runbook_change);
  ASSERT_TRUE(problem.has_value());
  EXPECT_THAT(*problem, AllOf(HasSubstr("bea"), HasSubstr("runbooks/payroll/v1.yaml"),
                              HasSubstr("aut"), HasSubstr("\"payroll\"")));
  // An admin-author not named is refused too.
  EXPECT_TRUE(on_protected(policy, p.admin_author, k_runbook_change).has_value());
}

TEST(Authorization, NarrowedRunbookListsEveryNamedAuthor) {
  Policy policy = make_policy();
  policy.runbook_authors["payroll"] = {"aut", "max"};
  People p;
  EXPECT_EQ(on_protected(policy, p.admin_author, k_runbook_change), std::nullopt);
  auto problem = on_protected(policy, p.author2, k_runbook_change);
  ASSERT_TRUE(problem.has_value());
  EXPECT_THAT(*problem, HasSubstr("aut, max"));
}

TEST(Authorization, NarrowingOneRunbookLeavesOthersOpen) {
  Policy policy = make_policy();
  policy.runbook_authors["payroll"] = {"aut"};
  People p;
  EXPECT_EQ(on_protected(policy, p.author2, {"runbooks/onboarding/v1.yaml"}), std::nullopt);
  // "pay" is a different runbook from "payroll", and the other way round.
  policy.runbook_authors.clear();
  policy.runbook_authors["pay"] = {"aut"};
  EXPECT_EQ(on_protected(policy, p.author2, k_runbook_change), std::nullopt);
  EXPECT_TRUE(on_protected(policy, p.author2, {"runbooks/pay/v1.yaml"}).has_value());
}

TEST(Authorization, NamedAuthorStillNeedsTheAuthorRole) {
  Policy policy = make_policy();
  policy.runbook_authors["payroll"] = {"ops"};
  People p;
  auto problem = on_protected(policy, p.operator_, k_runbook_change);
  ASSERT_TRUE(problem.has_value());
  EXPECT_THAT(*problem, HasSubstr("author role"));
}

// ---------------------------------------------------------------- other paths

TEST(Authorization, OtherPathsOnProtectedBranchesNeedAuthorOrAdmin) {
  Policy policy = make_policy();
  People p;
  EXPECT_EQ(on_protected(policy, p.author, k_readme_change), std::nullopt);
  EXPECT_EQ(on_protected(policy, p.admin, k_readme_change), std::nullopt);
  EXPECT_EQ(on_protected(policy, p.admin, {"docs/how-to.md"}), std::nullopt);
  for (const Person* signer : {&p.operator_, &p.approver, &p.nobody}) {
    auto problem = on_protected(policy, *signer, k_readme_change);
    ASSERT_TRUE(problem.has_value()) << signer->id;
    EXPECT_THAT(*problem, AllOf(HasSubstr(signer->id), HasSubstr("README.md"),
                                HasSubstr("author or admin"), HasSubstr("protected branch")));
  }
  auto problem = on_protected(policy, p.operator_, k_readme_change);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(*problem,
            "ops changed README.md on a protected branch, which needs the author or admin role; "
            "ops has operator");
}

TEST(Authorization, ARunbooksFileOutsideTheFolderIsAnOtherPath) {
  Policy policy = make_policy();
  People p;
  EXPECT_EQ(on_protected(policy, p.admin, {"runbooks"}), std::nullopt);
  EXPECT_EQ(on_protected(policy, p.admin, {"runbooks.md"}), std::nullopt);
}

TEST(Authorization, EveryPathIsCheckedNotOnlyTheFirst) {
  Policy policy = make_policy();
  People p;
  auto problem = on_protected(policy, p.author, {"runbooks/payroll/v2.yaml", "README.md",
                                                 ".runbook/keys/aut.asc"});
  ASSERT_TRUE(problem.has_value());
  EXPECT_THAT(*problem, HasSubstr(".runbook/keys/aut.asc"));
  auto admin_problem = on_protected(policy, p.admin, {"README.md", "runbooks/x/v1.yaml"});
  ASSERT_TRUE(admin_problem.has_value());
  EXPECT_THAT(*admin_problem, HasSubstr("runbooks/x/v1.yaml"));
}

TEST(Authorization, AMixedCommitNeedsBothRoles) {
  Policy policy = make_policy();
  People p;
  std::vector<std::string> both = {".runbook/policy.yaml", "runbooks/payroll/v1.yaml"};
  EXPECT_TRUE(on_protected(policy, p.admin, both).has_value());
  EXPECT_TRUE(on_protected(policy, p.author, both).has_value());
  EXPECT_EQ(on_protected(policy, p.admin_author, both), std::nullopt);
}

// ---------------------------------------------------------------- merges

TEST(Authorization, MergesOnProtectedBranchesNeedAuthorOrAdmin) {
  Policy policy = make_policy();
  People p;
  EXPECT_EQ(on_protected(policy, p.author, {}, CommitShape::merge), std::nullopt);
  EXPECT_EQ(on_protected(policy, p.admin, {}, CommitShape::merge), std::nullopt);
  for (const Person* signer : {&p.operator_, &p.approver, &p.nobody}) {
    auto problem = on_protected(policy, *signer, {}, CommitShape::merge);
    ASSERT_TRUE(problem.has_value()) << signer->id;
    EXPECT_THAT(*problem, AllOf(HasSubstr(signer->id), HasSubstr("merge"),
                                HasSubstr("author or admin")));
  }
}

TEST(Authorization, AMergeStillChecksItsPaths) {
  Policy policy = make_policy();
  People p;
  auto problem = on_protected(policy, p.author, k_policy_change, CommitShape::merge);
  ASSERT_TRUE(problem.has_value());
  EXPECT_THAT(*problem, HasSubstr("admin role"));
}

TEST(Authorization, AnOrdinaryCommitWithoutChangesIsNotRefused) {
  Policy policy = make_policy();
  People p;
  EXPECT_EQ(on_protected(policy, p.operator_, {}), std::nullopt);
}

// ---------------------------------------------------------------- log branch

TEST(Authorization, LogBranchNeedsOperatorOrApprover) {
  Policy policy = make_policy();
  People p;
  std::vector<std::string> record = {"runs/2026/11/29/run-1/20261129T215012Z-start-9f2c.yaml"};
  auto on_log = [&](const Person& signer) {
    return authorization_problem(policy, signer, BranchKind::log, CommitShape::ordinary, record);
  };
  EXPECT_EQ(on_log(p.operator_), std::nullopt);
  EXPECT_EQ(on_log(p.approver), std::nullopt);
  EXPECT_EQ(on_log(p.all), std::nullopt);
  for (const Person* signer : {&p.admin, &p.author, &p.admin_author, &p.nobody}) {
    auto problem = on_log(*signer);
    ASSERT_TRUE(problem.has_value()) << signer->id;
    EXPECT_THAT(*problem, AllOf(HasSubstr(signer->id), HasSubstr("log branch"),
                                HasSubstr("operator or approver")));
  }
  EXPECT_EQ(*on_log(p.admin_author),
            "max recorded on the log branch, which needs the operator or approver role; "
            "max has admin, author");
}

// ---------------------------------------------------------------- review branches

TEST(Authorization, ReviewBranchAllowsAnyActivePerson) {
  Policy policy = make_policy();
  People p;
  std::vector<std::string> anything = {"runbooks/payroll/v9.yaml", "README.md"};
  for (const Person* signer : {&p.admin, &p.author, &p.operator_, &p.approver, &p.nobody}) {
    EXPECT_EQ(authorization_problem(policy, *signer, BranchKind::review, CommitShape::merge,
                                    anything),
              std::nullopt)
        << signer->id;
  }
}

TEST(Authorization, PolicyChangesNeedAnAdminEvenOnAReviewBranch) {
  Policy policy = make_policy();
  People p;
  EXPECT_EQ(authorization_problem(policy, p.admin, BranchKind::review, CommitShape::ordinary,
                                  {".runbook/policy.yaml"}),
            std::nullopt);
  for (const Person* signer : {&p.author, &p.operator_, &p.approver, &p.nobody}) {
    auto problem = authorization_problem(policy, *signer, BranchKind::review, CommitShape::ordinary,
                                         {".runbook/policy.yaml"});
    ASSERT_TRUE(problem.has_value()) << signer->id;
    EXPECT_NE(problem->find("admin"), std::string::npos) << *problem;
  }
}

// ---------------------------------------------------------------- status

TEST(Authorization, RetiredPeopleAreRefusedEverywhere) {
  Policy policy = make_policy();
  Person retired = person("all", {Role::admin, Role::author, Role::operator_, Role::approver},
                          PersonStatus::retired);
  for (BranchKind kind : {BranchKind::protected_branch, BranchKind::log, BranchKind::review}) {
    auto problem =
        authorization_problem(policy, retired, kind, CommitShape::ordinary, k_readme_change);
    ASSERT_TRUE(problem.has_value());
    EXPECT_THAT(*problem, AllOf(HasSubstr("all"), HasSubstr("retired")));
  }
}

TEST(Authorization, RevokedKeysAreRefusedEverywhere) {
  Policy policy = make_policy();
  Person revoked = person("all", {Role::admin, Role::author, Role::operator_, Role::approver},
                          PersonStatus::revoked);
  for (BranchKind kind : {BranchKind::protected_branch, BranchKind::log, BranchKind::review}) {
    for (CommitShape shape : {CommitShape::ordinary, CommitShape::merge}) {
      auto problem = authorization_problem(policy, revoked, kind, shape, {});
      ASSERT_TRUE(problem.has_value());
      EXPECT_THAT(*problem, AllOf(HasSubstr("all"), HasSubstr("revoked")));
    }
  }
}

// ---------------------------------------------------------------- describe_roles

TEST(DescribeRoles, ListsRolesInTheirFixedOrder) {
  People p;
  EXPECT_EQ(core::describe_roles(p.nobody), "no role");
  EXPECT_EQ(core::describe_roles(p.operator_), "operator");
  EXPECT_EQ(core::describe_roles(p.all), "admin, author, operator, approver");
  Person reversed = person("r", {Role::approver, Role::admin});
  EXPECT_EQ(core::describe_roles(reversed), "admin, approver");
}

} // namespace authorization_test
