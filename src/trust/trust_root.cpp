#include "trust/trust_root.hpp"

#include "core/policy.hpp"
#include "util/error.hpp"

namespace trust {

// The local branch, else a remote-tracking branch of that name (an auditor's clone).
std::optional<std::pair<std::string, std::string>> find_branch(const git::Repository& repo,
                                                               const std::string& branch) {
  std::string local = "refs/heads/" + branch;
  if (auto tip = repo.resolve_ref(local)) {
    return std::make_pair(local, *tip);
  }
  std::string remote = "refs/remotes/origin/" + branch;
  if (auto tip = repo.resolve_ref(remote)) {
    return std::make_pair(remote, *tip);
  }
  return std::nullopt;
}

// The first commit of the branch that holds the policy: the default trust root.
std::string first_commit(const git::Repository& repo) {
  std::vector<std::string> candidates;
  if (auto head = repo.head_branch()) {
    candidates.push_back(*head);
  }
  for (const char* name : {"refs/heads/main", "refs/heads/master"}) {
    candidates.emplace_back(name);
  }
  for (const std::string& name : repo.branches()) {
    candidates.push_back(name);
  }
  for (const std::string& name : candidates) {
    auto tip = repo.resolve_ref(name);
    if (!tip || !repo.read_file_at(*tip, core::k_policy_path)) {
      continue;
    }
    std::vector<std::string> commits = repo.commits_between(*tip, {});
    return commits.front();
  }
  throw util::EnvironmentError("no branch of this repository holds " +
                               std::string(core::k_policy_path) +
                               ", so there is nothing to verify. Start with `git runbook init`.");
}

std::string find_trust_root(const git::Repository& repo, const std::optional<std::string>& option) {
  std::optional<std::string> given = option;
  std::string source = "--trust-root";
  if (!given) {
    given = repo.config_string("runbook.trustRoot");
    source = "runbook.trustRoot in git config";
  }
  if (!given) {
    return first_commit(repo);
  }
  auto commit = repo.resolve_commit(*given);
  if (!commit) {
    throw util::EnvironmentError(
        "the trust root \"" + *given + "\" (" + source +
        ") is not a commit of this repository. Fetch it, or name the right commit.");
  }
  return *commit;
}

} // namespace trust
