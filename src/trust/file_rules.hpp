#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "git/repository.hpp"
#include "trust/problem.hpp"

namespace trust {

// Problems with the files a commit adds or changes against one parent (none: a root
// commit, every file new): links and submodules, files over 50 MiB, YAML over 1 MiB,
// and runbook versions and the policy that do not validate (with `policy` judging
// the runbooks).
[[nodiscard]] std::vector<Problem> file_problems(const git::Repository& repo,
                                   const std::string& commit,
                                   const std::optional<std::string>& parent,
                                   const core::Policy& policy);

} // namespace trust
