#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/runbook.hpp"

namespace core {

// Policy in plain words (issue 18): what a policy lets each person do, for `policy
// describe`, `policy diff` and `review`.

// What a person's key file says, by person id (read by cli/policy_at.hpp).
struct KeyFileFacts {
  // When the key expires (gpg/key_facts.hpp): seconds since 1970, 0 for never;
  // nullopt when the file could not be read.
  std::optional<std::int64_t> expires;
  std::string file_id; // the file's blob id: a new export of the same key changes it
};
using KeyFiles = std::map<std::string, KeyFileFacts>;

struct PersonDescription {
  std::string id;
  std::string name;
  std::string email;
  std::string fingerprint;
  std::string status;             // "active", "retired" or "revoked"
  std::vector<std::string> roles; // built-in roles first, then team roles
  std::optional<std::int64_t> key_expires; // 0: never; nullopt: the key file could not be read
};

// Who may publish one runbook's versions.
struct PublishRight {
  std::string runbook;
  std::vector<std::string> authors; // active people who may
  bool narrowed = false;            // the policy names this runbook's authors
  std::string sentence;             // "Only alice may publish payroll (the policy names its authors)."
};

// One step of a runbook's latest published version that only some people may record
// (a step with a `role:` other than operator) or approve (a step with `approval:`).
struct StepRequirement {
  enum class Kind { perform, approve };
  Kind kind = Kind::approve;
  std::string runbook;
  int version = 0;
  std::string step;
  std::string title;
  std::string role;
  int needed = 1;                 // distinct people (approvals); 1 for perform
  std::vector<std::string> people; // active people who may, in policy order
  bool can_be_met = true;         // at least `needed` of them
  std::string sentence;           // `Step 3 "Sign the offer" of hiring needs 2 approvals from hiring-committee: alice, bob`
};

struct PolicyDescription {
  std::vector<PersonDescription> people;
  std::vector<std::string> protected_branches;
  std::string log_branch;
  // Active holders of each role: "admin", "author", "operator", "approver", then each
  // team role in the policy's order.
  std::vector<std::pair<std::string, std::vector<std::string>>> holders;
  std::map<std::string, std::string> team_role_descriptions;
  std::vector<PublishRight> publishing;
  std::vector<StepRequirement> steps;
  std::vector<std::string> warnings; // requirements nobody can meet now, in plain words
};

// Describes `policy` with the latest published version of each runbook (`runbooks`,
// any order) and the key expiries read from the people's key files. Pure.
PolicyDescription describe_policy(const Policy& policy, const std::vector<Runbook>& runbooks,
                                  const KeyFiles& keys);

// What holding a role lets someone do, in words: "publish runbook versions (author)",
// "approve security-lead steps and record them (team role)".
std::string what_role_allows(const std::string& role);

// A time of KeyFileFacts::expires as a UTC day ("2027-03-01"), or "never" for 0.
std::string expiry_text(std::int64_t expires);

} // namespace core
