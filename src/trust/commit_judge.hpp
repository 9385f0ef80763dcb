#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/authorization.hpp"
#include "git/raw_commit.hpp"
#include "git/repository.hpp"
#include "trust/policy_store.hpp"
#include "trust/problem.hpp"

namespace trust {

// What judging a commit found: its problems (none when it is accepted), and the
// fingerprint of the key that made its good signature, when it has one.
struct Verdict {
  std::vector<Problem> problems;
  std::string signer;
};

// The signature and authorization of one commit (DESIGN §5): it must be one
// well-formed commit object, carry exactly one good signature, and the judging
// policy must let its signer make its changes. Which policy judges, and what else a
// commit gets, HistoryJudge decides (the one judge); log commits come through
// judge_log_commit.
class CommitJudge {
public:
  CommitJudge(const git::Repository& repo, PolicyStore& policies) : m_repo(repo), m_policies(policies) {}

  // Problems of `commit` on a branch of `kind`. `trusted_parents` are the parents
  // whose policy may judge it (those that descend from the trust root); for the trust
  // root itself, pass the commit itself: it is judged by its own policy. For a commit
  // on the log branch, `policy_commit` names the protected-branch commit whose policy
  // judges it instead.
  [[nodiscard]] Verdict judge(const std::string& commit,
                core::BranchKind kind,
                const std::vector<std::string>& trusted_parents,
                const std::optional<std::string>& policy_commit = std::nullopt);

  // The server judging what arrives now: a signature by a key that has expired is
  // refused by the server's own clock, though history signed while it was valid stays
  // valid (`verify`, and a first push that brings history).
  void refuse_expired_keys(bool refuse) { m_refuse_expired = refuse; }

private:
  const git::Repository& m_repo;
  PolicyStore& m_policies;
  bool m_refuse_expired = false;
};

} // namespace trust
