#pragma once

#include <string>
#include <vector>

#include "cli/workspace.hpp"
#include "core/policy.hpp"
#include "git/signed_commit_writer.hpp"

namespace cli {

// Commits a new policy (and any key files with it) on the checked-out branch, signed
// by the workspace's signer. Checks first, writing nothing on failure: the signer may
// make the change (the same rule as `verify`), the new policy is valid, and the person
// has no uncommitted edits to those files. Returns the new commit id.
std::string commit_policy_change(Workspace& workspace,
                                 const core::Signer& signer,
                                 const core::Policy& policy,
                                 std::vector<git::FileWrite> extra_files,
                                 const std::string& message);

// The person `id` of `policy`, to change; a RuleError that says how to find the right
// id (or add the person) when the policy has nobody by that id.
core::Person& person_to_change(core::Policy& policy, const std::string& id);

} // namespace cli
