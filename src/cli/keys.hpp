#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"

namespace CLI {
class App;
}

namespace cli {

struct KeysAddOptions {
  std::string person;
  std::string key_file;
  std::string roles; // "author,operator"
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> key; // the signer's key
};

struct KeysUpdateOptions {
  std::string person;
  std::string key_file;
  std::optional<std::string> key; // the signer's key
};

struct KeysStatusOptions {
  std::string person;
  std::optional<std::string> key;
};

struct KeysListOptions {
  std::string format = "text";
};

// Team roles (issue 17): `keys grant|ungrant PERSON ROLE…`.
struct KeysGrantOptions {
  std::string person;
  std::vector<std::string> roles;      // built-in or team roles
  std::optional<std::string> describe; // declares an undeclared team role with these words
  std::optional<std::string> key;      // the signer's key
};

// Whether `keys grant` gives roles or `keys ungrant` takes them away.
enum class RoleChange { grant, ungrant };

// Gives a person roles or takes them away, in a signed commit; only an admin may.
// Refuses (util::RuleError) a role the person already holds (grant) or lacks (ungrant),
// an undeclared team role without --describe, and a change that leaves no active admin.
void run_keys_grant(const KeysGrantOptions& options, RoleChange change);

// Gives `person` the roles named in `names`, each built-in or a team role `policy`
// declares; throws util::UsageError naming how to declare one that is not.
void give_roles(core::Person& person, const core::Policy& policy, const std::vector<std::string>& names);

// Splits "author, hr" into role names; throws util::UsageError for a name that cannot be
// a role.
std::vector<std::string> role_names(const std::string& text);

// Adds the `grant` and `ungrant` subcommands to `keys`.
void register_keys_grant(CLI::App& keys);

// Adds a person to the policy in a signed commit; only an admin may. Prints the commit.
void run_keys_add(const KeysAddOptions& options);
// Replaces a person's key file with a newer export of the same primary key (new
// subkeys, a later expiry) in a signed commit; only an admin may. Prints the commit.
void run_keys_update(const KeysUpdateOptions& options);
// Retires a person or revokes their key in a signed commit; only an admin may.
void run_keys_status(const KeysStatusOptions& options, core::PersonStatus status);
// Lists the people of the policy.
void run_keys_list(const KeysListOptions& options);

} // namespace cli
