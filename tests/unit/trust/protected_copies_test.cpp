#include "support/shell.hpp"
#include "trust/protected_copies.hpp"

#include "git/repository.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <string>
#include <vector>

namespace protected_copies_test {

using testing::ElementsAre;
using testing::Pair;

// A repository whose commits are made with git itself, in a work tree.
class CopiesRepository : public testing::Test {
protected:
  util::TempDir dir{"git-runbook-copies"};
  git::Repository repo = git::Repository::init(dir.path());

  std::string git(const std::string& arguments) {
    std::string out = test_support::shell_output(
        "cd '" + dir.path().string() +
        "' && GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.com "
        "GIT_COMMITTER_NAME=T "
        "GIT_COMMITTER_EMAIL=t@example.com git -c commit.gpgsign=false " +
        arguments + " 2>/dev/null");
    while (!out.empty() && out.back() == '\n') {
      out.pop_back();
    }
    return out;
  }

  // Writes a file, commits everything and returns the commit.
  std::string commit_file(const std::string& path, const std::string& content) {
    if (!started) {
      git("symbolic-ref HEAD refs/heads/main");
      started = true;
    }
    std::filesystem::path file = dir.path() / path;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << content;
    git("add -A");
    git("commit -q -m 'change " + path + "'");
    return git("rev-parse HEAD");
  }

  bool started = false;
};

TEST_F(CopiesRepository, LocalBranchFirstThenOriginThenOtherRemotes) {
  std::string first = commit_file("README.md", "one");
  git("update-ref refs/remotes/upstream/main " + first);
  git("update-ref refs/remotes/origin/main " + first);
  git("update-ref refs/remotes/origin/main-old " + first);
  auto copies = trust::protected_copies(repo, "main");
  EXPECT_THAT(copies,
              ElementsAre(Pair("refs/heads/main", first),
                          Pair("refs/remotes/origin/main", first),
                          Pair("refs/remotes/upstream/main", first)));
}

TEST_F(CopiesRepository, FetchCommandNamesTheRemoteTheCopiesComeFrom) {
  std::string first = commit_file("README.md", "one");
  EXPECT_EQ(trust::fetch_command(repo, {"runbook-log", "main"}), "git fetch <remote>");
  git("update-ref refs/remotes/upstream/runbook-log " + first);
  EXPECT_EQ(trust::fetch_command(repo, {"runbook-log", "main"}), "git fetch upstream");
  git("update-ref refs/remotes/origin/main " + first);
  EXPECT_EQ(trust::fetch_command(repo, {"runbook-log", "main"}), "git fetch origin");
}

TEST_F(CopiesRepository, PublishingCommitIsTheFirstOnTheBranchThatHoldsTheVersion) {
  commit_file("README.md", "one");
  std::string v1 = commit_file("runbooks/demo/v1.yaml", "first version");
  commit_file("README.md", "two");
  std::string v2 = commit_file("runbooks/demo/v2.yaml", "second version");
  commit_file("README.md", "three");
  // v3 comes through a review branch: published by the merge, not the branch's commit.
  git("checkout -q -b review");
  std::string drafted = commit_file("runbooks/demo/v3.yaml", "third version");
  git("checkout -q main");
  commit_file("README.md", "four");
  git("merge -q --no-ff --no-edit review");
  std::string merge = git("rev-parse HEAD");
  std::string tip = commit_file("README.md", "five");

  trust::PublishingCommits publishing(repo, {tip});
  auto blob = [&](const std::string& path) { return repo.entry_at(tip, path)->id; };
  EXPECT_EQ(publishing.find("runbooks/demo/v1.yaml", blob("runbooks/demo/v1.yaml")), v1);
  EXPECT_EQ(publishing.find("runbooks/demo/v2.yaml", blob("runbooks/demo/v2.yaml")), v2);
  EXPECT_EQ(publishing.find("runbooks/demo/v3.yaml", blob("runbooks/demo/v3.yaml")), merge);
  EXPECT_NE(merge, drafted);
  EXPECT_EQ(publishing.find("runbooks/demo/v2.yaml", repo.hash_blob("not this")), std::nullopt);
  EXPECT_EQ(publishing.find("runbooks/demo/v4.yaml", blob("runbooks/demo/v1.yaml")), std::nullopt);
}

TEST_F(CopiesRepository, PublishingCommitIsFoundOnAnyTip) {
  std::string v1 = commit_file("runbooks/demo/v1.yaml", "first version");
  std::string v2 = commit_file("runbooks/demo/v2.yaml", "second version");
  // Local main behind (at v1), origin/main at v2.
  trust::PublishingCommits publishing(repo, {v1, v2});
  EXPECT_EQ(
      publishing.find("runbooks/demo/v2.yaml", repo.entry_at(v2, "runbooks/demo/v2.yaml")->id), v2);
  EXPECT_EQ(
      publishing.find("runbooks/demo/v1.yaml", repo.entry_at(v2, "runbooks/demo/v1.yaml")->id), v1);
}

} // namespace protected_copies_test
