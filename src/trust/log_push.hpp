#pragma once

#include "trust/commit_judge.hpp"
#include "trust/policy_store.hpp"
#include "trust/problem.hpp"
#include "trust/push_check.hpp"
#include "trust/record_judge.hpp"

#include "git/repository.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trust {

// What a push brings to the log branch.
struct LogPush {
  const RefUpdate& update;
  const std::vector<std::string>& new_commits; // parents first
  std::string protected_tip;                   // whose policy and published versions count
  // The first push to an empty server brings history, not news: it is judged as
  // `verify` judges history (LogCommit::cut_off_may_have_recorded_before).
  bool history = false;
};

// What a log branch has shown of the protected branch before each of its commits: the
// source commits its records pinned, in the log's own order (never by `at`, which the
// signer chooses). Once a record has followed a version of the protected branch where
// a person is retired (or their key revoked), nothing later in the log can be something
// that person recorded before. Read lazily: only such a person's record asks.
class LogClock {
public:
  // `commits`: the log's commits, parents first, as they are judged.
  LogClock(const git::Repository& repo, const RecordJudge& records, const std::vector<std::string>& commits)
      : m_repo(repo), m_records(records), m_commits(commits) {}

  // The source commits pinned by the records that come before `commit` in the log
  // (every pinned source when `commit` is not among the commits).
  const std::vector<std::string>& sources_before(const std::string& commit);

private:
  const git::Repository& m_repo;
  const RecordJudge& m_records;
  const std::vector<std::string>& m_commits;
  std::size_t m_read = 0;                  // commits read so far
  std::vector<std::string> m_sources;      // distinct, in the order first pinned
};

// One commit of the log branch to judge, and what judges it.
struct LogCommit {
  const git::Repository& repo;
  CommitJudge& judge;
  PolicyStore& policies;
  RecordJudge& records;
  const std::string& commit;
  const std::vector<std::string>& parents;
  const std::string& policy_commit; // the protected tip whose policy judges it
  // `verify`: the record of a person retired or revoked since is judged by the policy
  // of the version its run followed (what they recorded before stays valid, as their
  // earlier commits of the protected branch do). The hook, judging what arrives now,
  // does not allow it.
  bool cut_off_may_have_recorded_before = false;
  // With cut_off_may_have_recorded_before: the log's clock, which cuts that off once
  // the log has followed a version where the signer is retired or revoked.
  LogClock* clock = nullptr;
};

// The signature of a log commit, then the record it adds (RecordJudge). The same code
// for the hook and for `verify`.
Verdict judge_log_commit(const LogCommit& log);

// Asked before each commit: a reason to stop reading (time, too many problems), if any.
using StopReason =
    std::function<std::optional<Problem>(const std::string&, const std::vector<Problem>&)>;

// The log branch's rules for a push (DESIGN §6): one line of commits from the old tip
// (or a new root), each signed by an operator or approver of the protected tip's
// policy and adding one valid record (RecordJudge). Records that are accepted but need
// a look (ordering conflicts, by the server's clock) are added to `notices`.
[[nodiscard]] std::vector<Problem> log_push_problems(const git::Repository& repo,
                                       CommitJudge& judge,
                                       PolicyStore& policies,
                                       const LogPush& push,
                                       const StopReason& stop,
                                       std::size_t& commits_checked,
                                       std::vector<Notice>& notices);

} // namespace trust
