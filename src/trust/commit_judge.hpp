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

// Judges one commit against the policies of its parents (DESIGN §5): it must be one
// well-formed commit object, carry exactly one good signature, and at least one
// parent's policy must let its signer make its changes. The same code serves `verify`
// and the server hook.
class CommitJudge {
public:
  CommitJudge(const git::Repository& repo, PolicyStore& policies) : m_repo(repo), m_policies(policies) {}

  // Problems of `commit` on a branch of `kind`. `trusted_parents` are the parents
  // whose policy may judge it (those that descend from the trust root); for the trust
  // root itself, pass the commit itself: it is judged by its own policy. For a commit
  // on the log branch, `policy_commit` names the protected-branch commit whose policy
  // judges it instead.
  Verdict judge(const std::string& commit,
                core::BranchKind kind,
                const std::vector<std::string>& trusted_parents,
                const std::optional<std::string>& policy_commit = std::nullopt);

  // Problems with the runbook files a commit on a protected branch changes compared to
  // one of its parents (append-only, names, numbering: core::check_version_changes),
  // where the parent's files count as published, or those of `published_at` (the
  // protected branch, for a commit on a review branch).
  std::vector<Problem> version_problems(const std::string& commit,
                                        const std::string& parent,
                                        const std::optional<std::string>& published_at = std::nullopt);

private:
  const git::Repository& m_repo;
  PolicyStore& m_policies;
};

} // namespace trust
