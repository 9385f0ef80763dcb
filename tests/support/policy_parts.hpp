#pragma once

#include "core/policy.hpp"

#include <set>
#include <string>

namespace test_support {

// A person of a policy, for tests that build policies in code: "Name of <id>",
// <id>@example.com, the default key file, and a fingerprint made from the id (40
// upper-case hex digits; different ids give different fingerprints).
inline core::Person make_person(const std::string& id, std::set<core::Role> roles,
                                std::set<std::string> team_roles = {},
                                core::PersonStatus status = core::PersonStatus::active) {
  core::Person p;
  p.id = id;
  p.name = "Name of " + id;
  p.email = id + "@example.com";
  p.key_file = core::key_file_for(id);
  constexpr const char* k_hex = "0123456789ABCDEF";
  for (std::size_t i = 0; i < 40; ++i) {
    p.fingerprint += k_hex[(static_cast<unsigned char>(id[i % id.size()]) * (i + 1)) % 16];
  }
  p.roles = std::move(roles);
  p.team_roles = std::move(team_roles);
  p.status = status;
  return p;
}

} // namespace test_support
