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
  // `verify` judges history (LogCommit::retired_may_have_recorded_before).
  bool history = false;
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
  // `verify`: a retired person's record is judged by the policy of the version its
  // run followed (what they recorded before retiring stays valid). The hook, judging
  // what arrives now, does not allow it.
  bool retired_may_have_recorded_before = false;
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
std::vector<Problem> log_push_problems(const git::Repository& repo,
                                       CommitJudge& judge,
                                       PolicyStore& policies,
                                       const LogPush& push,
                                       const StopReason& stop,
                                       std::size_t& commits_checked,
                                       std::vector<Notice>& notices);

} // namespace trust
