#include "trust/push_start.hpp"

#include "core/policy.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace trust {

PushStart find_push_start(const git::Repository& repo,
                          PolicyStore& policies,
                          const std::optional<std::string>& configured_root,
                          const std::vector<RefUpdate>& updates) {
  PushStart start;
  if (configured_root) {
    start.trust_root = repo.resolve_commit(*configured_root);
    if (!start.trust_root) {
      throw util::EnvironmentError(
          "runbook.trustRoot (" + *configured_root +
          ") in the server's git config is not a commit of this repository, so "
          "nothing can be trusted and every push is refused. The server admin sets it "
          "again with `git runbook hook install <repo> --trust-root <commit>`.");
    }
  } else {
    for (const std::string& branch : repo.branches()) {
      auto tip = repo.resolve_ref(branch);
      if (tip && repo.read_file_at(*tip, core::k_policy_path)) {
        start.trust_root = repo.commits_between(*tip, {}).front();
        break;
      }
    }
  }
  if (start.trust_root) {
    // The server's protected branch: the first one the trust root's policy names.
    const PolicyState& state = policies.at(*start.trust_root);
    if (state.policy) {
      for (const std::string& branch : state.policy->protected_branches) {
        if (auto tip = repo.resolve_ref("refs/heads/" + branch)) {
          start.protected_tip = tip;
          start.protected_ref = "refs/heads/" + branch;
          break;
        }
      }
    }
    return start;
  }
  // An empty server: the first push of a branch that holds a policy starts it; its
  // first commit becomes the trust root, judged by its own policy.
  for (const RefUpdate& update : updates) {
    if (is_zero_id(update.new_id) || !util::starts_with(update.ref, "refs/heads/") ||
        !repo.read_file_at(update.new_id, core::k_policy_path)) {
      continue;
    }
    std::string first = repo.commits_between(update.new_id, {}).front();
    const PolicyState& state = policies.at(first);
    if (state.policy &&
        state.policy->is_protected(update.ref.substr(std::string("refs/heads/").size()))) {
      start.trust_root = first;
      start.comes_with_push = true;
      return start;
    }
  }
  return start;
}

} // namespace trust
