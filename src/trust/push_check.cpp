#include "trust/push_check.hpp"

#include "trust/commit_judge.hpp"
#include "trust/file_rules.hpp"
#include "trust/policy_store.hpp"
#include "trust/record_judge.hpp"
#include "trust/tag_judge.hpp"

#include "core/ref_rules.hpp"
#include "core/runbook_paths.hpp"
#include "git/raw_commit.hpp"
#include "util/text.hpp"
#include "yaml/policy_yaml.hpp"
#include "yaml/runbook_yaml.hpp"
#include "yaml/strict_yaml.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace trust {

bool is_zero_id(const std::string& id) {
  return !id.empty() && id.find_first_not_of('0') == std::string::npos;
}

namespace {

constexpr const char* k_fix_history = "published history is never rewritten: pull (`git pull "
                                      "--rebase`), put your commits on top, and push again";

Problem make(const std::string& commit, std::string rule, std::string message, std::string fix) {
  return Problem{commit, "", std::move(rule), std::move(message), std::move(fix)};
}

// A ref's report stops after this many problems: the first ones say what to fix, and
// a push of thousands of bad commits costs no more than a few.
constexpr std::size_t k_max_problems = 20;

Problem too_many(const std::string& commit) {
  return make(commit,
              "too-many-problems",
              "the check stopped after " + std::to_string(k_max_problems) +
                  " problems; later commits were not read",
              "fix the problems above and push again");
}

Problem time_is_up(const std::string& commit) {
  return make(commit,
              "out-of-time",
              "the server's check ran out of time on this push, so it is refused",
              "push fewer commits at a time, or ask the server admin to raise runbook.hookTimeout");
}

class PushChecker {
public:
  PushChecker(const git::Repository& repo, const PushOptions& options)
      : m_repo(repo), m_options(options), m_policies(repo), m_judge(repo, m_policies) {
    for (const std::string& target : repo.all_ref_targets()) {
      m_held.push_back(target);
    }
  }

  PushReport run(const std::vector<RefUpdate>& updates) {
    find_trust_root(updates);
    // Protected branches first: records of this push may follow a version this push
    // publishes.
    std::vector<RefUpdate> ordered = updates;
    std::stable_sort(ordered.begin(), ordered.end(), [&](const RefUpdate& a, const RefUpdate& b) {
      return rank(a.ref) < rank(b.ref);
    });
    for (const RefUpdate& update : ordered) {
      RefVerdict verdict{update.ref, {}};
      if (out_of_time()) {
        verdict.problems.push_back(time_is_up(update.new_id));
      } else {
        verdict.problems = check_ref(update);
      }
      for (Problem& problem : verdict.problems) {
        problem.ref = update.ref;
      }
      m_report.refs.push_back(std::move(verdict));
    }
    m_report.out_of_time = m_out_of_time;
    return std::move(m_report);
  }

private:
  // The policy that names the refs: the protected branch as the server holds it, else
  // (an empty server) as the push brings it.
  const core::Policy* naming_policy() {
    std::optional<std::string> from = m_protected_tip ? m_protected_tip : m_bootstrap_policy;
    if (!from) {
      return nullptr;
    }
    const PolicyState& state = m_policies.at(*from);
    return state.policy ? &*state.policy : nullptr;
  }

  int rank(const std::string& ref) {
    const core::Policy* policy = naming_policy();
    if (policy == nullptr) {
      return 0;
    }
    core::RefKind kind = core::classify_ref(*policy, ref);
    return kind == core::RefKind::protected_branch ? 0 : kind == core::RefKind::log_branch ? 2 : 1;
  }

  bool out_of_time() {
    if (!m_out_of_time && std::chrono::steady_clock::now() > m_options.deadline) {
      m_out_of_time = true;
    }
    return m_out_of_time;
  }

  // Why the commits of a ref are not read further: time is up, or enough was found.
  std::optional<Problem> stop_reason(const std::string& commit,
                                     const std::vector<Problem>& problems) {
    if (out_of_time()) {
      return time_is_up(commit);
    }
    if (problems.size() >= k_max_problems) {
      return too_many(commit);
    }
    return std::nullopt;
  }

  void find_trust_root(const std::vector<RefUpdate>& updates) {
    if (m_options.trust_root) {
      m_trust_root = m_repo.resolve_commit(*m_options.trust_root);
    }
    // The server's protected branch: the first one the trust root's policy names.
    std::optional<std::string> root = m_trust_root;
    if (!root) {
      for (const std::string& branch : m_repo.branches()) {
        auto tip = m_repo.resolve_ref(branch);
        if (tip && m_repo.read_file_at(*tip, core::k_policy_path)) {
          root = m_repo.commits_between(*tip, {}).front();
          break;
        }
      }
    }
    if (root) {
      m_trust_root = root;
      const PolicyState& state = m_policies.at(*root);
      if (state.policy) {
        for (const std::string& branch : state.policy->protected_branches) {
          if (auto tip = m_repo.resolve_ref("refs/heads/" + branch)) {
            m_protected_tip = tip;
            m_protected_ref = "refs/heads/" + branch;
            break;
          }
        }
      }
      return;
    }
    // An empty server: the first push of a branch that holds a policy starts it; its
    // first commit becomes the trust root, judged by its own policy.
    for (const RefUpdate& update : updates) {
      if (is_zero_id(update.new_id) || !util::starts_with(update.ref, "refs/heads/") ||
          !m_repo.read_file_at(update.new_id, core::k_policy_path)) {
        continue;
      }
      std::string first = m_repo.commits_between(update.new_id, {}).front();
      const PolicyState& state = m_policies.at(first);
      if (state.policy && state.policy->is_protected(update.ref.substr(11))) {
        m_trust_root = first;
        m_report.new_trust_root = first;
        m_bootstrap_policy = first;
        return;
      }
    }
  }

  std::vector<Problem> check_ref(const RefUpdate& update) {
    const core::Policy* policy = naming_policy();
    if (policy == nullptr || !m_trust_root) {
      return {make(update.new_id,
                   "no-policy",
                   "this repository has no runbook policy yet, so nothing can be accepted but the "
                   "first push of "
                   "the protected branch with .runbook/policy.yaml",
                   "push the branch `git runbook init` made first: `git push origin main`")};
    }
    core::RefKind kind = core::classify_ref(*policy, update.ref);
    bool deleting = is_zero_id(update.new_id);
    bool creating = is_zero_id(update.old_id);
    switch (kind) {
    case core::RefKind::refused:
      return {make(
          update.new_id,
          "ref-not-allowed",
          update.ref +
              " is not a branch or a tag; this server accepts other refs only when the policy "
              "lists them",
          "push branches (refs/heads/…) and signed tags only, or ask an admin to add the ref to "
          "allowed_refs in .runbook/policy.yaml")};
    case core::RefKind::allowed_other:
      return {};
    case core::RefKind::tag:
      return tag_problems(m_repo, m_policies, update, m_protected_tip);
    case core::RefKind::protected_branch:
    case core::RefKind::log_branch:
      if (deleting) {
        return {make(
            update.old_id,
            "delete-protected",
            update.ref + " holds published work and can never be deleted",
            "nothing to fix: keep the branch; remove a runbook's use by publishing a new version")};
      }
      if (!creating && !m_repo.is_ancestor(update.old_id, update.new_id)) {
        return {make(update.new_id,
                     "non-fast-forward",
                     "the push would rewrite " + update.ref + ": " + util::shorten(update.old_id) +
                         " is no longer in its history",
                     kind == core::RefKind::log_branch
                         ? "records are never rewritten: run `git runbook sync`, which puts your "
                           "records on top"
                         : k_fix_history)};
      }
      return kind == core::RefKind::log_branch ? check_log(update)
                                               : check_protected(update, *policy);
    case core::RefKind::review_branch:
      return deleting ? std::vector<Problem>{} : check_review(update);
    }
    return {};
  }

  // Commits the push brings that the server does not hold, parents first.
  std::vector<std::string> new_commits(const std::string& tip) {
    std::vector<std::string> commits = m_repo.commits_between(tip, m_held);
    commits.erase(
        std::remove_if(commits.begin(),
                       commits.end(),
                       [&](const std::string& commit) { return m_accepted.count(commit) > 0; }),
        commits.end());
    return commits;
  }

  std::vector<std::string> parents_of(const std::string& commit) const {
    auto raw = m_repo.read_raw(commit);
    auto parsed =
        raw ? git::parse_raw_commit(raw->bytes) : util::Result<git::RawCommit>::failure("missing");
    return parsed ? parsed->parents : std::vector<std::string>{};
  }

  // A parent may judge a commit when it descends from the trust root: accepted in this
  // push, or held by the server and on the trust root's line.
  bool trusted(const std::string& commit) {
    if (m_accepted.count(commit) > 0) {
      return true;
    }
    if (commit == *m_trust_root) {
      return true;
    }
    // What the server holds passed this check when it came, so it descends from the
    // trust root, unless it is older than the root (when the hook came later).
    if (!m_before_root) {
      std::vector<std::string> older = m_repo.commits_between(*m_trust_root, {});
      m_before_root = std::set<std::string>(older.begin(), older.end());
    }
    bool is_new = std::find(m_new.begin(), m_new.end(), commit) != m_new.end();
    return !is_new && m_before_root->count(commit) == 0 && m_repo.read_raw(commit).has_value();
  }

  void judge_commit(const std::string& commit,
                    core::BranchKind kind,
                    bool mainline,
                    const std::optional<std::string>& published_at,
                    std::vector<Problem>& problems) {
    ++m_report.commits_checked;
    std::vector<std::string> parents = parents_of(commit);
    std::vector<std::string> judges;
    if (commit == *m_trust_root) {
      judges.push_back(commit);
    }
    for (const std::string& parent : parents) {
      if (trusted(parent)) {
        judges.push_back(parent);
      }
    }
    Verdict verdict = m_judge.judge(commit, kind, judges);
    std::vector<Problem> found = verdict.problems;
    const PolicyState& state = m_policies.at(judges.empty() ? commit : judges.front());
    if (found.empty() && state.policy) {
      std::vector<std::string> against = parents;
      if (against.empty()) {
        against.emplace_back(); // a root commit: every file is new
      }
      for (const std::string& parent : against) {
        std::optional<std::string> base = parent.empty() ? std::nullopt : std::optional(parent);
        std::vector<Problem> files = file_problems(m_repo, commit, base, *state.policy);
        found.insert(found.end(), files.begin(), files.end());
        if (base && (mainline || published_at)) {
          std::vector<Problem> versions = m_judge.version_problems(
              commit, *base, mainline && parent == parents.front() ? std::nullopt : published_at);
          found.insert(found.end(), versions.begin(), versions.end());
        }
      }
    }
    if (found.empty()) {
      m_accepted.insert(commit);
    }
    problems.insert(problems.end(), found.begin(), found.end());
  }

  std::vector<Problem> check_protected(const RefUpdate& update, const core::Policy& policy) {
    std::vector<Problem> problems;
    m_new = new_commits(update.new_id);
    std::set<std::string> fresh(m_new.begin(), m_new.end());
    std::set<std::string> mainline;
    for (std::string at = update.new_id; fresh.count(at) > 0;) {
      mainline.insert(at);
      std::vector<std::string> parents = parents_of(at);
      if (parents.empty()) {
        break;
      }
      at = parents.front();
    }
    for (const std::string& commit : m_new) {
      if (auto stop = stop_reason(commit, problems)) {
        problems.push_back(*stop);
        break;
      }
      bool on_branch = mainline.count(commit) > 0;
      judge_commit(commit,
                   on_branch ? core::BranchKind::protected_branch : core::BranchKind::review,
                   on_branch,
                   m_protected_tip,
                   problems);
    }
    (void)policy;
    if (problems.empty() &&
        update.ref == (m_protected_ref.empty() ? update.ref : m_protected_ref)) {
      m_protected_tip = update.new_id; // records in this push may follow what it publishes
      m_protected_ref = update.ref;
    }
    return problems;
  }

  std::vector<Problem> check_review(const RefUpdate& update) {
    std::vector<Problem> problems;
    m_new = new_commits(update.new_id);
    for (const std::string& commit : m_new) {
      if (auto stop = stop_reason(commit, problems)) {
        problems.push_back(*stop);
        break;
      }
      judge_commit(commit, core::BranchKind::review, false, m_protected_tip, problems);
    }
    return problems;
  }

  std::vector<Problem> check_log(const RefUpdate& update) {
    std::vector<Problem> problems;
    if (!m_protected_tip) {
      return {make(update.new_id,
                   "no-policy",
                   "the protected branch is not on the server yet, so records cannot be judged",
                   "push the protected branch first (`git push origin main`), then the records")};
    }
    const PolicyState& state = m_policies.at(*m_protected_tip);
    RecordJudge records(m_repo, *m_protected_tip);
    m_new = new_commits(update.new_id);
    for (const std::string& commit : m_new) {
      if (auto stop = stop_reason(commit, problems)) {
        problems.push_back(*stop);
        break;
      }
      ++m_report.commits_checked;
      std::vector<std::string> parents = parents_of(commit);
      if (parents.size() > 1 || (parents.empty() && !is_zero_id(update.old_id))) {
        problems.push_back(
            make(commit,
                 "log-not-linear",
                 parents.size() > 1 ? "it is a merge; the log branch is one line of records"
                                    : "it starts a second history on the log branch",
                 "share records with `git runbook sync`, which keeps the log one line"));
        continue;
      }
      Verdict verdict = m_judge.judge(commit, core::BranchKind::log, {}, *m_protected_tip);
      const core::Person* signer =
          state.policy ? state.policy->find_by_fingerprint(verdict.signer) : nullptr;
      if (verdict.problems.empty() && signer != nullptr) {
        verdict.problems = records.judge(
            commit, parents.empty() ? std::nullopt : std::optional(parents.front()), *signer);
      }
      problems.insert(problems.end(), verdict.problems.begin(), verdict.problems.end());
    }
    return problems;
  }

  const git::Repository& m_repo;
  const PushOptions& m_options;
  PolicyStore m_policies;
  CommitJudge m_judge;
  std::vector<std::string> m_held;
  std::optional<std::string> m_trust_root;
  std::optional<std::string> m_protected_tip;
  std::string m_protected_ref;
  std::optional<std::string> m_bootstrap_policy;
  std::set<std::string> m_accepted;
  std::optional<std::set<std::string>> m_before_root;
  std::vector<std::string> m_new;
  bool m_out_of_time = false;
  PushReport m_report;
};

} // namespace

PushReport check_push(const git::Repository& repo,
                      const std::vector<RefUpdate>& updates,
                      const PushOptions& options) {
  return PushChecker(repo, options).run(updates);
}

} // namespace trust
