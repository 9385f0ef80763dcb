#pragma once

#include <optional>
#include <string>
#include <utility>

#include "git/repository.hpp"

namespace trust {

// The local branch, else a remote-tracking branch of that name (an auditor's clone):
// its full ref name and tip.
std::optional<std::pair<std::string, std::string>> find_branch(const git::Repository& repo,
                                                               const std::string& branch);

// The first commit of the branch that holds the policy: the default trust root. Throws
// util::EnvironmentError when no branch holds one.
std::string first_commit(const git::Repository& repo);

// The trust root: `option` (--trust-root), else runbook.trustRoot in git config, else
// first_commit. Throws util::EnvironmentError when the one named is not a commit here.
std::string find_trust_root(const git::Repository& repo, const std::optional<std::string>& option);

} // namespace trust
