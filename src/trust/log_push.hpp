#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "git/repository.hpp"
#include "trust/commit_judge.hpp"
#include "trust/policy_store.hpp"
#include "trust/problem.hpp"
#include "trust/push_check.hpp"

namespace trust {

// What a push brings to the log branch.
struct LogPush {
  const RefUpdate& update;
  const std::vector<std::string>& new_commits; // parents first
  std::string protected_tip;                   // whose policy and published versions count
};

// Asked before each commit: a reason to stop reading (time, too many problems), if any.
using StopReason = std::function<std::optional<Problem>(const std::string&, const std::vector<Problem>&)>;

// The log branch's rules for a push (DESIGN §6): one line of commits from the old tip
// (or a new root), each signed by an operator or approver of the protected tip's
// policy and adding one valid record (RecordJudge).
std::vector<Problem> log_push_problems(const git::Repository& repo,
                                       CommitJudge& judge,
                                       PolicyStore& policies,
                                       const LogPush& push,
                                       const StopReason& stop,
                                       std::size_t& commits_checked);

} // namespace trust
