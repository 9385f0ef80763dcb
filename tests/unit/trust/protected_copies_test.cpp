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

} // namespace protected_copies_test
