#pragma once

#include <optional>
#include <string>
#include <vector>

#include "git/repository.hpp"
#include "trust/policy_store.hpp"
#include "trust/push_check.hpp"

namespace trust {

// Where judging a push starts from: the trust root and the server's protected branch.
struct PushStart {
  std::optional<std::string> trust_root;    // nullopt: nothing can be accepted
  std::optional<std::string> protected_tip; // the server's protected branch, if it has one
  std::string protected_ref;
  bool comes_with_push = false; // an empty server: the push's protected branch starts it
  // An empty server pinned to a trust root that the push does not bring.
  std::optional<std::string> missing_root;
};

// The configured trust root (runbook.trustRoot), else the first commit of the branch
// that holds the policy; on an empty server, the first commit of the pushed protected
// branch, judged by its own policy. Throws util::EnvironmentError when the configured
// root is not a commit of the repository (every push is then refused). `held`, when
// given, is what the server holds of the refs it names, instead of the repository's own
// (a clone judging as its server would: `sync`, `verify --range`).
PushStart find_push_start(const git::Repository& repo,
                          PolicyStore& policies,
                          const std::optional<std::string>& configured_root,
                          const std::vector<RefUpdate>& updates,
                          const std::vector<std::pair<std::string, std::string>>* held = nullptr);

} // namespace trust
