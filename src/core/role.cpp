#include "core/role.hpp"

namespace core {

std::string_view to_string(Role role) {
  switch (role) {
  case Role::admin:
    return "admin";
  case Role::author:
    return "author";
  case Role::operator_:
    return "operator";
  case Role::approver:
    return "approver";
  }
  return "unknown";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role role : k_all_roles) {
    if (to_string(role) == text) {
      return role;
    }
  }
  return std::nullopt;
}

} // namespace core
