// The one judge (DESIGN §8) on small repositories built here with real keys: each case
// is judged by `verify`'s walk (verify_history) and by the hook's walk (check_push, with
// what the server held given as held_refs), and both must come to the same verdict.
#include "support/gnupg_home.hpp"
#include "support/shell.hpp"

#include "git/repository.hpp"
#include "trust/history_verifier.hpp"
#include "trust/policy_store.hpp"
#include "trust/push_check.hpp"
#include "trust/push_start.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace history_judge_test {

using Files = std::map<std::string, std::string>;

const std::string k_zero(40, '0');

std::string runbook(const std::string& id, int version, const std::string& title) {
  return "id: " + id + "\nversion: " + std::to_string(version) + "\ntitle: " + title +
         "\nowner: alice\nsummary: A demo.\n" + (version > 1 ? "change: Clearer words.\n" : "") +
         "steps:\n  - id: \"1\"\n    title: First\n    do: Do the first thing.\n";
}

struct Member {
  std::string id;
  std::string fingerprint;
  std::string roles;
  std::string status = "active";
};

class OneJudge : public testing::Test {
protected:
  test_support::GnupgHome gnupg;
  util::TempDir dir{"git-runbook-one-judge"};
  git::Repository repo = git::Repository::init(dir.path());
  std::map<std::string, std::string> keys; // person -> fingerprint
  std::map<std::string, std::string> key_files;

  void SetUp() override {
    for (const char* person : {"alice", "bob", "carol"}) {
      std::string fingerprint = gnupg.make_key(person, std::string(person) + "@example.com");
      keys[person] = fingerprint;
      key_files[person] = test_support::shell_output("gpg --batch --armor --export " + fingerprint);
    }
  }

  // The files of a repository whose policy holds `people`, plus `more`.
  Files with_policy(const std::vector<Member>& people, Files more = {}) {
    std::string policy = "version: 1\nprotected_branches: [main]\nlog_branch: runbook-log\npeople:\n";
    for (const Member& member : people) {
      policy += "  " + member.id + ":\n    name: " + member.id + "\n    email: " + member.id +
                "@example.com\n    key: .runbook/keys/" + member.id + ".asc\n    fingerprint: " +
                member.fingerprint + "\n    roles: [" + member.roles + "]\n    status: " + member.status + "\n";
      more[".runbook/keys/" + member.id + ".asc"] = key_files[member.id];
    }
    more[".runbook/policy.yaml"] = policy;
    return more;
  }

  std::vector<Member> team(const std::string& carol_status = "active") {
    return {{"alice", keys["alice"], "admin, author"},
            {"bob", keys["bob"], "operator"},
            {"carol", keys["carol"], "author", carol_status}};
  }

  // A commit holding exactly `files`, on `parents`, signed by `person`'s key.
  std::string commit(const std::string& person, const Files& files, const std::vector<std::string>& parents) {
    std::string git = "cd '" + dir.path().string() + "' && GIT_INDEX_FILE=.git/test-index ";
    test_support::shell_output(git + "git read-tree --empty");
    for (const auto& [path, content] : files) {
      test_support::shell_output(git + "git update-index --add --cacheinfo 100644," + repo.write_blob(content) +
                                 "," + path);
    }
    std::string tree = test_support::shell_output(git + "git write-tree").substr(0, 40);
    std::string command = "GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=T "
                          "GIT_COMMITTER_EMAIL=t@example.com git commit-tree -S" +
                          keys[person] + " -m 'by " + person + "' " + tree;
    for (const std::string& parent : parents) {
      command += " -p " + parent;
    }
    std::string made = test_support::shell_output(git + command + " 2>/dev/null");
    EXPECT_EQ(made.size(), 41U) << "commit-tree failed";
    return made.substr(0, 40);
  }

  void set_ref(const std::string& name, const std::string& commit) {
    test_support::shell_output("git -C '" + dir.path().string() + "' update-ref " + name + " " + commit);
  }

  // The rules `verify` finds with main at `tip`.
  std::set<std::string> verify_rules(const std::string& root, const std::string& tip) {
    set_ref("refs/heads/main", tip);
    trust::VerifyReport report = trust::verify_history(repo, trust::VerifyOptions{root, false});
    std::set<std::string> rules;
    for (const trust::Problem& problem : report.problems) {
      rules.insert(problem.rule);
    }
    return rules;
  }

  // The rules the hook finds for a push of `ref` from `old_id` to `new_id`, the server
  // holding `held`.
  std::set<std::string> hook_rules(const std::string& root,
                                   const std::vector<std::pair<std::string, std::string>>& held,
                                   const std::string& ref,
                                   const std::string& old_id,
                                   const std::string& new_id) {
    for (const auto& [name, tip] : held) {
      set_ref(name, tip); // the server's refs as they stood before the push
    }
    trust::PushOptions options;
    options.trust_root = root;
    options.held_refs = held;
    trust::PushReport report = trust::check_push(repo, {{old_id, new_id, ref}}, options);
    std::set<std::string> rules;
    for (const trust::RefVerdict& verdict : report.refs) {
      for (const trust::Problem& problem : verdict.problems) {
        rules.insert(problem.rule);
      }
    }
    return rules;
  }
};

TEST_F(OneJudge, SoundHistoryPassesBoth) {
  std::string root = commit("alice", with_policy(team()), {});
  std::string published =
      commit("carol", with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Demo")}}), {root});
  EXPECT_EQ(verify_rules(root, published), std::set<std::string>{});
  set_ref("refs/heads/main", root);
  EXPECT_EQ(hook_rules(root, {{"refs/heads/main", root}}, "refs/heads/main", root, published),
            std::set<std::string>{});
}

// Issue 19: a merge is authorized by its first parent's policy, and its changes are
// measured against it; another parent from before carol's retirement cannot bring her
// back.
TEST_F(OneJudge, AMergeCannotRollThePolicyBack) {
  std::string root = commit("alice", with_policy(team()), {});
  std::string retired = commit("alice", with_policy(team("retired")), {root});
  std::string merge = commit("carol",
                             with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Demo")}}),
                             {retired, root});
  std::set<std::string> verify = verify_rules(root, merge);
  std::set<std::string> hook = hook_rules(root, {{"refs/heads/main", retired}}, "refs/heads/main", retired, merge);
  EXPECT_EQ(verify, hook);
  EXPECT_EQ(verify.count("not-authorized"), 1U);
}

// An admin's merge that brings back an older policy is a policy change of its own,
// judged against the first parent: allowed for an admin, and both judges agree.
TEST_F(OneJudge, AnAdminMayUndoAPolicyChangeInAMerge) {
  std::string root = commit("alice", with_policy(team()), {});
  std::string retired = commit("alice", with_policy(team("retired")), {root});
  std::string merge = commit("alice", with_policy(team()), {retired, root});
  EXPECT_EQ(verify_rules(root, merge), std::set<std::string>{});
  EXPECT_EQ(hook_rules(root, {{"refs/heads/main", retired}}, "refs/heads/main", retired, merge),
            std::set<std::string>{});
}

// Issue 19: a commit pushed to a review branch (where bob, an operator, may sign) is
// judged again when main takes it in: a fast-forward does not make it trusted.
TEST_F(OneJudge, AReviewCommitIsJudgedAgainWhenMainTakesItIn) {
  std::string root = commit("alice", with_policy(team()), {});
  std::string review =
      commit("bob", with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Demo")}}), {root});
  std::vector<std::pair<std::string, std::string>> held = {{"refs/heads/main", root},
                                                           {"refs/heads/review/demo", review}};
  EXPECT_EQ(hook_rules(root, {{"refs/heads/main", root}}, "refs/heads/review/demo", k_zero, review),
            std::set<std::string>{});
  std::set<std::string> hook = hook_rules(root, held, "refs/heads/main", root, review);
  EXPECT_EQ(hook, verify_rules(root, review));
  EXPECT_EQ(hook.count("not-authorized"), 1U);
}

// A side commit by carol made on the history before her retirement, merged by alice
// after it: retired people sign nothing new, whatever commit they build on.
TEST_F(OneJudge, ARetiredPersonsSideCommitIsRefusedByBoth) {
  std::string root = commit("alice", with_policy(team()), {});
  std::string retired = commit("alice", with_policy(team("retired")), {root});
  std::string side =
      commit("carol", with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Demo")}}), {root});
  std::string merge = commit(
      "alice", with_policy(team("retired"), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Demo")}}),
      {retired, side});
  std::set<std::string> verify = verify_rules(root, merge);
  EXPECT_EQ(verify.count("retired-signer"), 1U);
  EXPECT_EQ(hook_rules(root, {{"refs/heads/main", retired}}, "refs/heads/main", retired, merge), verify);
  // And the same side commit alone, pushed as a review branch after the retirement.
  EXPECT_EQ(hook_rules(root, {{"refs/heads/main", retired}}, "refs/heads/review/x", k_zero, side),
            std::set<std::string>{"retired-signer"});
}

// A review commit that edits a version published where its branch forked is refused
// by both: by the hook when the review branch comes, by verify once main merged it.
TEST_F(OneJudge, AReviewCommitThatEditsAPublishedVersionIsRefusedByBoth) {
  std::string root = commit("alice", with_policy(team()), {});
  std::string published =
      commit("carol", with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Demo")}}), {root});
  std::string edit =
      commit("bob", with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Edited")}}), {published});
  std::string merge =
      commit("alice", with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Demo")}}), {published, edit});
  EXPECT_EQ(hook_rules(root, {{"refs/heads/main", published}}, "refs/heads/review/x", k_zero, edit),
            std::set<std::string>{"append-only"});
  EXPECT_EQ(verify_rules(root, merge), std::set<std::string>{"append-only"});
  EXPECT_EQ(hook_rules(root, {{"refs/heads/main", published}}, "refs/heads/main", published, merge),
            std::set<std::string>{"append-only"});
}

// A draft on a review branch may still change until main publishes it.
TEST_F(OneJudge, ADraftOnAReviewBranchMayChangeUntilItIsMerged) {
  std::string root = commit("alice", with_policy(team()), {});
  std::string draft =
      commit("bob", with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Draft")}}), {root});
  std::string better =
      commit("bob", with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Better")}}), {draft});
  std::string merge =
      commit("carol", with_policy(team(), {{"runbooks/demo/v1.yaml", runbook("demo", 1, "Better")}}), {root, better});
  EXPECT_EQ(hook_rules(root, {{"refs/heads/main", root}}, "refs/heads/review/x", k_zero, better),
            std::set<std::string>{});
  EXPECT_EQ(verify_rules(root, merge), std::set<std::string>{});
  EXPECT_EQ(hook_rules(root, {{"refs/heads/main", root}, {"refs/heads/review/x", better}}, "refs/heads/main", root,
                       merge),
            std::set<std::string>{});
}

// Issue 19: the trust root is the first commit of the protected branch, never that of
// another branch that happens to sort first and hold its own policy.
TEST_F(OneJudge, TheTrustRootComesFromTheProtectedBranch) {
  std::string root = commit("alice", with_policy(team()), {});
  std::string impostor = commit("carol", with_policy({{"carol", keys["carol"], "admin, author"}}), {});
  set_ref("refs/heads/main", root);
  set_ref("refs/heads/aaa-import", impostor);
  trust::PolicyStore policies(repo);
  trust::PushStart start = trust::find_push_start(repo, policies, std::nullopt, {});
  ASSERT_TRUE(start.trust_root.has_value());
  EXPECT_EQ(*start.trust_root, root);
}

} // namespace history_judge_test
