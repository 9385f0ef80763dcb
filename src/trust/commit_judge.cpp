#include "trust/commit_judge.hpp"

#include "core/runbook_paths.hpp"
#include "core/version_rules.hpp"
#include "util/text.hpp"

namespace trust {

namespace {

constexpr const char* k_fix_resign =
    "if this commit is not on the shared server yet, sign it again with `git commit --amend -S` "
    "(or `git rebase --exec 'git commit --amend --no-edit -S' <base>`); otherwise ask an admin.";

Problem make(const std::string& commit, std::string rule, std::string message, std::string fix) {
  return Problem{commit, "", std::move(rule), std::move(message), std::move(fix)};
}

std::string signature_reason(const gpg::SignatureCheck& check) {
  switch (check.status) {
  case gpg::SignatureStatus::bad:
    return "its signature does not match its content: the commit was changed after it was signed";
  case gpg::SignatureStatus::unknown_key:
    return "it is signed by key " + check.fingerprint + ", which is not in the policy";
  case gpg::SignatureStatus::not_one_signature:
    return "its signature block holds " + check.detail + " instead of exactly one";
  default:
    return "its signature cannot be checked (" + check.detail + ")";
  }
}

std::string rule_for(gpg::SignatureStatus status) {
  switch (status) {
  case gpg::SignatureStatus::bad:
    return "tampered";
  case gpg::SignatureStatus::unknown_key:
    return "unknown-signer";
  case gpg::SignatureStatus::not_one_signature:
    return "several-signatures";
  default:
    return "bad-signature";
  }
}

} // namespace

std::vector<Problem> CommitJudge::version_problems(const std::string& commit,
                                                   const std::string& parent,
                                                   const std::optional<std::string>& published_at) {
  auto files_of = [&](const std::string& id) {
    std::vector<core::TreeFile> files;
    for (const git::TreeEntry& entry : m_repo.list_files_at(id, core::k_runbooks_folder)) {
      files.push_back(core::TreeFile{entry.name, entry.id, entry.mode});
    }
    return files;
  };
  if (m_repo.tree_of(commit) == m_repo.tree_of(parent)) {
    return {};
  }
  std::vector<core::TreeFile> before = files_of(parent);
  std::vector<core::TreeFile> published = published_at ? files_of(*published_at) : before;
  std::vector<Problem> problems;
  for (const core::VersionProblem& problem : core::check_version_changes(published, before, files_of(commit))) {
    // The rule's words end in advice for a local checkout ("— publish … , and undo the
    // edit with `git restore …`"); for a pushed commit the first half is what applies.
    std::string what = problem.message;
    std::string advice;
    if (std::size_t dash = what.find(" — "); dash != std::string::npos) {
      advice = what.substr(dash + std::string(" — ").size());
      what.resize(dash);
      advice = advice.substr(0, advice.find(", and "));
    }
    problems.push_back(make(commit, "append-only", what,
                            (advice.empty() ? std::string("fix the files") : advice) +
                                "; take the change out of the commits you push (`git rebase -i @{u}`) and push again"));
  }
  return problems;
}

Verdict CommitJudge::judge(const std::string& commit,
                           core::BranchKind kind,
                           const std::vector<std::string>& trusted_parents,
                           const std::optional<std::string>& policy_commit) {
  auto raw = m_repo.read_raw(commit);
  if (!raw || raw->kind != git::ObjectKind::commit) {
    return {{make(commit, "missing-object", "the commit object is missing from the repository",
                 "fetch the history again (`git fetch`), or restore the repository from a backup")}, ""};
  }
  auto parsed = git::parse_raw_commit(raw->bytes);
  if (!parsed) {
    return {{make(commit, "malformed-commit", parsed.error(),
                  "this commit was not written by Git or git-runbook; remove it before it is pushed")},
            ""};
  }
  if (parsed->signature.empty()) {
    return {{make(commit, "unsigned", "the commit is not signed", k_fix_resign)}, ""};
  }
  std::vector<std::string> judges = policy_commit ? std::vector<std::string>{*policy_commit} : trusted_parents;
  if (judges.empty()) {
    return {{make(commit, "outside-trust-root",
                 "the commit does not descend from the trust root, so no trusted policy can judge it",
                 "merge only history that starts from this repository's first commit; if the trust root is "
                 "wrong, set it with `git config runbook.trustRoot <commit>`")},
            ""};
  }
  core::CommitShape shape = parsed->parents.size() > 1 ? core::CommitShape::merge : core::CommitShape::ordinary;
  std::optional<Problem> first_problem;
  std::string signer_fingerprint;
  for (const std::string& judge_commit : judges) {
    const PolicyState& state = m_policies.at(judge_commit);
    if (!state.policy) {
      first_problem = first_problem.value_or(make(
          commit, "invalid-policy",
          "the commit " + util::shorten(judge_commit) + " that should judge it has no usable policy: " + state.problem,
          "an admin must repair .runbook/policy.yaml with `git runbook validate` and a signed commit"));
      continue;
    }
    gpg::SignatureCheck check = state.keyring->verify_detached(parsed->signed_payload, parsed->signature + "\n");
    if (check.status != gpg::SignatureStatus::good) {
      first_problem = first_problem.value_or(
          make(commit, rule_for(check.status), signature_reason(check),
               check.status == gpg::SignatureStatus::unknown_key
                   ? "if the key belongs to a team member, an admin adds it with `git runbook keys add`; "
                     "otherwise remove the commit before it is pushed"
                   : k_fix_resign));
      continue;
    }
    signer_fingerprint = check.fingerprint;
    const core::Person* signer = state.policy->find_by_fingerprint(check.fingerprint);
    if (signer == nullptr) {
      first_problem = first_problem.value_or(make(
          commit, "unknown-signer", "it is signed by key " + check.fingerprint + ", which no person of the policy holds",
          "an admin adds the key with `git runbook keys add <person> <key-file> --roles …`"));
      continue;
    }
    // What the commit changes: against the judging parent, or on the log branch
    // against its own previous record.
    std::optional<std::string> parent_tree;
    if (policy_commit) {
      if (!parsed->parents.empty()) {
        parent_tree = m_repo.tree_of(parsed->parents.front());
      }
    } else if (judge_commit != commit) {
      parent_tree = m_repo.tree_of(judge_commit);
    }
    std::vector<std::string> paths = m_repo.changed_paths(parent_tree, parsed->tree);
    auto denied = core::authorization_problem(*state.policy, *signer, kind, shape, paths);
    if (!denied) {
      return {{}, signer_fingerprint};
    }
    first_problem = first_problem.value_or(make(
        commit, "not-authorized", *denied,
        "ask someone with the needed role to make this change, or an admin to grant the role with "
        "`git runbook keys add`"));
  }
  return {{*first_problem}, signer_fingerprint};
}

} // namespace trust
