#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace core {

// What a person may do (DESIGN §5).
enum class Role {
  admin,    // changes .runbook/ (policy and keys)
  author,   // publishes runbook versions
  operator_, // records runs
  approver, // signs approvals
  witness,  // a server's key: signs checkpoints of what the server received (issue 18)
};

inline constexpr Role k_all_roles[] = {Role::admin, Role::author, Role::operator_, Role::approver, Role::witness};

std::string_view to_string(Role role);
// "admin" -> Role::admin; nullopt for anything else.
std::optional<Role> parse_role(std::string_view text);

// Team roles (issue 17): names a policy may declare beside the built-in roles.
// True for the built-in roles "admin", "author", "operator", "approver" and "witness":
// no team role may take these names.
bool is_reserved_role_name(std::string_view name);
// True for role names matching ^[a-z][a-z0-9-]{0,40}$ (e.g. "incident-commander").
bool is_valid_role_name(std::string_view name);

} // namespace core
