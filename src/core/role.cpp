#include "core/role.hpp"

#include <algorithm>

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
  case Role::witness:
    return "witness";
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

bool is_reserved_role_name(std::string_view name) { return parse_role(name).has_value(); }

bool is_valid_role_name(std::string_view name) {
  if (name.empty() || name.size() > 41 || name.front() < 'a' || name.front() > 'z') {
    return false;
  }
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

} // namespace core
