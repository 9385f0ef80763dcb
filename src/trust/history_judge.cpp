#include "trust/history_judge.hpp"

#include "trust/file_rules.hpp"

#include "core/runbook_paths.hpp"
#include "core/version_rules.hpp"
#include "util/text.hpp"

#include <algorithm>

namespace trust {

namespace {

bool unreadable(const Verdict& verdict) {
  return std::any_of(verdict.problems.begin(), verdict.problems.end(), [](const Problem& problem) {
    return problem.rule == "malformed-commit" || problem.rule == "missing-object";
  });
}

} // namespace

HistoryJudge::HistoryJudge(const git::Repository& repo,
                           PolicyStore& policies,
                           CommitJudge& signatures,
                           std::string trust_root)
    : m_repo(repo), m_policies(policies), m_signatures(signatures), m_trust_root(std::move(trust_root)) {}

std::optional<std::string> HistoryJudge::fork_of(const std::string& commit) {
  auto known = m_forks.find(commit);
  if (known != m_forks.end()) {
    return known->second;
  }
  return m_held ? m_held(commit) : std::nullopt;
}

std::vector<Problem> HistoryJudge::version_problems(const std::string& commit,
                                                    const std::string& parent,
                                                    const std::string& published_at) {
  if (m_repo.tree_of(commit) == m_repo.tree_of(parent)) {
    return {};
  }
  auto files_of = [&](const std::string& id) {
    std::vector<core::TreeFile> files;
    for (const git::TreeEntry& entry : m_repo.list_files_at(id, core::k_runbooks_folder)) {
      files.push_back(core::TreeFile{entry.name, entry.id, entry.mode});
    }
    return files;
  };
  std::vector<core::TreeFile> before = files_of(parent);
  std::vector<core::TreeFile> published = published_at == parent ? before : files_of(published_at);
  std::vector<Problem> problems;
  for (const core::VersionProblem& problem : core::check_version_changes(published, before, files_of(commit))) {
    problems.push_back(problem_at(commit, "append-only", problem.what,
                                  problem.push_fix + "; take the change out of the commits you push "
                                                     "(`git rebase -i @{u}`) and push again"));
  }
  return problems;
}

std::vector<Problem> HistoryJudge::policy_state_problems(const std::string& commit,
                                                         const std::optional<std::string>& first_parent,
                                                         const std::vector<Problem>& found) {
  if (commit != m_trust_root && first_parent &&
      m_policies.identity(commit) == m_policies.identity(*first_parent)) {
    return {}; // the commit leaves the policy as it found it
  }
  const PolicyState& state = m_policies.at(commit);
  std::vector<Problem> problems;
  bool file_reported = std::any_of(found.begin(), found.end(), [](const Problem& problem) {
    return problem.rule == "invalid-file" && problem.message.find(core::k_policy_path) != std::string::npos;
  });
  if (!state.policy && !file_reported) {
    problems.push_back(problem_at(commit, "invalid-policy", "the commit leaves the policy unusable: " + state.problem,
                                  "an admin repairs .runbook/policy.yaml in a new signed commit; `git runbook "
                                  "keys list` shows what is read"));
  }
  for (const std::string& key_problem : state.key_problems) {
    problems.push_back(problem_at(commit, "bad-key-file", key_problem,
                                  "an admin replaces the file with the person's public key (`gpg --armor "
                                  "--export <fingerprint>`)"));
  }
  return problems;
}

Verdict HistoryJudge::judge(const std::string& commit, const CommitPlace& place) {
  bool root = commit == m_trust_root;
  std::vector<std::string> parents = m_repo.parents(commit);
  std::optional<std::string> first = parents.empty() ? std::nullopt : std::optional(parents.front());
  std::optional<std::string> first_fork = !root && first ? fork_of(*first) : std::nullopt;
  std::vector<std::string> judges;
  if (root) {
    judges.push_back(commit);
  } else if (first_fork) {
    judges.push_back(*first);
  }
  Verdict verdict = m_signatures.judge(
      commit, place.mainline ? core::BranchKind::protected_branch : core::BranchKind::review, judges);
  if (!unreadable(verdict)) {
    const PolicyState& state = m_policies.at(judges.empty() ? commit : judges.front());
    std::vector<Problem>& found = verdict.problems;
    if (state.policy) {
      std::vector<Problem> files = file_problems(m_repo, commit, first, *state.policy);
      found.insert(found.end(), files.begin(), files.end());
    }
    if (first_fork) {
      std::vector<Problem> versions = version_problems(commit, *first, *first_fork);
      found.insert(found.end(), versions.begin(), versions.end());
    }
    std::vector<Problem> left = policy_state_problems(commit, first, found);
    found.insert(found.end(), left.begin(), left.end());
    if (root || first_fork) {
      m_forks[commit] = place.mainline || root ? commit : *first_fork;
    }
    if (place.mainline || root) {
      note_cuts(commit, root ? std::nullopt : first);
    }
  }
  if (verdict.problems.empty() && !verdict.signer.empty()) {
    m_signed_by[verdict.signer].push_back({commit, place.ref});
  }
  for (Problem& problem : verdict.problems) {
    problem.ref = place.ref;
  }
  return verdict;
}

void HistoryJudge::remember(const std::string& commit, const CommitPlace& place, const std::string& signer) {
  bool root = commit == m_trust_root;
  std::vector<std::string> parents = m_repo.parents(commit);
  std::optional<std::string> first = parents.empty() ? std::nullopt : std::optional(parents.front());
  std::optional<std::string> first_fork = !root && first ? fork_of(*first) : std::nullopt;
  if (root || first_fork) {
    m_forks[commit] = place.mainline || root ? commit : *first_fork;
  }
  if (place.mainline || root) {
    note_cuts(commit, root ? std::nullopt : first);
  }
  if (signer != "-" && !signer.empty()) {
    m_signed_by[signer].push_back({commit, place.ref});
  }
}

void HistoryJudge::cut_at(const std::string& commit) {
  const PolicyState& state = m_policies.at(commit);
  if (!state.policy) {
    return;
  }
  for (const core::Person& person : state.policy->people) {
    if (core::is_cut_off(person.status)) {
      m_cuts[person.fingerprint].push_back(
          {commit, person.id, person.status == core::PersonStatus::revoked, false});
    }
  }
}

// Where the policy of a mainline commit retires or revokes someone its first parent's
// policy did not, or lets a retired person sign again.
void HistoryJudge::note_cuts(const std::string& commit, const std::optional<std::string>& first_parent) {
  const PolicyState& state = m_policies.at(commit);
  if (!state.policy) {
    return;
  }
  const core::Policy* before = nullptr;
  if (first_parent) {
    const PolicyState& earlier = m_policies.at(*first_parent);
    before = earlier.policy ? &*earlier.policy : nullptr;
  }
  for (const core::Person& person : state.policy->people) {
    const core::Person* was = before ? before->find_by_fingerprint(person.fingerprint) : nullptr;
    bool was_cut = was != nullptr && core::is_cut_off(was->status);
    if (core::is_cut_off(person.status) && (!was_cut || was->status != person.status)) {
      m_cuts[person.fingerprint].push_back(
          {commit, person.id, person.status == core::PersonStatus::revoked, false});
    } else if (!core::is_cut_off(person.status) && was_cut && was->status == core::PersonStatus::retired) {
      m_cuts[person.fingerprint].push_back({commit, person.id, false, true}); // back in the team
    }
  }
}

std::vector<Problem> HistoryJudge::finish() {
  std::vector<Problem> problems;
  for (const auto& [fingerprint, cuts] : m_cuts) {
    auto signed_commits = m_signed_by.find(fingerprint);
    if (signed_commits == m_signed_by.end()) {
      continue;
    }
    for (const Signed& signed_commit : signed_commits->second) {
      const Cut* first_cut = nullptr;
      bool allowed = false;
      for (const Cut& cut : cuts) {
        if (cut.lifted) {
          allowed = allowed || m_repo.is_ancestor(cut.commit, signed_commit.commit);
          continue;
        }
        first_cut = first_cut ? first_cut : &cut;
        allowed = allowed || m_repo.is_ancestor(signed_commit.commit, cut.commit);
      }
      if (allowed || first_cut == nullptr) {
        continue;
      }
      Problem problem =
          first_cut->revoked
              ? problem_at(signed_commit.commit, "revoked-key",
                           "it is signed by key " + fingerprint + " (" + first_cut->person +
                               "), which was revoked in commit " + util::shorten(first_cut->commit) +
                               ", and it was not part of the history before that",
                           "treat its changes as untrusted: leave it out of what you push; if it is "
                           "already shared, an admin reviews its changes and undoes them in a new "
                           "signed commit")
              : problem_at(signed_commit.commit, "retired-signer",
                           "it is signed by " + first_cut->person + ", who was retired in commit " +
                               util::shorten(first_cut->commit) +
                               ", and it was not part of the history before that",
                           "someone who is still in the team makes the change again and signs it; "
                           "leave this commit out of what you push");
      problem.ref = signed_commit.ref;
      problems.push_back(std::move(problem));
    }
  }
  return problems;
}

} // namespace trust
