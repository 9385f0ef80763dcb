#include "trust/push_check.hpp"

#include "trust/commit_judge.hpp"
#include "trust/held_history.hpp"
#include "trust/history_judge.hpp"
#include "trust/log_push.hpp"
#include "trust/policy_store.hpp"
#include "trust/push_start.hpp"
#include "trust/tag_judge.hpp"

#include "core/checkpoint.hpp"
#include "core/ref_rules.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

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

// A ref's report stops after this many problems: the first ones say what to fix, and
// a push of thousands of bad commits costs no more than a few.
constexpr std::size_t k_max_problems = 20;

Problem too_many(const std::string& commit) {
  return problem_at(commit,
                    "too-many-problems",
                    "the check stopped after " + std::to_string(k_max_problems) +
                        " problems; later commits were not read",
                    "fix the problems above and push again");
}

Problem time_is_up(const std::string& commit) {
  return problem_at(commit,
                    "out-of-time",
                    "the server's check ran out of time on this push, so it is refused",
                    "push fewer commits at a time, or ask the server admin to raise runbook.hookTimeout");
}

class PushChecker {
public:
  PushChecker(const git::Repository& repo, const PushOptions& options)
      : m_repo(repo),
        m_options(options),
        m_policies(repo),
        m_judge(repo, m_policies),
        m_held(repo, options.held_refs ? *options.held_refs : repo.all_refs()) {}

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
        try {
          verdict.problems = check_ref(update);
        } catch (const util::Error& unreadable) {
          // Fail closed: what cannot be read is not accepted.
          verdict.problems = {problem_at(update.new_id,
                                         "unreadable",
                                         "the server could not read what this ref names: " +
                                             std::string(unreadable.what()),
                                         "push again; if it keeps failing, the server's admin runs `git "
                                         "fsck` on the repository")};
        }
      }
      for (Problem& problem : verdict.problems) {
        problem.ref = update.ref;
      }
      m_report.refs.push_back(std::move(verdict));
    }
    if (m_history) {
      for (Problem& problem : m_history->finish()) {
        auto verdict = std::find_if(m_report.refs.begin(), m_report.refs.end(),
                                    [&](const RefVerdict& ref) { return ref.ref == problem.ref; });
        (verdict == m_report.refs.end() ? m_report.refs.front() : *verdict).problems.push_back(std::move(problem));
      }
    }
    m_report.out_of_time = m_out_of_time;
    m_report.trust_root = m_trust_root;
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
    PushStart start = find_push_start(m_repo, m_policies, m_options.trust_root, updates,
                                      m_options.held_refs ? &*m_options.held_refs : nullptr);
    m_trust_root = start.trust_root;
    m_missing_root = start.missing_root;
    m_protected_tip = start.protected_tip;
    m_protected_ref = start.protected_ref;
    if (start.comes_with_push) {
      m_report.new_trust_root = start.trust_root;
      m_bootstrap_policy = start.trust_root;
    }
    // What arrives now is judged by the server's clock; a first push brings history.
    m_judge.refuse_expired_keys(!m_options.as_history && !(start.comes_with_push && m_held.tips().empty()));
    if (m_trust_root) {
      m_history.emplace(m_repo, m_policies, m_judge, *m_trust_root);
      if (m_protected_tip) {
        m_history->cut_at(*m_protected_tip); // the server's team as it stands
      }
    }
  }

  std::vector<Problem> check_ref(const RefUpdate& update) {
    const core::Policy* policy = naming_policy();
    // Witnessed time (issue 18): only the server's own post-receive hook writes checkpoints.
    if (update.ref == core::k_checkpoints_ref) {
      return {problem_at(is_zero_id(update.new_id) ? update.old_id : update.new_id,
                         "checkpoints-server-only",
                         std::string(core::k_checkpoints_ref) +
                             " holds the server's own signed checkpoints; only the server writes it, nobody pushes to it",
                         "push your branches only; `git runbook sync` fetches the checkpoints, it never sends them")};
    }
    if (m_missing_root) {
      return {problem_at(update.new_id,
                         "outside-trust-root",
                         "the push does not contain the trust root " + util::shorten(*m_missing_root) +
                             " that this server is pinned to (runbook.trustRoot)",
                         "push the history that starts with that commit; if the pin is wrong, the server "
                         "admin sets it with `git runbook hook install <repo> --trust-root <commit>`")};
    }
    if (policy == nullptr || !m_trust_root) {
      return {problem_at(update.new_id,
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
      return {problem_at(
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
      return check_tag(update);
    case core::RefKind::protected_branch:
    case core::RefKind::log_branch:
      if (deleting) {
        return {problem_at(
            update.old_id,
            "delete-protected",
            update.ref + " holds published work and can never be deleted",
            "nothing to fix: keep the branch; remove a runbook's use by publishing a new version")};
      }
      if (!creating && !m_repo.is_ancestor(update.old_id, update.new_id)) {
        return {problem_at(update.new_id,
                           "non-fast-forward",
                           "the push would rewrite " + update.ref + ": " + util::shorten(update.old_id) +
                               " is no longer in its history",
                           kind == core::RefKind::log_branch
                               ? "records are never rewritten: run `git runbook sync`, which puts your "
                                 "records on top"
                               : k_fix_history)};
      }
      return kind == core::RefKind::log_branch ? check_log(update) : check_protected(update);
    case core::RefKind::review_branch:
      return deleting ? std::vector<Problem>{} : check_review(update);
    }
    return {};
  }

  std::vector<std::string> new_commits(const std::string& tip, bool protected_kind) {
    return m_held.new_commits(naming_policy(), tip, protected_kind);
  }

  void set_held_fork(bool protected_kind) {
    m_history->set_held_fork([this, protected_kind](const std::string& commit) {
      return m_held.held_fork(naming_policy(), *m_trust_root, m_protected_tip, commit, protected_kind);
    });
  }

  void judge_commit(const std::string& commit, const CommitPlace& place, std::vector<Problem>& problems) {
    ++m_report.commits_checked;
    Verdict verdict = m_history->judge(commit, place);
    if (verdict.problems.empty()) {
      m_held.accept(commit, place.mainline);
    }
    problems.insert(problems.end(), verdict.problems.begin(), verdict.problems.end());
  }

  // The branch's previous tip must stay on its own line (the first-parent chain of the
  // new tip): a merge is judged by its first parent's policy and published versions,
  // so a merge that had the old tip as a later parent could pick an older first parent
  // and judge itself by it (undo a retirement, edit a published version). Every commit
  // of that chain down to the old tip descends from it; fresh ones always do.
  std::optional<Problem> off_first_parent_line(const RefUpdate& update, const std::set<std::string>& fresh) {
    std::string at = update.new_id;
    bool on_line = true;
    while (on_line && at != update.old_id) {
      std::vector<std::string> parents = m_repo.parents(at);
      on_line = !parents.empty() && (fresh.count(at) > 0 || m_repo.is_ancestor(update.old_id, at));
      at = on_line ? parents.front() : at;
    }
    if (on_line) {
      return std::nullopt;
    }
    std::string branch = update.ref.rfind("refs/heads/", 0) == 0 ? update.ref.substr(11) : update.ref;
    return problem_at(update.new_id,
                      "off-first-parent",
                      "the push would leave " + util::shorten(update.old_id) + ", the tip of " + update.ref +
                          ", off the branch's own line of history: the new tip reaches it only through a "
                          "merge's second parent, so that merge would be judged by an older policy and "
                          "older published versions",
                      "merge your branch into " + branch + ", not " + branch + " into your branch: `git checkout " +
                          branch + " && git merge --no-ff -S <your branch>`, then push " + branch);
  }

  std::vector<Problem> check_protected(const RefUpdate& update) {
    std::vector<Problem> problems;
    m_new = new_commits(update.new_id, true);
    set_held_fork(true);
    std::set<std::string> fresh(m_new.begin(), m_new.end());
    if (!is_zero_id(update.old_id)) {
      if (std::optional<Problem> off = off_first_parent_line(update, fresh)) {
        return {*off};
      }
    }
    std::set<std::string> mainline;
    for (std::string at = update.new_id; fresh.count(at) > 0;) {
      mainline.insert(at);
      std::vector<std::string> parents = m_repo.parents(at);
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
      judge_commit(commit, CommitPlace{update.ref, mainline.count(commit) > 0}, problems);
    }
    if (problems.empty() &&
        update.ref == (m_protected_ref.empty() ? update.ref : m_protected_ref)) {
      m_protected_tip = update.new_id; // records in this push may follow what it publishes
      m_protected_ref = update.ref;
    }
    return problems;
  }

  // A new signed tag, and the commits it brings, judged as a review branch's would be:
  // a tag must not be a way to store unchecked commits.
  std::vector<Problem> check_tag(const RefUpdate& update) {
    std::vector<Problem> problems = tag_problems(m_repo, m_policies, update, m_protected_tip);
    if (!problems.empty()) {
      return problems;
    }
    auto raw = m_repo.read_raw(update.new_id);
    std::string target = raw && raw->bytes.rfind("object ", 0) == 0 ? raw->bytes.substr(7, 40) : "";
    auto tagged = target.empty() ? std::nullopt : m_repo.read_raw(target);
    if (!tagged || tagged->kind != git::ObjectKind::commit) {
      return {problem_at(update.new_id,
                         "tag-not-commit",
                         update.ref + " does not tag a commit",
                         "tag commits only: `git tag -s <name> <commit>`")};
    }
    return check_review(RefUpdate{update.old_id, target, update.ref});
  }

  std::vector<Problem> check_review(const RefUpdate& update) {
    std::vector<Problem> problems;
    m_new = new_commits(update.new_id, false);
    set_held_fork(false);
    for (const std::string& commit : m_new) {
      if (auto stop = stop_reason(commit, problems)) {
        problems.push_back(*stop);
        break;
      }
      judge_commit(commit, CommitPlace{update.ref, false}, problems);
    }
    return problems;
  }

  std::vector<Problem> check_log(const RefUpdate& update) {
    if (!m_protected_tip) {
      return {problem_at(update.new_id,
                         "no-policy",
                         "the protected branch is not on the server yet, so records cannot be judged",
                         "push the protected branch first (`git push origin main`), then the records")};
    }
    m_new = m_repo.commits_between(update.new_id, m_held.tips());
    return log_push_problems(
        m_repo,
        m_judge,
        m_policies,
        LogPush{update, m_new, *m_protected_tip,
                m_options.as_history || (m_report.new_trust_root.has_value() && m_held.tips().empty())},
        [this](const std::string& commit, const std::vector<Problem>& found) {
          return stop_reason(commit, found);
        },
        m_report.commits_checked,
        m_report.notices);
  }

  const git::Repository& m_repo;
  const PushOptions& m_options;
  PolicyStore m_policies;
  CommitJudge m_judge;
  HeldHistory m_held;
  std::optional<std::string> m_trust_root;
  std::optional<std::string> m_missing_root;
  std::optional<std::string> m_protected_tip;
  std::string m_protected_ref;
  std::optional<std::string> m_bootstrap_policy;
  std::optional<HistoryJudge> m_history;
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
