// Witnessed time (issue 18): the checkpoint chain as `verify` judges it, on small
// repositories built here with real keys: alice (admin), wendy (witness), bob
// (operator).
#include "support/gnupg_home.hpp"
#include "support/shell.hpp"

#include "core/checkpoint.hpp"
#include "git/repository.hpp"
#include "trust/checkpoint_judge.hpp"
#include "trust/policy_store.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace checkpoint_judge_test {

using Files = std::map<std::string, std::string>;

class CheckpointChain : public testing::Test {
protected:
  test_support::GnupgHome gnupg;
  util::TempDir dir{"git-runbook-checkpoints"};
  git::Repository repo = git::Repository::init(dir.path());
  std::map<std::string, std::string> keys;
  std::string main1;
  std::string main2;
  std::string log1;
  Files base; // main1's files: the policy and keys

  void SetUp() override {
    std::string policy = "version: 1\nprotected_branches: [main]\nlog_branch: runbook-log\npeople:\n";
    Files files;
    for (const auto& [person, roles] : std::map<std::string, std::string>{
             {"alice", "admin, author"}, {"wendy", "witness"}, {"bob", "operator"}}) {
      keys[person] = gnupg.make_key(person, person + "@example.com");
      files[".runbook/keys/" + person + ".asc"] = test_support::shell_output("gpg --batch --armor --export " + keys[person]);
      policy += "  " + person + ":\n    name: " + person + "\n    email: " + person + "@example.com\n    key: .runbook/keys/" +
                person + ".asc\n    fingerprint: " + keys[person] + "\n    roles: [" + roles + "]\n";
    }
    files[".runbook/policy.yaml"] = policy;
    base = files;
    main1 = commit("alice", files, {});
    files["README.md"] = "Runbooks.\n";
    main2 = commit("alice", files, {main1});
    log1 = commit("bob", {{"runs/x.yaml", "a: 1\n"}}, {});
    set_ref("refs/heads/main", main2);
    set_ref("refs/heads/runbook-log", log1);
  }

  std::string commit(const std::string& person, const Files& files, const std::vector<std::string>& parents) {
    std::string git = "cd '" + dir.path().string() + "' && GIT_INDEX_FILE=.git/test-index ";
    test_support::shell_output(git + "git read-tree --empty");
    for (const auto& [path, content] : files) {
      test_support::shell_output(git + "git update-index --add --cacheinfo 100644," + repo.write_blob(content) + "," + path);
    }
    std::string tree = test_support::shell_output(git + "git write-tree").substr(0, 40);
    std::string sign = person.empty() ? " --no-gpg-sign" : " -S" + keys[person];
    std::string command = "GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=T "
                          "GIT_COMMITTER_EMAIL=t@example.com git commit-tree" + sign + " -m checkpoint " + tree;
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

  // A checkpoint commit naming main at `main` and the log at log1, signed by `person`
  // ("": unsigned).
  std::string checkpoint(const std::string& person, const std::string& time, const std::string& main,
                         const std::vector<std::string>& parents) {
    core::Checkpoint said;
    said.at = time;
    said.log_branch = "runbook-log";
    said.tips = {{"main", main}, {"runbook-log", log1}};
    return commit(person, {{core::k_checkpoint_file, core::format_checkpoint(said)}}, parents);
  }

  std::set<std::string> rules(const std::string& tip, std::size_t* trusted = nullptr) {
    trust::PolicyStore policies(repo);
    trust::WitnessedHistory judged = trust::judge_checkpoints(repo, policies, tip, "main");
    std::set<std::string> found;
    for (const trust::Problem& problem : judged.problems) {
      found.insert(problem.rule);
    }
    if (trusted != nullptr) {
      *trusted = judged.trusted.size();
    }
    return found;
  }
};

TEST_F(CheckpointChain, AWitnessSignedForwardChainPasses) {
  std::string first = checkpoint("wendy", "2026-12-06T01:00:00Z", main1, {});
  std::string second = checkpoint("wendy", "2026-12-06T02:00:00Z", main2, {first});
  std::size_t trusted = 0;
  EXPECT_EQ(rules(second, &trusted), std::set<std::string>{});
  EXPECT_EQ(trusted, 2U);
  trust::PolicyStore policies(repo);
  auto windows = trust::witnessed_windows(repo, trust::judge_checkpoints(repo, policies, second, "main").trusted, log1);
  EXPECT_EQ(windows.at(log1).by, "2026-12-06T01:00:00Z");
}

TEST_F(CheckpointChain, AnUnsignedCheckpointIsReported) {
  std::size_t trusted = 1;
  EXPECT_EQ(rules(checkpoint("", "2026-12-06T01:00:00Z", main2, {}), &trusted),
            std::set<std::string>{"checkpoint-unsigned"});
  EXPECT_EQ(trusted, 0U);
}

TEST_F(CheckpointChain, ACheckpointSignedByANonWitnessIsReported) {
  EXPECT_EQ(rules(checkpoint("bob", "2026-12-06T01:00:00Z", main2, {})), std::set<std::string>{"checkpoint-not-witness"});
  EXPECT_EQ(rules(checkpoint("alice", "2026-12-06T01:00:00Z", main2, {})), std::set<std::string>{"checkpoint-not-witness"})
      << "an admin is not a witness";
}

TEST_F(CheckpointChain, ABranchingChainIsReported) {
  std::string first = checkpoint("wendy", "2026-12-06T01:00:00Z", main1, {});
  std::string side = checkpoint("wendy", "2026-12-06T01:30:00Z", main1, {});
  std::string merged = checkpoint("wendy", "2026-12-06T02:00:00Z", main2, {first, side});
  EXPECT_EQ(rules(merged), std::set<std::string>{"checkpoint-not-linear"});
}

TEST_F(CheckpointChain, AServerThatRewoundABranchIsReported) {
  std::string first = checkpoint("wendy", "2026-12-06T01:00:00Z", main2, {});
  std::string second = checkpoint("wendy", "2026-12-06T02:00:00Z", main1, {first});
  EXPECT_EQ(rules(second), std::set<std::string>{"server-rewound"});
}

TEST_F(CheckpointChain, ATipOutsideTodaysHistoryIsTwoHistories) {
  Files other = base;
  other["README.md"] = "Another history.\n";
  std::string elsewhere = commit("alice", other, {main1});
  std::string only = checkpoint("wendy", "2026-12-06T01:00:00Z", elsewhere, {});
  EXPECT_EQ(rules(only), std::set<std::string>{"two-histories"});
}

TEST_F(CheckpointChain, TheServersClockGoingBackIsReported) {
  std::string first = checkpoint("wendy", "2026-12-06T02:00:00Z", main1, {});
  std::string second = checkpoint("wendy", "2026-12-06T01:00:00Z", main2, {first});
  EXPECT_EQ(rules(second), std::set<std::string>{"checkpoint-time"});
}

} // namespace checkpoint_judge_test
