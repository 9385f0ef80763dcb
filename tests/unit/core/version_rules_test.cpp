#include "core/version_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace version_rules_test {

using core::check_version_changes;
using core::TreeFile;
using core::VersionProblem;
using testing::HasSubstr;
using testing::Not;

constexpr unsigned k_regular = 0100644;
constexpr unsigned k_executable = 0100755;
constexpr unsigned k_link = 0120000;
constexpr unsigned k_submodule = 0160000;

TreeFile file(const std::string& path, const std::string& blob, unsigned mode = k_regular) {
  return TreeFile{path, blob, mode};
}

std::string show(const std::vector<VersionProblem>& problems) {
  std::string text;
  for (const VersionProblem& problem : problems) {
    text += "  [" + problem.path + "] " + problem.message + "\n";
  }
  return text.empty() ? "  (no problems)\n" : text;
}

// The problems reported for `path`.
std::vector<VersionProblem> about(const std::vector<VersionProblem>& problems, const std::string& path) {
  std::vector<VersionProblem> found;
  for (const VersionProblem& problem : problems) {
    if (problem.path == path) {
      found.push_back(problem);
    }
  }
  return found;
}

// Exactly one problem, about `path`; its message.
std::string only_problem(const std::vector<VersionProblem>& problems, const std::string& path) {
  EXPECT_EQ(problems.size(), 1U) << show(problems);
  if (problems.size() != 1U) {
    return {};
  }
  EXPECT_EQ(problems.front().path, path) << show(problems);
  // A message names its path and says what to do after a dash.
  EXPECT_THAT(problems.front().message, HasSubstr(path));
  EXPECT_THAT(problems.front().message, HasSubstr(" — "));
  return problems.front().message;
}

// ---------------------------------------------------------------- nothing to report

TEST(VersionRules, NoFilesNoProblems) { EXPECT_TRUE(check_version_changes({}, {}, {}).empty()); }

TEST(VersionRules, UnchangedTreeIsFine) {
  std::vector<TreeFile> tree = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2"),
                                file("runbooks/b/v1.yaml", "b1")};
  auto problems = check_version_changes(tree, tree, tree);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, FirstVersionOfANewRunbookIsFine) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/new-one/v1.yaml", "n1")};
  auto problems = check_version_changes(published, published, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, NextVersionAfterPublishedOnesIsFine) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2")};
  std::vector<TreeFile> after = published;
  after.push_back(file("runbooks/a/v3.yaml", "a3"));
  auto problems = check_version_changes(published, published, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, SeveralNewVersionsAtOnceAreFine) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2"),
                                 file("runbooks/a/v3.yaml", "a3"), file("runbooks/b/v1.yaml", "b1"),
                                 file("runbooks/b/v2.yaml", "b2")};
  auto problems = check_version_changes(published, published, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, VersionsSortNumericallyNotAsText) {
  // v10 sorts before v2 as text; the rule is about numbers.
  std::vector<TreeFile> before;
  for (int n = 1; n <= 10; ++n) {
    before.push_back(file("runbooks/a/v" + std::to_string(n) + ".yaml", "a" + std::to_string(n)));
  }
  std::vector<TreeFile> after = before;
  after.push_back(file("runbooks/a/v11.yaml", "a11"));
  auto problems = check_version_changes(before, before, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

// ---------------------------------------------------------------- published files

TEST(VersionRules, ChangingAPublishedFileIsRefused) {
  std::vector<TreeFile> published = {file("runbooks/onboarding/v1.yaml", "old")};
  std::vector<TreeFile> after = {file("runbooks/onboarding/v1.yaml", "new")};
  std::string message = only_problem(check_version_changes(published, published, after),
                                     "runbooks/onboarding/v1.yaml");
  EXPECT_THAT(message, HasSubstr("published"));
  EXPECT_THAT(message, HasSubstr("cannot change"));
  EXPECT_THAT(message, HasSubstr("`git runbook edit onboarding`"));
  EXPECT_THAT(message, HasSubstr("git restore --staged --worktree runbooks/onboarding/v1.yaml"));
}

TEST(VersionRules, ChangingTheModeOfAPublishedFileIsRefused) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1", k_executable)};
  auto problems = check_version_changes(published, published, after);
  auto mine = about(problems, "runbooks/a/v1.yaml");
  ASSERT_FALSE(mine.empty()) << show(problems);
  bool said_published = false;
  for (const VersionProblem& problem : mine) {
    said_published = said_published || problem.message.find("published") != std::string::npos;
  }
  EXPECT_TRUE(said_published) << show(problems);
}

TEST(VersionRules, ChangingOneOfSeveralPublishedFilesNamesOnlyThatOne) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2"),
                                     file("runbooks/b/v1.yaml", "b1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "EDITED"),
                                 file("runbooks/b/v1.yaml", "b1")};
  std::string message = only_problem(check_version_changes(published, published, after), "runbooks/a/v2.yaml");
  EXPECT_THAT(message, HasSubstr("git runbook edit a`"));
}

TEST(VersionRules, RemovingAPublishedFileIsRefused) {
  std::vector<TreeFile> published = {file("runbooks/payroll/v1.yaml", "p1"), file("runbooks/payroll/v2.yaml", "p2")};
  std::vector<TreeFile> after = {file("runbooks/payroll/v1.yaml", "p1")};
  std::string message =
      only_problem(check_version_changes(published, published, after), "runbooks/payroll/v2.yaml");
  EXPECT_THAT(message, HasSubstr("cannot be removed"));
  EXPECT_THAT(message, HasSubstr("`git runbook edit payroll`"));
  EXPECT_THAT(message, HasSubstr("git restore --staged --worktree runbooks/payroll/v2.yaml"));
}

TEST(VersionRules, RemovingAWholePublishedRunbookNamesEveryFile) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2"),
                                     file("runbooks/b/v1.yaml", "b1")};
  std::vector<TreeFile> after = {file("runbooks/b/v1.yaml", "b1")};
  auto problems = check_version_changes(published, published, after);
  EXPECT_EQ(problems.size(), 2U) << show(problems);
  EXPECT_EQ(about(problems, "runbooks/a/v1.yaml").size(), 1U) << show(problems);
  EXPECT_EQ(about(problems, "runbooks/a/v2.yaml").size(), 1U) << show(problems);
}

TEST(VersionRules, RenamingAPublishedFileIsRemovedPlusAdded) {
  // git mv runbooks/a/v2.yaml runbooks/a/v3.yaml
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v3.yaml", "a2")};
  auto problems = check_version_changes(published, published, after);
  auto removed = about(problems, "runbooks/a/v2.yaml");
  ASSERT_EQ(removed.size(), 1U) << show(problems);
  EXPECT_THAT(removed.front().message, HasSubstr("cannot be removed or renamed"));
  EXPECT_THAT(removed.front().message, HasSubstr("`git runbook edit a`"));
  // v3 without v2 leaves a gap.
  auto gap = about(problems, "runbooks/a/v3.yaml");
  ASSERT_EQ(gap.size(), 1U) << show(problems);
  EXPECT_THAT(gap.front().message, HasSubstr("skips version 2"));
}

TEST(VersionRules, RenamingAPublishedRunbookFolderIsRefused) {
  std::vector<TreeFile> published = {file("runbooks/old-name/v1.yaml", "x1")};
  std::vector<TreeFile> after = {file("runbooks/new-name/v1.yaml", "x1")};
  auto problems = check_version_changes(published, published, after);
  ASSERT_EQ(about(problems, "runbooks/old-name/v1.yaml").size(), 1U) << show(problems);
  EXPECT_TRUE(about(problems, "runbooks/new-name/v1.yaml").empty()) << show(problems);
}

TEST(VersionRules, RestoringAPublishedFileIsFine) {
  // The branch had lost a published file; putting it back as it was is no problem.
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2")};
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1")};
  auto problems = check_version_changes(published, before, published);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, RestoringAnEditedPublishedFileIsFine) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "damaged")};
  auto problems = check_version_changes(published, before, published);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, PublishedFileMissingFromBeforeIsNotReportedAsRemoved) {
  // A review branch made before v2 was published does not have v2; a commit on it
  // does not remove v2.
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2")};
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/b/v1.yaml", "draft")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/b/v1.yaml", "draft, edited")};
  auto problems = check_version_changes(published, before, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, PublishedRunbookMissingFromBeforeIsNotReported) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/z/v1.yaml", "z1")};
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2")};
  auto problems = check_version_changes(published, before, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, PublishedFilesOfOtherRunbooksMayStayAsTheyAre) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/b/v1.yaml", "b1")};
  std::vector<TreeFile> after = published;
  after.push_back(file("runbooks/c/v1.yaml", "c1"));
  auto problems = check_version_changes(published, published, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

// ---------------------------------------------------------------- drafts on a review branch

TEST(VersionRules, UnpublishedDraftMayChange) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "draft 1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "draft 2")};
  auto problems = check_version_changes(published, before, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, UnpublishedDraftMayBeRemoved) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "draft")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1")};
  auto problems = check_version_changes(published, before, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, UnpublishedNewRunbookMayBeRenamed) {
  std::vector<TreeFile> before = {file("runbooks/draft-name/v1.yaml", "d1")};
  std::vector<TreeFile> after = {file("runbooks/better-name/v1.yaml", "d1")};
  auto problems = check_version_changes({}, before, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, NothingPublishedYetEverythingMayChange) {
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1 edited")};
  auto problems = check_version_changes({}, before, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, RemovingADraftInTheMiddleLeavesAGap) {
  // v2 and v3 are drafts; removing v2 but keeping v3 leaves v1, v3: a gap the change made.
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2"),
                                  file("runbooks/a/v3.yaml", "a3")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v3.yaml", "a3")};
  auto problems = check_version_changes(published, before, after);
  auto gap = about(problems, "runbooks/a/v3.yaml");
  ASSERT_EQ(gap.size(), 1U) << show(problems);
  EXPECT_THAT(gap.front().message, HasSubstr("skips version 2"));
}

// ---------------------------------------------------------------- gaps

TEST(VersionRules, GapIsRefused) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v3.yaml", "a3")};
  std::string message = only_problem(check_version_changes(published, published, after), "runbooks/a/v3.yaml");
  EXPECT_THAT(message, HasSubstr("skips version 2"));
  EXPECT_THAT(message, HasSubstr("rename it to v2.yaml"));
}

TEST(VersionRules, GapInANewRunbookIsRefused) {
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v3.yaml", "a3")};
  std::string message = only_problem(check_version_changes({}, {}, after), "runbooks/a/v3.yaml");
  EXPECT_THAT(message, HasSubstr("skips version 2"));
}

TEST(VersionRules, StartingAtVersionTwoIsRefused) {
  std::vector<TreeFile> after = {file("runbooks/fresh/v2.yaml", "f2")};
  std::string message = only_problem(check_version_changes({}, {}, after), "runbooks/fresh/v2.yaml");
  EXPECT_THAT(message, HasSubstr("skips version 1"));
  EXPECT_THAT(message, HasSubstr("rename it to v1.yaml"));
}

TEST(VersionRules, JumpingFarAheadIsRefused) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2")};
  std::vector<TreeFile> after = published;
  after.push_back(file("runbooks/a/v10.yaml", "a10"));
  std::string message = only_problem(check_version_changes(published, published, after), "runbooks/a/v10.yaml");
  EXPECT_THAT(message, HasSubstr("skips version 3"));
}

TEST(VersionRules, GapIsReportedPerRunbook) {
  std::vector<TreeFile> after = {file("runbooks/a/v2.yaml", "a2"), file("runbooks/b/v1.yaml", "b1"),
                                 file("runbooks/b/v3.yaml", "b3"), file("runbooks/c/v1.yaml", "c1")};
  auto problems = check_version_changes({}, {}, after);
  EXPECT_EQ(problems.size(), 2U) << show(problems);
  EXPECT_EQ(about(problems, "runbooks/a/v2.yaml").size(), 1U) << show(problems);
  EXPECT_EQ(about(problems, "runbooks/b/v3.yaml").size(), 1U) << show(problems);
}

TEST(VersionRules, OldGapInAnUntouchedRunbookIsNotThisChangesProblem) {
  // Runbook b has a gap already (say, from before the hook); a change to runbook a
  // does not get blamed for it.
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/b/v1.yaml", "b1"),
                                     file("runbooks/b/v3.yaml", "b3")};
  std::vector<TreeFile> after = published;
  after.push_back(file("runbooks/a/v2.yaml", "a2"));
  auto problems = check_version_changes(published, published, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

TEST(VersionRules, FillingAGapIsFine) {
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v3.yaml", "a3")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2"),
                                 file("runbooks/a/v3.yaml", "a3")};
  auto problems = check_version_changes({}, before, after);
  EXPECT_TRUE(problems.empty()) << show(problems);
}

// ---------------------------------------------------------------- what may live under runbooks/

TEST(VersionRules, FilesThatAreNotVersionFilesAreRefusedWhenAdded) {
  for (const std::string& path :
       {std::string("runbooks/README.md"), std::string("runbooks/a/README.md"), std::string("runbooks/a/v01.yaml"),
        std::string("runbooks/a/V1.yaml"), std::string("runbooks/a/v1.yml"), std::string("runbooks/a/v0.yaml"),
        std::string("runbooks/a/b/v1.yaml"), std::string("runbooks/a/v1.yaml.orig"),
        std::string("runbooks/Bad-Id/v1.yaml"), std::string("runbooks/bad_id/v1.yaml"),
        std::string("runbooks/-a/v1.yaml"), std::string("runbooks/v1.yaml"), std::string("runbooks/a/.keep"),
        std::string("runbooks/" + std::string(64, 'a') + "/v1.yaml")}) {
    std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
    std::vector<TreeFile> after = published;
    after.push_back(file(path, "stray"));
    std::string message = only_problem(check_version_changes(published, published, after), path);
    EXPECT_THAT(message, HasSubstr("does not belong in runbooks/")) << path;
    EXPECT_THAT(message, HasSubstr("runbooks/<id>/v<N>.yaml")) << path;
  }
}

TEST(VersionRules, StrayFilesAlreadyThereAreNotRefusedUntilChanged) {
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/README.md", "readme"),
                                  file("runbooks/a/notes.txt", "notes")};
  // Untouched: fine.
  {
    std::vector<TreeFile> after = before;
    after.push_back(file("runbooks/a/v2.yaml", "a2"));
    auto problems = check_version_changes({}, before, after);
    EXPECT_TRUE(problems.empty()) << show(problems);
  }
  // Removed: fine.
  {
    std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1")};
    auto problems = check_version_changes({}, before, after);
    EXPECT_TRUE(problems.empty()) << show(problems);
  }
  // Changed: refused.
  {
    std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/README.md", "readme 2"),
                                   file("runbooks/a/notes.txt", "notes")};
    std::string message = only_problem(check_version_changes({}, before, after), "runbooks/README.md");
    EXPECT_THAT(message, HasSubstr("does not belong"));
  }
  // Mode changed: refused.
  {
    std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/README.md", "readme"),
                                   file("runbooks/a/notes.txt", "notes", k_executable)};
    only_problem(check_version_changes({}, before, after), "runbooks/a/notes.txt");
  }
}

TEST(VersionRules, StrayFileDoesNotCountAsAVersion) {
  // v01.yaml is not version 1, so v2 next to it still skips version 1.
  std::vector<TreeFile> after = {file("runbooks/a/v01.yaml", "x"), file("runbooks/a/v2.yaml", "a2")};
  auto problems = check_version_changes({}, {}, after);
  EXPECT_EQ(about(problems, "runbooks/a/v01.yaml").size(), 1U) << show(problems);
  ASSERT_EQ(about(problems, "runbooks/a/v2.yaml").size(), 1U) << show(problems);
  EXPECT_THAT(about(problems, "runbooks/a/v2.yaml").front().message, HasSubstr("skips version 1"));
}

// ---------------------------------------------------------------- file modes

TEST(VersionRules, SymlinkIsRefused) {
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "target path", k_link)};
  std::string message = only_problem(check_version_changes({}, {}, after), "runbooks/a/v1.yaml");
  EXPECT_THAT(message, HasSubstr("ordinary file"));
}

TEST(VersionRules, ExecutableIsRefused) {
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1", k_executable)};
  std::string message = only_problem(check_version_changes({}, {}, after), "runbooks/a/v1.yaml");
  EXPECT_THAT(message, HasSubstr("ordinary file"));
}

TEST(VersionRules, SubmoduleIsRefused) {
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "commit id", k_submodule)};
  std::string message = only_problem(check_version_changes({}, {}, after), "runbooks/a/v1.yaml");
  EXPECT_THAT(message, HasSubstr("ordinary file"));
}

TEST(VersionRules, SymlinkOrSubmoduleInPlaceOfARunbookFolderIsRefused) {
  for (unsigned mode : {k_link, k_submodule}) {
    std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/b", "x", mode)};
    auto problems = check_version_changes({}, {}, after);
    EXPECT_EQ(about(problems, "runbooks/b").size(), 1U) << std::oct << mode << "\n" << show(problems);
  }
}

TEST(VersionRules, DraftTurnedIntoASymlinkIsRefused) {
  std::vector<TreeFile> before = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1", k_link)};
  std::string message = only_problem(check_version_changes({}, before, after), "runbooks/a/v1.yaml");
  EXPECT_THAT(message, HasSubstr("ordinary file"));
}

TEST(VersionRules, ExecutableBitOnANewVersionIsRefusedEvenWithPublishedSiblings) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2", k_executable)};
  std::string message = only_problem(check_version_changes(published, published, after), "runbooks/a/v2.yaml");
  EXPECT_THAT(message, HasSubstr("ordinary file"));
}

// ---------------------------------------------------------------- messages

TEST(VersionRules, EveryMessageNamesItsPath) {
  std::vector<TreeFile> published = {file("runbooks/a/v1.yaml", "a1"), file("runbooks/a/v2.yaml", "a2"),
                                     file("runbooks/b/v1.yaml", "b1")};
  std::vector<TreeFile> after = {file("runbooks/a/v1.yaml", "edited"),     file("runbooks/b/v3.yaml", "b3"),
                                 file("runbooks/c/v1.yaml", "c", k_link), file("runbooks/notes.txt", "n"),
                                 file("runbooks/b/v1.yaml", "b1")};
  auto problems = check_version_changes(published, published, after);
  EXPECT_GE(problems.size(), 5U) << show(problems);
  for (const VersionProblem& problem : problems) {
    EXPECT_FALSE(problem.path.empty());
    EXPECT_THAT(problem.message, HasSubstr(problem.path));
    EXPECT_THAT(problem.message, HasSubstr(" — "));
  }
  EXPECT_EQ(about(problems, "runbooks/a/v1.yaml").size(), 1U) << show(problems);
  EXPECT_EQ(about(problems, "runbooks/a/v2.yaml").size(), 1U) << show(problems);
  EXPECT_EQ(about(problems, "runbooks/b/v3.yaml").size(), 1U) << show(problems);
  EXPECT_EQ(about(problems, "runbooks/c/v1.yaml").size(), 1U) << show(problems);
  EXPECT_EQ(about(problems, "runbooks/notes.txt").size(), 1U) << show(problems);
}

TEST(VersionRules, PublishedMessagesNameTheRunbookNotAPlaceholder) {
  std::vector<TreeFile> published = {file("runbooks/db-failover/v1.yaml", "d1")};
  std::vector<TreeFile> after = {file("runbooks/db-failover/v1.yaml", "d1 changed")};
  std::string message = only_problem(check_version_changes(published, published, after),
                                     "runbooks/db-failover/v1.yaml");
  EXPECT_THAT(message, HasSubstr("git runbook edit db-failover"));
  EXPECT_THAT(message, Not(HasSubstr("<id>")));
}

} // namespace version_rules_test
