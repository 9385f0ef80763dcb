#include "core/role.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace role_test {

using core::parse_role;
using core::Role;

TEST(Role, NamesAreTheWordsOfThePolicy) {
  EXPECT_EQ(core::to_string(Role::admin), "admin");
  EXPECT_EQ(core::to_string(Role::author), "author");
  EXPECT_EQ(core::to_string(Role::operator_), "operator");
  EXPECT_EQ(core::to_string(Role::approver), "approver");
  EXPECT_EQ(core::to_string(Role::witness), "witness");
}

TEST(Role, EveryRoleRoundTripsThroughItsName) {
  std::set<std::string_view> names;
  for (Role role : core::k_all_roles) {
    std::string_view name = core::to_string(role);
    EXPECT_EQ(parse_role(name), role) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 5U); // all different
}

TEST(Role, ParseRefusesAnythingElse) {
  for (std::string_view text :
       {"", "Admin", "ADMIN", " admin", "admin ", "operator_", "owner", "admins", "unknown"}) {
    EXPECT_EQ(parse_role(text), std::nullopt) << "\"" << text << "\"";
  }
}

TEST(Role, AllRolesAreListedInOrder) {
  ASSERT_EQ(std::size(core::k_all_roles), 5U);
  EXPECT_EQ(core::k_all_roles[0], Role::admin);
  EXPECT_EQ(core::k_all_roles[1], Role::author);
  EXPECT_EQ(core::k_all_roles[2], Role::operator_);
  EXPECT_EQ(core::k_all_roles[3], Role::approver);
  EXPECT_EQ(core::k_all_roles[4], Role::witness);
}

} // namespace role_test
