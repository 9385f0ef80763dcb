#include "support/shell.hpp"
#include "trust/log_push.hpp"
#include "trust/record_judge.hpp"

#include "core/record.hpp"
#include "core/runbook_paths.hpp"
#include "git/repository.hpp"
#include "util/temp_dir.hpp"
#include "yaml/record_yaml.hpp"

#include <gtest/gtest.h>

#include <gmock/gmock.h>
#include <map>
#include <string>
#include <vector>

namespace record_judge_test {

using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

std::string runbook_text(int version, const std::string& title) {
  return "id: demo\nversion: " + std::to_string(version) + "\ntitle: " + title +
         "\nowner: alice\nsummary: A demo.\n" + (version > 1 ? "change: Clearer words.\n" : "") +
         "steps:\n  - id: \"1\"\n    title: First\n    do: Do the first thing.\n";
}

// A repository built with git plumbing: commits of whole trees, refs set by hand.
class PinnedRepository : public testing::Test {
protected:
  util::TempDir dir{"git-runbook-judge"};
  git::Repository repo = git::Repository::init(dir.path());

  // A commit holding exactly `files` (path -> content), on `parents`.
  std::string commit(const std::map<std::string, std::string>& files,
                     const std::vector<std::string>& parents) {
    std::string git = "cd '" + dir.path().string() + "' && GIT_INDEX_FILE=.git/test-index ";
    test_support::shell_output(git + "git read-tree --empty");
    for (const auto& [path, content] : files) {
      test_support::shell_output(git + "git update-index --add --cacheinfo 100644," +
                                 repo.write_blob(content) + "," + path);
    }
    std::string tree = test_support::shell_output(git + "git write-tree");
    std::string command =
        "GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=T "
        "GIT_COMMITTER_EMAIL=t@example.com git commit-tree --no-gpg-sign -m test " +
        tree.substr(0, 40);
    for (const std::string& parent : parents) {
      command += " -p " + parent;
    }
    std::string made = test_support::shell_output(git + command);
    EXPECT_EQ(made.size(), 41u) << "commit-tree failed";
    return made.substr(0, 40);
  }

  void set_ref(const std::string& name, const std::string& commit) {
    test_support::shell_output("git -C '" + dir.path().string() + "' update-ref " + name + " " +
                               commit);
  }

  std::string blob_at(const std::string& commit, const std::string& path) {
    return repo.entry_at(commit, path)->id;
  }

  core::Record
  record(core::EventKind event, const std::string& blob, const std::string& source, int version) {
    core::Record r;
    r.run = core::make_run_id("demo", "20261129T2150Z", "7f3a");
    r.runbook = "demo";
    r.version = version;
    r.runbook_blob = blob;
    r.source_commit = source;
    r.event = event;
    if (event == core::EventKind::step) {
      r.step = "1";
      r.outcome = core::Outcome::done;
    }
    r.by = "alice";
    r.at =
        event == core::EventKind::start ? "2026-11-29T21:50:12.000Z" : "2026-11-29T21:51:00.000Z";
    if (event == core::EventKind::start) {
      r.inputs = {};
    }
    return r;
  }

  // A log commit that adds the record on `parent` (none: the log's first commit).
  std::string log_commit(const core::Record& r, const std::optional<std::string>& parent) {
    std::map<std::string, std::string> files;
    if (parent) {
      for (const git::TreeEntry& entry : repo.list_files_at(*parent, "runs")) {
        files[entry.name] = *repo.read_blob(entry.id);
      }
    }
    std::string second =
        r.event == core::EventKind::start ? "20261129T215012Z" : "20261129T215100Z";
    files[core::record_path(r, second, "9f2c")] = yaml::dump_record(r);
    return commit(files, parent ? std::vector<std::string>{*parent} : std::vector<std::string>{});
  }

  core::Person alice() {
    core::Person person;
    person.id = "alice";
    person.roles = {core::Role::operator_};
    return person;
  }

  std::vector<trust::Problem> judge_start(trust::RecordJudge judge, const core::Record& r) {
    return judge.judge(log_commit(r, std::nullopt), std::nullopt, alice());
  }

  // main (behind): v1 published; origin/main: v2 published on top; a review branch
  // holds a draft of v2 that was never published.
  std::string v1_commit = commit({{"runbooks/demo/v1.yaml", runbook_text(1, "Demo")}}, {});
  std::string v2_commit = commit({{"runbooks/demo/v1.yaml", runbook_text(1, "Demo")},
                                  {"runbooks/demo/v2.yaml", runbook_text(2, "Demo")}},
                                 {v1_commit});
  std::string draft_commit = commit({{"runbooks/demo/v1.yaml", runbook_text(1, "Demo")},
                                     {"runbooks/demo/v2.yaml", runbook_text(2, "Demo draft")}},
                                    {v1_commit});
  std::string v2_blob = blob_at(v2_commit, "runbooks/demo/v2.yaml");
  trust::PublishedCopies clone{{v1_commit, v2_commit}, "git fetch origin"};
  trust::PublishedCopies main_only{{v1_commit}, "git fetch origin"};
};

std::string rules(const std::vector<trust::Problem>& problems) {
  std::string out;
  for (const trust::Problem& problem : problems) {
    out += (out.empty() ? "" : " ") + problem.rule;
  }
  return out;
}

TEST_F(PinnedRepository, AVersionOnARemoteTrackingCopyCounts) {
  EXPECT_EQ(rules(judge_start(trust::RecordJudge(repo, clone),
                              record(core::EventKind::start, v2_blob, v2_commit, 2))),
            "");
  auto behind = judge_start(trust::RecordJudge(repo, main_only),
                            record(core::EventKind::start, v2_blob, v2_commit, 2));
  ASSERT_EQ(rules(behind), "not-published");
  EXPECT_THAT(behind[0].message, HasSubstr("runbooks/demo/v2.yaml"));
  EXPECT_THAT(
      behind[0].fix,
      StartsWith("if it was published after this clone last fetched, run `git fetch origin`"));
}

TEST_F(PinnedRepository, ASourceCommitOnlyAnOlderCopyHoldsCounts) {
  // Read from main before v2; main has moved on (origin/main), v1 unchanged there.
  std::string v1_blob = blob_at(v1_commit, "runbooks/demo/v1.yaml");
  trust::PublishedCopies moved{{v2_commit}, "git fetch origin"};
  EXPECT_EQ(rules(judge_start(trust::RecordJudge(repo, moved),
                              record(core::EventKind::start, v1_blob, v1_commit, 1))),
            "");
}

TEST_F(PinnedRepository, AMissingVersionInACloneSaysToFetch) {
  std::string absent = repo.hash_blob(runbook_text(2, "Demo, published elsewhere"));
  auto found = judge_start(trust::RecordJudge(repo, clone),
                           record(core::EventKind::start, absent, v2_commit, 2));
  ASSERT_EQ(rules(found), "not-published");
  EXPECT_EQ(found[0].message,
            "the run follows runbooks/demo/v2.yaml (" + absent.substr(0, 10) +
                "), published in a commit this clone does not have yet");
  EXPECT_THAT(
      found[0].fix,
      StartsWith("fetch it with `git fetch origin` (or `git runbook sync`), then verify again"));
  EXPECT_THAT(found[0].fix, Not(HasSubstr("reset")));
}

TEST_F(PinnedRepository, AMissingSourceCommitInACloneSaysToFetch) {
  std::string absent(40, 'b');
  auto found = judge_start(trust::RecordJudge(repo, clone),
                           record(core::EventKind::start, v2_blob, absent, 2));
  ASSERT_EQ(rules(found), "not-published");
  EXPECT_THAT(found[0].message,
              HasSubstr("as read from commit bbbbbbbbbb of the protected branch, which this clone "
                        "does not have yet"));
}

TEST_F(PinnedRepository, OnAServerWhatItLacksWasNeverPublished) {
  std::string absent = repo.hash_blob(runbook_text(2, "Demo, published elsewhere"));
  auto found = judge_start(trust::RecordJudge(repo, v2_commit),
                           record(core::EventKind::start, absent, v2_commit, 2));
  ASSERT_EQ(rules(found), "not-published");
  EXPECT_THAT(found[0].message, HasSubstr("which is not published on the protected branch"));
  EXPECT_THAT(found[0].fix, StartsWith("publish the runbook first (`git runbook publish demo`"));
  EXPECT_THAT(found[0].fix, HasSubstr("git runbook sync --drop"));
  EXPECT_THAT(found[0].fix, Not(HasSubstr("git fetch")));
}

TEST_F(PinnedRepository, ADraftNoCopyPublishesIsNotPublished) {
  std::string draft = blob_at(draft_commit, "runbooks/demo/v2.yaml");
  auto found = judge_start(trust::RecordJudge(repo, clone),
                           record(core::EventKind::start, draft, draft_commit, 2));
  ASSERT_EQ(rules(found), "not-published");
  EXPECT_THAT(found[0].message, HasSubstr("which is not published on the protected branch"));
}

TEST_F(PinnedRepository, ASourceCommitOffEveryCopyIsNotPublished) {
  // The published v2 blob, but read from a commit no protected copy holds.
  std::string aside = commit({{"runbooks/demo/v2.yaml", runbook_text(2, "Demo")}}, {v1_commit});
  auto found = judge_start(trust::RecordJudge(repo, clone),
                           record(core::EventKind::start, v2_blob, aside, 2));
  ASSERT_EQ(rules(found), "not-published");
  EXPECT_THAT(found[0].message, HasSubstr("source commit " + aside.substr(0, 10)));
  EXPECT_THAT(found[0].fix, HasSubstr("git runbook sync --drop"));
  EXPECT_THAT(found[0].fix, Not(HasSubstr("reset")));
}

TEST_F(PinnedRepository, EveryRecordOfARunWhoseVersionIsMissingSaysToFetch) {
  std::string absent = repo.hash_blob(runbook_text(2, "Demo, published elsewhere"));
  trust::RecordJudge judge(repo, clone);
  std::string start =
      log_commit(record(core::EventKind::start, absent, v2_commit, 2), std::nullopt);
  std::string step = log_commit(record(core::EventKind::step, absent, v2_commit, 2), start);
  EXPECT_EQ(rules(judge.judge(start, std::nullopt, alice())), "not-published");
  EXPECT_EQ(rules(judge.judge(step, start, alice())), "not-published");
}

TEST_F(PinnedRepository, NoRecordProblemAdvisesAReset) {
  // A record that names two versions: the default fix, for records made by hand.
  trust::RecordJudge judge(repo, clone);
  std::string start =
      log_commit(record(core::EventKind::start, v2_blob, v2_commit, 2), std::nullopt);
  std::string v1_blob = blob_at(v1_commit, "runbooks/demo/v1.yaml");
  std::string step = log_commit(record(core::EventKind::step, v1_blob, v1_commit, 1), start);
  EXPECT_EQ(rules(judge.judge(start, std::nullopt, alice())), "");
  auto found = judge.judge(step, start, alice());
  ASSERT_EQ(rules(found), "pin-mismatch");
  EXPECT_THAT(found[0].fix, HasSubstr("git runbook sync --drop <record path>"));
  EXPECT_THAT(found[0].fix, Not(HasSubstr("reset")));
}

// The log's clock (trust::LogClock): what the log had shown of the protected branch
// before each commit, in the log's own order, whatever the records' `at` says.
TEST_F(PinnedRepository, TheLogClockListsTheSourcesPinnedBeforeEachCommit) {
  std::string v1_blob = blob_at(v1_commit, "runbooks/demo/v1.yaml");
  std::string first = log_commit(record(core::EventKind::start, v1_blob, v1_commit, 1), std::nullopt);
  std::string second = log_commit(record(core::EventKind::step, v1_blob, v1_commit, 1), first);
  core::Record later_start = record(core::EventKind::start, v2_blob, v2_commit, 2);
  later_start.run = core::make_run_id("demo", "20261129T2250Z", "8e4b");
  later_start.at = "2020-01-01T00:00:00.000Z"; // dated long before: the log's order counts
  std::string third = log_commit(later_start, second);
  std::string fourth = log_commit(record(core::EventKind::step, v1_blob, v1_commit, 1), third);
  std::vector<std::string> commits{first, second, third, fourth};
  trust::RecordJudge records(repo, clone);
  trust::LogClock clock(repo, records, commits);
  EXPECT_TRUE(clock.sources_before(first).empty());
  EXPECT_EQ(clock.sources_before(third), std::vector<std::string>{v1_commit});
  EXPECT_EQ(clock.sources_before(fourth), (std::vector<std::string>{v1_commit, v2_commit}));
}

} // namespace record_judge_test
