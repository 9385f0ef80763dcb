#include "trust/held_history.hpp"

#include "core/ref_rules.hpp"

#include <algorithm>

namespace trust {

HeldHistory::HeldHistory(const git::Repository& repo, std::vector<std::pair<std::string, std::string>> held_refs)
    : m_repo(repo), m_refs(std::move(held_refs)) {
  for (const auto& [name, target] : m_refs) {
    m_tips.push_back(target);
  }
}

std::vector<std::string> HeldHistory::judged_tips(const core::Policy* policy, bool review_too) const {
  std::vector<std::string> tips;
  for (const auto& [name, tip] : m_refs) {
    core::RefKind kind = policy != nullptr ? core::classify_ref(*policy, name) : core::RefKind::refused;
    bool judged = kind == core::RefKind::protected_branch ||
                  (review_too && (kind == core::RefKind::review_branch || kind == core::RefKind::tag));
    if (judged) {
      tips.push_back(tip);
    }
  }
  return tips;
}

std::vector<std::string>
HeldHistory::new_commits(const core::Policy* policy, const std::string& tip, bool protected_kind) const {
  std::vector<std::string> commits = m_repo.commits_between(tip, judged_tips(policy, !protected_kind));
  const std::set<std::string>& accepted = protected_kind ? m_accepted_protected : m_accepted;
  commits.erase(std::remove_if(commits.begin(),
                               commits.end(),
                               [&](const std::string& commit) { return accepted.count(commit) > 0; }),
                commits.end());
  return commits;
}

bool HeldHistory::after_root(const std::string& trust_root, const std::string& commit) {
  if (!m_before_root) {
    std::vector<std::string> older = m_repo.commits_between(trust_root, {});
    m_before_root = std::set<std::string>(older.begin(), older.end());
  }
  return commit == trust_root || (m_before_root->count(commit) == 0 && m_repo.read_raw(commit).has_value());
}

std::optional<std::string> HeldHistory::held_fork(const core::Policy* policy,
                                                  const std::string& trust_root,
                                                  const std::optional<std::string>& protected_tip,
                                                  const std::string& commit,
                                                  bool protected_kind) {
  if (!after_root(trust_root, commit)) {
    return std::nullopt;
  }
  for (const std::string& tip : judged_tips(policy, false)) {
    if (m_repo.is_ancestor(commit, tip)) {
      return commit;
    }
  }
  if (protected_kind || !protected_tip) {
    return std::nullopt;
  }
  for (const std::string& tip : judged_tips(policy, true)) {
    if (m_repo.is_ancestor(commit, tip)) {
      std::optional<std::string> base = m_repo.merge_base(commit, *protected_tip);
      return base && after_root(trust_root, *base) ? base : std::nullopt;
    }
  }
  return std::nullopt;
}

void HeldHistory::accept(const std::string& commit, bool mainline) {
  m_accepted.insert(commit);
  if (mainline) {
    m_accepted_protected.insert(commit);
  }
}

} // namespace trust
