#include "trust/push_start.hpp"

#include "core/policy.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace trust {

PushStart find_push_start(const git::Repository& repo,
                          PolicyStore& policies,
                          const std::optional<std::string>& configured_root,
                          const std::vector<RefUpdate>& updates,
                          const std::vector<std::pair<std::string, std::string>>* held) {
  auto server_ref = [&](const std::string& name) -> std::optional<std::string> {
    if (held == nullptr) {
      return repo.resolve_ref(name);
    }
    for (const auto& [ref, tip] : *held) {
      if (ref == name) {
        return tip;
      }
    }
    return repo.resolve_ref(name); // not named: as this repository has it
  };
  PushStart start;
  if (configured_root) {
    start.trust_root = repo.resolve_commit(*configured_root);
    if (!start.trust_root && repo.branches().empty()) {
      start.missing_root = *configured_root;
      return start;
    }
    if (!start.trust_root) {
      throw util::EnvironmentError(
          "runbook.trustRoot (" + *configured_root +
          ") in the server's git config is not a commit of this repository, so "
          "nothing can be trusted and every push is refused. The server admin sets it "
          "again with `git runbook hook install <repo> --trust-root <commit>`.");
    }
  } else {
    // The first commit of a protected branch, as the policy of that first commit names
    // it: never the first commit of some other branch that holds a policy.
    for (const std::string& branch : repo.branches()) {
      auto tip = repo.resolve_ref(branch);
      if (!tip || !repo.read_file_at(*tip, core::k_policy_path)) {
        continue;
      }
      std::string first = repo.commits_between(*tip, {}).front();
      const PolicyState& state = policies.at(first);
      std::string name = util::starts_with(branch, "refs/heads/") ? branch.substr(11) : branch;
      if (state.policy && state.policy->is_protected(name)) {
        start.trust_root = first;
        break;
      }
    }
  }
  if (start.trust_root) {
    // The server's protected branch: the first one the trust root's policy names.
    const PolicyState& state = policies.at(*start.trust_root);
    if (state.policy) {
      for (const std::string& branch : state.policy->protected_branches) {
        if (auto tip = server_ref("refs/heads/" + branch)) {
          start.protected_tip = tip;
          start.protected_ref = "refs/heads/" + branch;
          break;
        }
      }
      // A server pinned to a trust root before its first push: the push of a protected
      // branch that holds the root starts it.
      for (const RefUpdate& update : updates) {
        std::string name = update.ref.substr(std::min(update.ref.size(), std::string("refs/heads/").size()));
        if (!start.protected_tip && !is_zero_id(update.new_id) && util::starts_with(update.ref, "refs/heads/") &&
            state.policy->is_protected(name) && repo.is_ancestor(*start.trust_root, update.new_id)) {
          start.comes_with_push = true;
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
