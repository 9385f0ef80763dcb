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
};

inline constexpr Role k_all_roles[] = {Role::admin, Role::author, Role::operator_, Role::approver};

std::string_view to_string(Role role);
// "admin" -> Role::admin; nullopt for anything else.
std::optional<Role> parse_role(std::string_view text);

} // namespace core
