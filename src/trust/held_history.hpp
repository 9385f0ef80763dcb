#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/policy.hpp"
#include "git/repository.hpp"

namespace trust {

// What a server held before a push, and what the push's check has accepted so far: which
// commits a ref takes in anew, and which held commits may be trusted, and for what. A
// commit is trusted only for what it was judged as (DESIGN §8): one held on a review
// branch or a tag is judged again when a protected branch takes it in.
class HeldHistory {
public:
  HeldHistory(const git::Repository& repo, std::vector<std::pair<std::string, std::string>> held_refs);

  // The commits every held ref names.
  const std::vector<std::string>& tips() const { return m_tips; }

  // The tips of held refs that `policy` names protected branches (and, with review_too,
  // review branches and tags): what this check judged when they came.
  std::vector<std::string> judged_tips(const core::Policy* policy, bool review_too) const;

  // Commits that become reachable from a ref of this kind with the push, parents first,
  // without those this push already accepted for that kind.
  std::vector<std::string> new_commits(const core::Policy* policy, const std::string& tip, bool protected_kind) const;

  // Whether a commit the server holds may be trusted at all: present, and not older
  // than the trust root (history from before the hook came). Only the root's own
  // ancestors are read, so the cost does not grow with the history after it.
  [[nodiscard]] bool after_root(const std::string& trust_root, const std::string& commit);

  // For the one judge: whether a commit held before the push was judged (for a
  // protected branch: on a protected branch; for a review branch or tag: on any of
  // them), and the protected-branch commit whose versions count as published for it.
  std::optional<std::string> held_fork(const core::Policy* policy,
                                       const std::string& trust_root,
                                       const std::optional<std::string>& protected_tip,
                                       const std::string& commit,
                                       bool protected_kind);

  // A commit this push found sound (mainline: on a protected branch's own line).
  void accept(const std::string& commit, bool mainline);

private:
  const git::Repository& m_repo;
  std::vector<std::pair<std::string, std::string>> m_refs; // name, commit
  std::vector<std::string> m_tips;
  std::optional<std::set<std::string>> m_before_root;
  std::set<std::string> m_accepted;           // judged sound in this push
  std::set<std::string> m_accepted_protected; // … on a protected branch's own line
};

} // namespace trust
