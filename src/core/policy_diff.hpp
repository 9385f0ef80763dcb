#pragma once

#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/policy_description.hpp"

namespace core {

// One thing a policy change grants or takes away (issue 18, `policy diff`, `review`).
struct PolicyChange {
  enum class Kind {
    joined,         // a person added
    removed,        // a person no longer in the policy
    role_granted,
    role_taken,
    status_changed, // retired, revoked, or back to active
    key_changed,    // another fingerprint
    key_expiry_changed,
    key_file_changed, // another export of the same key
    name_changed,
    email_changed,
    authors_changed, // who the policy names as a runbook's authors
    role_declared,
    role_dropped,
    role_described,
    branches_changed, // protected branches, the log branch, allowed refs
  };
  Kind kind;
  std::string subject;  // the person, role, runbook or branch it is about
  std::string sentence; // "carol may now approve security-lead steps"
  bool grants = false;  // gives someone more than before (a reviewer looks twice)
};

// What changed from `before` to `after`, person by person in the newer policy's order,
// then people removed, then team roles, runbook authors and branches. `before_keys`
// and `after_keys` are what each person's key file says at either side. Empty when the
// two grant the same. Pure.
std::vector<PolicyChange> diff_policies(const Policy& before, const KeyFiles& before_keys, const Policy& after,
                                        const KeyFiles& after_keys);

// A name for a PolicyChange::Kind in JSON output: "role-granted", …
std::string_view to_string(PolicyChange::Kind kind);

} // namespace core
