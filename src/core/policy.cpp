#include "core/policy.hpp"

#include <algorithm>

namespace core {

bool is_valid_person_id(std::string_view id) {
  if (id.empty() || id.size() > 63) {
    return false;
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool letter_or_digit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!letter_or_digit && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
      return false;
    }
  }
  return true;
}

const Person* Policy::find_person(const std::string& id) const {
  auto it = std::find_if(people.begin(), people.end(), [&](const Person& p) { return p.id == id; });
  return it == people.end() ? nullptr : &*it;
}

const Person* Policy::find_by_fingerprint(const std::string& fingerprint) const {
  auto it = std::find_if(people.begin(), people.end(),
                         [&](const Person& p) { return p.fingerprint == fingerprint; });
  return it == people.end() ? nullptr : &*it;
}

bool Policy::is_protected(const std::string& branch) const {
  return std::find(protected_branches.begin(), protected_branches.end(), branch) !=
         protected_branches.end();
}

const TeamRole* Policy::find_team_role(std::string_view name) const {
  auto it = std::find_if(team_roles.begin(), team_roles.end(), [&](const TeamRole& r) { return r.name == name; });
  return it == team_roles.end() ? nullptr : &*it;
}

bool Policy::knows_role(std::string_view name) const {
  return parse_role(name).has_value() || find_team_role(name) != nullptr;
}

bool holds_role(const Person& person, std::string_view name) {
  if (auto role = parse_role(name)) {
    return person.roles.count(*role) > 0;
  }
  return person.team_roles.count(std::string(name)) > 0;
}

std::size_t active_holders(const Policy& policy, std::string_view name) {
  return static_cast<std::size_t>(std::count_if(policy.people.begin(), policy.people.end(), [&](const Person& person) {
    return person.status == PersonStatus::active && holds_role(person, name);
  }));
}

std::string key_file_for(const std::string& person_id) {
  return std::string(k_keys_folder) + "/" + person_id + ".asc";
}

std::string_view to_string(PersonStatus status) {
  switch (status) {
  case PersonStatus::active:
    return "active";
  case PersonStatus::retired:
    return "retired";
  case PersonStatus::revoked:
    return "revoked";
  }
  return "unknown";
}

} // namespace core
