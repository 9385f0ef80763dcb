#include "trust/history_verifier.hpp"
#include "trust/checkpoint_judge.hpp"

#include "trust/commit_judge.hpp"
#include "trust/history_judge.hpp"
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
#include <filesystem>
#include <map>
#include <set>

namespace trust {

namespace {

class Walker {
public:
  Walker(const git::Repository& repo, std::string trust_root, VerifyCache* cache)
      : m_repo(repo), m_policies(repo), m_judge(repo, m_policies),
        m_history(repo, m_policies, m_judge, trust_root), m_trust_root(std::move(trust_root)),
        m_cache(cache) {
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
      if (!m_walked.insert(commit).second) {
        continue; // already judged on another protected branch
      }
      ++m_report.commits_checked;
      CommitPlace place{ref, mainline.count(commit) > 0};
      std::optional<std::string> known = m_cache ? m_cache->protected_signer(commit) : std::nullopt;
      if (known) {
        m_history.remember(commit, place, *known);
        continue;
      }
      try {
        Verdict verdict = m_history.judge(commit, place);
        if (m_cache && verdict.problems.empty()) {
          m_cache->remember_protected(commit, verdict.signer.empty() ? "-" : verdict.signer);
        }
        for (Problem& problem : verdict.problems) {
          add(std::move(problem));
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
    LogClock clock(m_repo, records, commits);
    const PolicyState& judging = m_policies.at(policy_commit);
    std::size_t checked_ahead = 0;
    for (std::size_t at = 0; at < commits.size(); ++at) {
      const std::string& commit = commits[at];
      ++m_report.commits_checked;
      if (auto known = m_cache ? m_cache->log_signer(commit) : std::nullopt) {
        m_report.log_signers[commit] = *known;
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
          LogCommit{m_repo, m_judge, m_policies, records, commit, parents, policy_commit, true, &clock});
      if (parents.size() > 1) {
        verdict.problems.push_back({commit,
                                    "",
                                    "log-not-linear",
                                    "it is a merge; the log branch is one line of records",
                                    "record with `git runbook` and share with `git runbook sync`, "
                                    "which keeps it linear"});
      }
      if (!verdict.signer.empty()) {
        m_report.log_signers[commit] = verdict.signer;
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

  // What only the whole history shows (HistoryJudge::finish).
  void finish() {
    for (Problem& problem : m_history.finish()) {
      add(std::move(problem));
    }
  }

  PolicyStore& policies() { return m_policies; }
  VerifyReport take_report() { return std::move(m_report); }
  void add(Problem problem) { m_report.problems.push_back(std::move(problem)); }

private:
  std::vector<std::string> root_parents() const { return m_repo.parents(m_trust_root); }

  bool holds_trust_root(const std::string& tip) const {
    try {
      return m_repo.is_ancestor(m_trust_root, tip);
    } catch (const util::Error&) {
      return false; // unreadable: not a copy this clone can use
    }
  }

  const git::Repository& m_repo;
  PolicyStore m_policies;
  CommitJudge m_judge;
  HistoryJudge m_history;
  std::string m_trust_root;
  VerifyCache* m_cache;
  std::set<std::string> m_walked;
  VerifyReport m_report;
};

// Replace refs, grafts and alternates change what git shows, not what libgit2 reads:
// verify judges the objects themselves, and says that git may show something else.
std::vector<std::string> display_overrides(const git::Repository& repo) {
  std::vector<std::string> warnings;
  std::size_t replaced = 0;
  for (const auto& [name, target] : repo.all_refs()) {
    replaced += util::starts_with(name, "refs/replace/") ? 1 : 0;
  }
  if (replaced > 0) {
    warnings.push_back(std::to_string(replaced) +
                       (replaced == 1 ? " replace ref (refs/replace/) makes" : " replace refs (refs/replace/) make") +
                       " `git log` and `git show` display other objects than the ones "
                       "verified; see them with `git replace --list`, and read the real history with "
                       "`git --no-replace-objects log`");
  }
  std::error_code error;
  if (std::filesystem::exists(repo.git_dir() / "info" / "grafts", error)) {
    warnings.emplace_back("info/grafts makes `git log` show other parents than the commits have; verify read the "
                       "commits' own parents. Remove the file unless you put it there on purpose");
  }
  if (std::filesystem::exists(repo.git_dir() / "objects" / "info" / "alternates", error)) {
    warnings.emplace_back("objects/info/alternates lets this clone read objects from another repository; what "
                       "was verified includes them. To hold every object here, run `git repack -a -d` and "
                       "remove the file");
  }
  return warnings;
}

} // namespace

VerifyReport verify_history(const git::Repository& repo, const VerifyOptions& options) {
  if (repo.is_shallow()) {
    throw util::EnvironmentError(
        "this clone is shallow (made with --depth), so the history from the trust root is not all here and "
        "cannot be checked. Fetch the rest with `git fetch --unshallow` and run this again.");
  }
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
  std::string policy_branch;
  bool any_branch = false;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    auto found = find_branch(repo, branches[i]);
    if (!found) {
      continue;
    }
    any_branch = true;
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
      policy_branch = branches[i];
      log_branch = tip_state.policy->log_branch;
    }
    for (const std::string& more : tip_state.policy->protected_branches) {
      if (std::find(branches.begin(), branches.end(), more) == branches.end()) {
        branches.push_back(more);
      }
    }
  }
  if (!any_branch) {
    // Nothing to walk is not "verified": a renamed or deleted protected branch would
    // otherwise pass as 0 problems.
    std::string names = util::join(branches, ", ");
    walker.add(Problem{trust_root, "refs/heads/" + branches.front(), "missing-branch",
                       "none of the protected branches (" + names +
                           ") is in this repository, so nothing after the trust root could be checked",
                       "fetch it (`git fetch origin " + branches.front() + "`); if it was renamed or deleted on "
                       "the server, push it back from a clone that has it (`git push origin " +
                           branches.front() + "`)"});
  }
  if (auto log = find_branch(repo, log_branch); log && policy_tip) {
    std::vector<std::string> fetched = branches;
    fetched.insert(fetched.begin(), log_branch);
    walker.walk_log(log->first, log->second, *policy_tip, fetch_command(repo, fetched));
  }
  walker.finish();
  VerifyReport report = walker.take_report();
  report.warnings = display_overrides(repo);
  // Witnessed time (issue 18)
  if (auto checkpoints = repo.resolve_ref(core::k_checkpoints_ref); checkpoints && policy_tip) {
    WitnessedHistory witnessed = judge_checkpoints(repo, walker.policies(), *checkpoints, policy_branch);
    report.problems.insert(report.problems.end(), witnessed.problems.begin(), witnessed.problems.end());
    report.warnings.insert(report.warnings.end(), witnessed.warnings.begin(), witnessed.warnings.end());
    report.checkpoints = witnessed.checkpoints;
    report.trusted_checkpoints = witnessed.trusted.size();
    report.last_witnessed = witnessed.trusted.empty() ? "" : witnessed.trusted.back().at;
    if (auto log = find_branch(repo, log_branch)) {
      report.received = witnessed_windows(repo, witnessed.trusted, log->second);
    }
  }
  if (cache) {
    for (const Problem& problem : report.problems) {
      cache->forget(problem.commit);
    }
    cache->save();
  }
  return report;
}

} // namespace trust
