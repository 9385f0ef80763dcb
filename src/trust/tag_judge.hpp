#pragma once

#include <optional>
#include <string>
#include <vector>

#include "git/repository.hpp"
#include "trust/policy_store.hpp"
#include "trust/problem.hpp"
#include "trust/push_check.hpp"

namespace trust {

// The rules for a tag ref (DESIGN §6): tags are never deleted or moved; a new one is
// an annotated tag object signed by an active author or admin of the policy at the
// protected branch's tip.
[[nodiscard]] std::vector<Problem> tag_problems(const git::Repository& repo,
                                  PolicyStore& policies,
                                  const RefUpdate& update,
                                  const std::optional<std::string>& protected_tip);

} // namespace trust
