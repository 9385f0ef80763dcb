#include "trust/history_verifier.hpp"

#include "trust/commit_judge.hpp"
#include "trust/file_rules.hpp"
#include "trust/log_push.hpp"
#include "trust/policy_store.hpp"
#include "trust/protected_copies.hpp"
#include "trust/record_judge.hpp"
#include "trust/signature_prefetch.hpp"
#include "trust/trust_root.hpp"
#include "trust/verify_cache.hpp"

#include "core/policy.hpp"
#include "util/error.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace trust {

namespace {

class Walker {
public:
  Walker(const git::Repository& repo, std::string trust_root, VerifyCache* cache)
      : m_repo(repo), m_policies(repo), m_judge(repo, m_policies),
        m_trust_root(std::move(trust_root)), m_cache(cache) {
    m_report.trust_root = m_trust_root;
  }

  // Protected branch: every commit from the trust root to the tip.
  // Returns false when the tip cannot be read at all (reported as a problem).
  bool walk_protected(const std::string& ref, const std::string& tip) {
    m_report.refs.push_back(ref);
    bool has_root = false;
    try {
      has_root = m_repo.is_ancestor(m_trust_root, tip);
    } catch (const util::Error& unreadable) {
      // libgit2 cannot even walk from the tip: say why in the strict parser's words.
      Verdict verdict = m_judge.judge(tip, core::BranchKind::protected_branch, {});
      if (verdict.problems.empty()) {
        verdict.problems.push_back(
            {tip, "", "malformed-commit", unreadable.what(), "restore the branch from a backup"});
      }
      for (Problem& problem : verdict.problems) {
        problem.ref = ref;
        add(std::move(problem));
      }
      return false;
    }
    if (!has_root) {
      add({tip,
           ref,
           "outside-trust-root",
           "the branch does not contain the trust root " + util::shorten(m_trust_root),
           "check `git config runbook.trustRoot`, or fetch the full history"});
      return true;
    }
    m_report.protected_tips.push_back(tip);
    std::vector<std::string> hide = root_parents();
    // The branch's own line of history is its first-parent chain. Commits that only a
    // merge's other parents bring in were made on review branches: judged as such
    // (anyone of the policy may sign, drafts may change), while the merge itself must
    // keep every version published on the branch unchanged.
    std::vector<std::string> line = m_repo.first_parent_line(tip, m_trust_root);
    std::set<std::string> mainline(line.begin(), line.end());
    for (const std::string& commit : m_repo.commits_between(tip, hide)) {
      if (!m_trusted.insert(commit).second) {
        continue; // already judged on another protected branch
      }
      ++m_report.commits_checked;
      std::optional<std::string> known = m_cache ? m_cache->protected_signer(commit) : std::nullopt;
      if (known) {
        remember_cached(commit, ref, *known);
        continue;
      }
      std::size_t before = m_report.problems.size();
      try {
        judge_on_protected(commit, ref, mainline.count(commit) > 0);
        if (m_cache && m_report.problems.size() == before) {
          m_cache->remember_protected(commit, m_last_signer);
        }
      } catch (const util::Error& unreadable) {
        add({commit,
             ref,
             "malformed-commit",
             std::string("the commit cannot be read: ") + unreadable.what(),
             "this commit was not written by Git or git-runbook; remove it before it is pushed"});
      }
    }
    return true;
  }

  // The other copies of a protected branch (remote-tracking ones, or the local branch
  // when `walked_ref` is a remote one): records may follow the versions they publish,
  // so each copy of this history is judged too, unless a copy judged already holds it.
  // A copy without the trust root is another repository's branch: left out.
  void walk_copies(const std::string& branch, const std::string& walked_ref) {
    for (const auto& [ref, tip] : protected_copies(m_repo, branch)) {
      if (ref == walked_ref || !holds_trust_root(tip)) {
        continue;
      }
      const std::vector<std::string>& judged = m_report.protected_tips;
      bool covered =
          std::any_of(judged.begin(), judged.end(), [&, copy = tip](const std::string& other) {
            return m_repo.is_ancestor(copy, other);
          });
      if (!covered) {
        walk_protected(ref, tip);
      }
    }
  }

  void judge_on_protected(const std::string& commit, const std::string& ref, bool on_branch) {
    std::vector<std::string> parents;
    if (commit == m_trust_root) {
      parents.push_back(commit);
    } else {
      for (const std::string& parent : m_repo.parents(commit)) {
        if (m_trusted.count(parent) > 0) {
          parents.push_back(parent);
        }
      }
    }
    Verdict verdict = m_judge.judge(
        commit, on_branch ? core::BranchKind::protected_branch : core::BranchKind::review, parents);
    bool malformed = std::any_of(verdict.problems.begin(),
                                 verdict.problems.end(),
                                 [](const Problem& p) { return p.rule == "malformed-commit"; });
    if (!malformed) {
      std::vector<Problem> content = content_problems(commit, on_branch, parents);
      verdict.problems.insert(verdict.problems.end(), content.begin(), content.end());
    }
    for (Problem& problem : verdict.problems) {
      problem.ref = ref;
      add(std::move(problem));
    }
    if (malformed) {
      return; // nothing more can be read from it
    }
    m_last_signer = verdict.signer;
    if (!verdict.signer.empty()) {
      m_signed_by[verdict.signer].emplace_back(commit, ref);
    }
    check_policy_left_by(commit, ref);
    note_revocations(commit, parents);
  }

  // A protected commit found sound before: what later checks need of it (its signer
  // for the revocation check, the revocations its policy makes).
  void
  remember_cached(const std::string& commit, const std::string& ref, const std::string& signer) {
    if (signer != "-") {
      m_signed_by[signer].emplace_back(commit, ref);
    }
    std::vector<std::string> parents;
    for (const std::string& parent : m_repo.parents(commit)) {
      if (m_trusted.count(parent) > 0) {
        parents.push_back(parent);
      }
    }
    note_revocations(commit, commit == m_trust_root ? std::vector<std::string>{commit} : parents);
  }

  // What a commit changes against its first parent: published versions kept (on the
  // branch itself), and the files valid (the same rules as the server's hook). A
  // commit that libgit2 cannot read is reported, not thrown.
  std::vector<Problem> content_problems(const std::string& commit,
                                        bool on_branch,
                                        const std::vector<std::string>& judges) {
    std::vector<Problem> problems;
    {
      std::vector<std::string> own_parents = m_repo.parents(commit);
      std::optional<std::string> first =
          own_parents.empty() ? std::nullopt : std::optional(own_parents.front());
      if (on_branch && commit != m_trust_root && first && m_trusted.count(*first) > 0) {
        problems = m_judge.version_problems(commit, *first);
      }
      const PolicyState& policy = m_policies.at(judges.empty() ? commit : judges.front());
      if (policy.policy && (!first || m_trusted.count(*first) > 0)) {
        std::vector<Problem> files = file_problems(m_repo, commit, first, *policy.policy);
        problems.insert(problems.end(), files.begin(), files.end());
      }
    }
    return problems;
  }

  // Log branch: an orphan branch judged by the policy at the protected tip; its records
  // may follow a version published on any copy of a protected branch that was judged.
  // `fetch`: the command that brings what this clone lacks.
  void walk_log(const std::string& ref,
                const std::string& tip,
                const std::string& policy_commit,
                const std::string& fetch) {
    m_report.refs.push_back(ref);
    RecordJudge records(m_repo, PublishedCopies{m_report.protected_tips, fetch});
    if (m_cache) {
      const std::string& before = m_cache->log_tip();
      bool follows = before.empty() || before == policy_commit ||
                     (m_repo.read_raw(before) && m_repo.is_ancestor(before, policy_commit));
      m_cache->set_log_key(
          m_trust_root + "\n" + m_policies.identity(policy_commit), policy_commit, follows);
    }
    std::vector<std::string> commits = m_repo.commits_between(tip, {});
    const PolicyState& judging = m_policies.at(policy_commit);
    std::size_t checked_ahead = 0;
    for (std::size_t at = 0; at < commits.size(); ++at) {
      const std::string& commit = commits[at];
      ++m_report.commits_checked;
      if (m_cache && m_cache->log_signer(commit)) {
        records.forget_runs(); // what it added is re-read from the tree when needed
        continue;
      }
      if (judging.keyring && at >= checked_ahead) {
        std::vector<std::string> batch;
        for (checked_ahead = at; checked_ahead < commits.size() && batch.size() < k_signature_batch;
             ++checked_ahead) {
          if (!m_cache || !m_cache->log_signer(commits[checked_ahead])) {
            batch.push_back(commits[checked_ahead]);
          }
        }
        check_signatures_ahead(m_repo, *judging.keyring, batch);
      }
      std::size_t before = m_report.problems.size();
      std::vector<std::string> parents = m_repo.parents(commit);
      Verdict verdict = judge_log_commit(
          LogCommit{m_repo, m_judge, m_policies, records, commit, parents, policy_commit, true});
      if (parents.size() > 1) {
        verdict.problems.push_back({commit,
                                    "",
                                    "log-not-linear",
                                    "it is a merge; the log branch is one line of records",
                                    "record with `git runbook` and share with `git runbook sync`, "
                                    "which keeps it linear"});
      }
      for (Problem& problem : verdict.problems) {
        problem.ref = ref;
        add(std::move(problem));
      }
      if (m_cache && m_report.problems.size() == before) {
        m_cache->remember_log(commit, verdict.signer);
      }
    }
    for (Notice& notice : records.notices(util::now_millis())) {
      if (m_cache) {
        // A flagged run is judged again next time, so that its notices are shown again.
        for (const std::string& commit : notice.commits) {
          m_cache->forget(commit);
        }
      }
      m_report.notices.push_back(std::move(notice));
    }
  }

  // A revoked key's signatures are no longer accepted (DESIGN §5). Commits it signed
  // before the revocation are ancestors of the revoking commit and stay valid; any
  // other commit it signed (made aside and merged in later) is a problem, even though
  // the policy of its own parent still trusted the key.
  void check_revoked_signers() {
    for (const auto& [fingerprint, revoking_commits] : m_revoked_in) {
      auto signed_commits = m_signed_by.find(fingerprint);
      if (signed_commits == m_signed_by.end()) {
        continue;
      }
      for (const auto& signed_commit : signed_commits->second) {
        const std::string& commit =
            signed_commit.first; // clang 14 cannot capture structured bindings
        const std::string& ref = signed_commit.second;
        bool before_revocation = std::any_of(
            revoking_commits.begin(), revoking_commits.end(), [&](const std::string& revoking) {
              return m_repo.is_ancestor(commit, revoking);
            });
        if (!before_revocation) {
          add({commit,
               ref,
               "revoked-key",
               "it is signed by key " + fingerprint + ", which was revoked in commit " +
                   util::shorten(revoking_commits.front()) +
                   ", and it was not part of the history before that",
               "treat its changes as untrusted: an admin reviews them and undoes them in a new "
               "signed commit"});
        }
      }
    }
  }

  PolicyStore& policies() { return m_policies; }
  VerifyReport take_report() { return std::move(m_report); }

private:
  std::vector<std::string> root_parents() const { return m_repo.parents(m_trust_root); }

  bool holds_trust_root(const std::string& tip) const {
    try {
      return m_repo.is_ancestor(m_trust_root, tip);
    } catch (const util::Error&) {
      return false; // unreadable: not a copy this clone can use
    }
  }

  // Remembers where a key was revoked: the commit whose policy revokes it while none of
  // its parents' policies did.
  void note_revocations(const std::string& commit, const std::vector<std::string>& parents) {
    const PolicyState& state = m_policies.at(commit);
    if (!state.policy) {
      return;
    }
    for (const core::Person& person : state.policy->people) {
      if (person.status != core::PersonStatus::revoked) {
        continue;
      }
      bool already =
          commit != m_trust_root &&
          std::any_of(parents.begin(), parents.end(), [&](const std::string& parent) {
            const PolicyState& before = m_policies.at(parent);
            const core::Person* earlier =
                before.policy ? before.policy->find_by_fingerprint(person.fingerprint) : nullptr;
            return earlier != nullptr && earlier->status == core::PersonStatus::revoked;
          });
      if (!already) {
        m_revoked_in[person.fingerprint].push_back(commit);
      }
    }
  }

  // A commit that leaves the policy broken, or names a key its key file does not hold,
  // is reported once, at the first commit that has that policy state.
  void check_policy_left_by(const std::string& commit, const std::string& ref) {
    const PolicyState& state = m_policies.at(commit);
    if (!m_reported_states.insert(&state).second) {
      return;
    }
    if (!state.policy) {
      add({commit,
           ref,
           "invalid-policy",
           "the commit leaves the policy unusable: " + state.problem,
           "an admin repairs .runbook/policy.yaml in a new signed commit; `git runbook keys list` "
           "shows what is read"});
    }
    for (const std::string& key_problem : state.key_problems) {
      add({commit,
           ref,
           "bad-key-file",
           key_problem,
           "an admin replaces the file with the person's public key (`gpg --armor --export "
           "<fingerprint>`)"});
    }
  }
  void add(Problem problem) { m_report.problems.push_back(std::move(problem)); }

  const git::Repository& m_repo;
  PolicyStore m_policies;
  CommitJudge m_judge;
  std::string m_trust_root;
  VerifyCache* m_cache;
  std::string m_last_signer;
  std::set<std::string> m_trusted;
  std::set<const PolicyState*> m_reported_states;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>>
      m_signed_by;                                              // fingerprint -> (commit, ref)
  std::map<std::string, std::vector<std::string>> m_revoked_in; // fingerprint -> revoking commits
  VerifyReport m_report;
};

} // namespace

VerifyReport verify_history(const git::Repository& repo, const VerifyOptions& options) {
  std::string trust_root = find_trust_root(repo, options.trust_root);
  std::optional<VerifyCache> cache;
  if (options.use_cache) {
    cache.emplace(repo.git_dir() / "runbook" / "verify-cache", trust_root);
  }
  Walker walker(repo, trust_root, cache ? &*cache : nullptr);
  const PolicyState& root_state = walker.policies().at(trust_root);
  if (!root_state.policy) {
    throw util::EnvironmentError("the trust root " + util::shorten(trust_root) +
                                 " cannot start verification: " + root_state.problem +
                                 ". Name the commit made by `git runbook init` with --trust-root.");
  }
  // The protected branches named by the trust root, and by each verified tip.
  std::vector<std::string> branches = root_state.policy->protected_branches;
  std::string log_branch = root_state.policy->log_branch;
  std::optional<std::string> policy_tip;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    auto found = find_branch(repo, branches[i]);
    if (!found) {
      continue;
    }
    if (!walker.walk_protected(found->first, found->second)) {
      continue;
    }
    walker.walk_copies(branches[i], found->first);
    const PolicyState& tip_state = walker.policies().at(found->second);
    if (!tip_state.policy) {
      continue;
    }
    if (!policy_tip) {
      policy_tip = found->second;
      log_branch = tip_state.policy->log_branch;
    }
    for (const std::string& more : tip_state.policy->protected_branches) {
      if (std::find(branches.begin(), branches.end(), more) == branches.end()) {
        branches.push_back(more);
      }
    }
  }
  if (auto log = find_branch(repo, log_branch); log && policy_tip) {
    std::vector<std::string> fetched = branches;
    fetched.insert(fetched.begin(), log_branch);
    walker.walk_log(log->first, log->second, *policy_tip, fetch_command(repo, fetched));
  }
  walker.check_revoked_signers();
  VerifyReport report = walker.take_report();
  if (cache) {
    for (const Problem& problem : report.problems) {
      cache->forget(problem.commit);
    }
    cache->save();
  }
  return report;
}

} // namespace trust
