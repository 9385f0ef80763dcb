#include "trust/commit_judge.hpp"

#include "git/raw_tree.hpp"
#include "gpg/weak_algorithms.hpp"

#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <map>

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
    return check.fingerprint.empty() || check.fingerprint.find_first_not_of('0') == std::string::npos
               ? std::string("its signature does not name the key that made it")
               : "it is signed by key " + check.fingerprint + ", which is not in the policy";
  case gpg::SignatureStatus::not_one_signature:
    return "its signature block holds " + check.detail + " instead of exactly one";
  case gpg::SignatureStatus::weak:
    return "it is signed with " + check.detail + ", which is too weak to trust";
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
  case gpg::SignatureStatus::weak:
    return "weak-signature";
  default:
    return "bad-signature";
  }
}

// The first tree of `tree` (the commit's, or a folder of it) that Git would not write
// (git/raw_tree.hpp), as "<folder>: <what>"; the folders `before` (its first parent's
// tree at the same path) holds unchanged are not read again.
std::optional<std::string> tree_problem(const git::Repository& repo,
                                        const std::string& tree,
                                        const std::string& before,
                                        const std::string& path) {
  if (tree == before) {
    return std::nullopt;
  }
  auto raw = repo.read_raw(tree);
  if (!raw || raw->kind != git::ObjectKind::tree) {
    return std::nullopt; // missing objects are reported where they are read
  }
  auto entries = git::parse_raw_tree(raw->bytes);
  if (!entries) {
    return (path.empty() ? std::string("its top folder") : "the folder " + path) + ": " + entries.error();
  }
  std::map<std::string, std::string> old;
  if (auto previous = before.empty() ? std::nullopt : repo.read_raw(before)) {
    if (auto parsed = git::parse_raw_tree(previous->bytes)) {
      for (const git::RawTreeEntry& entry : *parsed) {
        if (entry.is_tree()) {
          old.emplace(entry.name, entry.id);
        }
      }
    }
  }
  for (const git::RawTreeEntry& entry : *entries) {
    if (!entry.is_tree()) {
      continue;
    }
    auto same = old.find(entry.name);
    if (auto problem = tree_problem(repo, entry.id, same != old.end() ? same->second : "", path + entry.name + "/")) {
      return problem;
    }
  }
  return std::nullopt;
}

} // namespace

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
  std::string first_parent_tree;
  try {
    first_parent_tree = parsed->parents.empty() ? "" : m_repo.tree_of(parsed->parents.front());
  } catch (const util::Error&) {
    first_parent_tree.clear(); // a missing parent: every folder is read
  }
  if (auto tree = tree_problem(m_repo, parsed->tree, first_parent_tree, "")) {
    return {{make(commit, "malformed-tree", *tree,
                  "this commit was not written by Git or git-runbook; remove it before it is pushed")},
            ""};
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
                   ? "if the key belongs to a team member, an admin adds it with `git runbook keys add`, or, "
                     "if it is a new subkey of a person's key, updates their key file with `git runbook keys "
                     "update <person> <key-file>`; otherwise remove the commit before it is pushed"
               : check.status == gpg::SignatureStatus::weak
                   ? std::string(gpg::k_weak_fix) + "; then " + k_fix_resign
                   : k_fix_resign));
      continue;
    }
    signer_fingerprint = check.fingerprint;
    if (check.key_expired_on != 0 && m_refuse_expired) {
      first_problem = first_problem.value_or(make(
          commit, "expired-key",
          "it is signed by key " + check.fingerprint + ", which expired on " + util::utc_day(check.key_expired_on),
          "the key's owner extends it (`gpg --quick-set-expire <fingerprint> 2y`) and exports it again; an admin "
          "commits that with `git runbook keys update <person> <key-file>`; then sign this commit again "
          "(`git commit --amend -S`) and push"));
      continue;
    }
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
    std::string fix =
        signer->status == core::PersonStatus::revoked
            ? "a revoked key signs nothing: its owner makes a new key, an admin adds it with `git runbook "
              "keys add`, and the change is made again and signed with it; leave this commit out of what "
              "you push"
        : signer->status == core::PersonStatus::retired
            ? "someone who is still in the team makes this change again and signs it; leave this commit "
              "out of what you push"
            : "ask someone with the needed role to make this change, or an admin to grant the role with "
              "`git runbook keys add`";
    first_problem = first_problem.value_or(make(commit, "not-authorized", *denied, fix));
  }
  return {{*first_problem}, signer_fingerprint};
}

} // namespace trust
