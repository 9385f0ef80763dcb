#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/role.hpp"

namespace core {

inline constexpr const char* k_policy_path = ".runbook/policy.yaml";
inline constexpr const char* k_keys_folder = ".runbook/keys";
inline constexpr const char* k_default_log_branch = "runbook-log";

// True for person ids matching ^[a-z0-9][a-z0-9._-]{0,62}$ (e.g. "jane.doe"): an id
// also names the person's key file.
bool is_valid_person_id(std::string_view id);

// Whether a person's key is still accepted (DESIGN §5).
enum class PersonStatus {
  active,
  retired, // left: signs nothing new; earlier signatures stay valid
  revoked, // key compromised: signs nothing new; earlier signatures are flagged
};

// Whether someone so marked may sign nothing new (retired or revoked).
[[nodiscard]] constexpr bool is_cut_off(PersonStatus status) {
  return status == PersonStatus::retired || status == PersonStatus::revoked;
}

struct Person {
  std::string id;          // e.g. "alice"; also names the key file
  std::string name;        // "Alice Martin"
  std::string email;       // "alice@example.com"
  std::string key_file;    // ".runbook/keys/alice.asc"
  std::string fingerprint; // primary key, 40 upper-case hex digits
  std::set<Role> roles;
  PersonStatus status = PersonStatus::active;
  // Team roles (issue 17): the roles of the policy's `roles:` this person holds.
  std::set<std::string> team_roles;
};

// Team roles (issue 17): a role a team declares beside the built-in ones.
struct TeamRole {
  std::string name;        // "incident-commander"
  std::string description; // "Runs the incident call and decides"
};

// The contents of .runbook/policy.yaml: who may do what.
struct Policy {
  std::vector<std::string> protected_branches; // branch names, e.g. "main"
  std::string log_branch = k_default_log_branch;
  std::vector<Person> people;
  // Per runbook id, the authors who may publish its versions: when a runbook is
  // listed, an author must also be named here for it.
  std::map<std::string, std::vector<std::string>> runbook_authors;
  // Refs the server accepts besides branches and tags, e.g. "refs/notes/*" (a
  // trailing * matches the rest of the name). Empty: none.
  std::vector<std::string> allowed_refs;

  const Person* find_person(const std::string& id) const;
  // The person whose primary key has this fingerprint (any status).
  const Person* find_by_fingerprint(const std::string& fingerprint) const;
  bool is_protected(const std::string& branch) const;
  // Team roles (issue 17): the roles the team declared, in the policy's order.
  std::vector<TeamRole> team_roles;
  const TeamRole* find_team_role(std::string_view name) const;
  // A built-in role or one of team_roles.
  bool knows_role(std::string_view name) const;
};

// Team roles (issue 17): whether a person holds the role of this name, built-in or a
// team role.
bool holds_role(const Person& person, std::string_view name);

// Whether `person` holds the built-in role `role`.
inline bool has_role(const Person& person, Role role) { return person.roles.count(role) > 0; }
// How many active people of the policy hold the role of this name.
std::size_t active_holders(const Policy& policy, std::string_view name);

// The default path of a person's key file.
std::string key_file_for(const std::string& person_id);
std::string_view to_string(PersonStatus status);

} // namespace core
