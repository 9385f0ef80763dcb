#include "core/policy.hpp"

#include <algorithm>

namespace core {

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
