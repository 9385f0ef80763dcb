#include "trust/log_push.hpp"

#include "trust/record_judge.hpp"
#include "trust/signature_prefetch.hpp"

#include "util/clock.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <set>

namespace trust {

namespace {

constexpr const char* k_fix_line =
    "record with `git runbook` and share with `git runbook sync`, which keeps the log one line";

// The new commits must be exactly the line from the new tip down to the old one (or
// to a root, for a new log branch): nothing of another branch's history.
std::optional<Problem> off_the_line(const git::Repository& repo, const LogPush& push) {
  std::set<std::string> fresh(push.new_commits.begin(), push.new_commits.end());
  for (std::string at = push.update.new_id; at != push.update.old_id;) {
    if (fresh.count(at) == 0) {
      return problem_at(
          at,
          "log-not-linear",
          "the log branch would build on commit " + util::shorten(at) +
              ", which is not a record of the log; the log branch holds records only, on one line",
          k_fix_line);
    }
    std::vector<std::string> parents = repo.parents(at);
    if (parents.size() != 1) {
      break; // a root ends the line; a merge is reported commit by commit
    }
    at = parents.front();
  }
  return std::nullopt;
}

// The first source the log pinned before this commit where the signer is retired or
// their key revoked.
std::optional<std::string> cut_off_by_then(const LogCommit& log, const std::string& signer) {
  if (log.clock == nullptr) {
    return std::nullopt;
  }
  for (const std::string& source : log.clock->sources_before(log.commit)) {
    if (!log.repo.read_raw(source)) {
      continue;
    }
    const PolicyState& then = log.policies.at(source);
    const core::Person* person = then.policy ? then.policy->find_by_fingerprint(signer) : nullptr;
    if (person != nullptr && core::is_cut_off(person->status)) {
      return source;
    }
  }
  return std::nullopt;
}

} // namespace

const std::vector<std::string>& LogClock::sources_before(const std::string& commit) {
  for (; m_read < m_commits.size() && m_commits[m_read] != commit; ++m_read) {
    const std::string& at = m_commits[m_read];
    std::vector<std::string> parents = m_repo.parents(at);
    std::optional<std::string> parent =
        parents.size() == 1 ? std::optional(parents.front()) : std::nullopt;
    std::optional<std::string> source = m_records.pinned_source(at, parent);
    if (source && std::find(m_sources.begin(), m_sources.end(), *source) == m_sources.end()) {
      m_sources.push_back(*source);
    }
  }
  return m_sources;
}

Verdict judge_log_commit(const LogCommit& log) {
  std::optional<std::string> parent =
      log.parents.empty() ? std::nullopt : std::optional(log.parents.front());
  Verdict verdict = log.judge.judge(log.commit, core::BranchKind::log, {}, log.policy_commit);
  const PolicyState* judged_by = &log.policies.at(log.policy_commit);
  const core::Person* at_tip =
      judged_by->policy ? judged_by->policy->find_by_fingerprint(verdict.signer) : nullptr;
  if (log.cut_off_may_have_recorded_before && at_tip != nullptr && core::is_cut_off(at_tip->status)) {
    if (auto source = log.records.pinned_source(log.commit, parent);
        source && log.repo.read_raw(*source)) {
      Verdict earlier = log.judge.judge(log.commit, core::BranchKind::log, {}, *source);
      if (!earlier.problems.empty()) {
        // the version it followed does not allow it either: the verdict at the tip stands
      } else if (std::optional<std::string> cut = cut_off_by_then(log, verdict.signer)) {
        for (Problem& problem : verdict.problems) {
          problem.message += "; it comes after records that followed commit " + util::shorten(*cut) +
                             ", where " + at_tip->id +
                             (at_tip->status == core::PersonStatus::revoked
                                  ? "'s key is already revoked, so it was made after the revocation"
                                  : " is already retired, so it was made after the retirement");
        }
      } else {
        verdict = earlier;
        judged_by = &log.policies.at(*source);
      }
    }
  }
  const core::Person* signer =
      judged_by->policy ? judged_by->policy->find_by_fingerprint(verdict.signer) : nullptr;
  if (verdict.problems.empty() && signer != nullptr) {
    std::vector<Problem> found = log.records.judge(log.commit, parent, *signer);
    verdict.problems.insert(verdict.problems.end(), found.begin(), found.end());
  }
  return verdict;
}

std::vector<Problem> log_push_problems(const git::Repository& repo,
                                       CommitJudge& judge,
                                       PolicyStore& policies,
                                       const LogPush& push,
                                       const StopReason& stop,
                                       std::size_t& commits_checked,
                                       std::vector<Notice>& notices) {
  if (auto stray = off_the_line(repo, push)) {
    return {*stray};
  }
  RecordJudge records(repo, push.protected_tip);
  LogClock clock(repo, records, push.new_commits);
  std::vector<Problem> problems;
  const PolicyState& judging = policies.at(push.protected_tip);
  for (std::size_t at = 0; at < push.new_commits.size(); ++at) {
    const std::string& commit = push.new_commits[at];
    if (auto reason = stop(commit, problems)) {
      problems.push_back(*reason);
      break;
    }
    if (judging.keyring && at % k_signature_batch == 0) {
      auto from = push.new_commits.begin() + static_cast<std::ptrdiff_t>(at);
      auto to = push.new_commits.begin() +
                static_cast<std::ptrdiff_t>(std::min(push.new_commits.size(), at + k_signature_batch));
      check_signatures_ahead(repo, *judging.keyring, std::vector<std::string>(from, to));
    }
    ++commits_checked;
    std::vector<std::string> parents = repo.parents(commit);
    if (parents.size() > 1 || (parents.empty() && !is_zero_id(push.update.old_id))) {
      problems.push_back(problem_at(commit,
                                    "log-not-linear",
                                    parents.size() > 1
                                        ? "it is a merge; the log branch is one line of records"
                                        : "it starts a second history on the log branch",
                                    k_fix_line));
      continue;
    }
    Verdict verdict = judge_log_commit(
        LogCommit{repo, judge, policies, records, commit, parents, push.protected_tip, push.history, &clock});
    problems.insert(problems.end(), verdict.problems.begin(), verdict.problems.end());
  }
  if (problems.empty()) {
    std::vector<Notice> found = records.notices(util::now_millis());
    notices.insert(notices.end(), found.begin(), found.end());
  }
  return problems;
}

} // namespace trust
