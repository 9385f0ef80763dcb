#include "core/policy_diff.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <set>

namespace core {

namespace {

std::vector<std::string> role_names(const Person& person) {
  std::vector<std::string> names;
  for (Role role : person.roles) {
    names.emplace_back(to_string(role));
  }
  names.insert(names.end(), person.team_roles.begin(), person.team_roles.end());
  return names;
}

// "<who><what><object>", built in one string.
std::string sentence(const std::string& who, std::string_view what, const std::string& object) {
  std::string text = who;
  text += what;
  text += object;
  return text;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

class PolicyComparison {
public:
  PolicyComparison(const Policy& before, const KeyFiles& before_keys, const Policy& after,
                   const KeyFiles& after_keys)
      : m_before(before), m_before_keys(before_keys), m_after(after), m_after_keys(after_keys) {}

  std::vector<PolicyChange> run() {
    for (const Person& person : m_after.people) {
      if (const Person* was = m_before.find_person(person.id)) {
        compare_person(*was, person);
      } else {
        joined(person);
      }
    }
    for (const Person& person : m_before.people) {
      if (m_after.find_person(person.id) == nullptr) {
        std::vector<std::string> roles = role_names(person);
        add(PolicyChange::Kind::removed, person.id,
            person.id + " is no longer in the policy" +
                (roles.empty() ? std::string() : " (had " + util::join(roles, ", ") + ")"),
            false);
      }
    }
    compare_team_roles();
    compare_authors();
    compare_branches();
    return std::move(m_changes);
  }

private:
  void add(PolicyChange::Kind kind, const std::string& subject, std::string sentence, bool grants) {
    m_changes.push_back(PolicyChange{kind, subject, std::move(sentence), grants});
  }

  void joined(const Person& person) {
    std::vector<std::string> roles = role_names(person);
    std::string sentence = person.id + " (" + person.name + ") joined " +
                           (roles.empty() ? std::string("with no role") : "as " + util::join(roles, ", ")) +
                           ", key " + person.fingerprint;
    if (person.status != PersonStatus::active) {
      sentence += ", already " + std::string(to_string(person.status));
    }
    add(PolicyChange::Kind::joined, person.id, std::move(sentence), person.status == PersonStatus::active);
  }

  void compare_person(const Person& was, const Person& now) {
    const std::string& id = now.id;
    std::vector<std::string> before = role_names(was);
    std::vector<std::string> after = role_names(now);
    for (const std::string& role : after) {
      if (!contains(before, role)) {
        add(PolicyChange::Kind::role_granted, id, id + " may now " + what_role_allows(role), true);
      }
    }
    for (const std::string& role : before) {
      if (!contains(after, role)) {
        add(PolicyChange::Kind::role_taken, id, id + " may no longer " + what_role_allows(role), false);
      }
    }
    if (was.status != now.status) {
      switch (now.status) {
      case PersonStatus::retired:
        add(PolicyChange::Kind::status_changed, id, id + " was retired: signs nothing new, earlier work stays valid",
            false);
        break;
      case PersonStatus::revoked:
        add(PolicyChange::Kind::status_changed, id,
            id + "'s key was revoked: it signs nothing new and its earlier signatures are flagged", false);
        break;
      case PersonStatus::active:
        add(PolicyChange::Kind::status_changed, id,
            id + " is active again (was " + std::string(to_string(was.status)) + ") and may sign", true);
        break;
      }
    }
    if (was.fingerprint != now.fingerprint) {
      add(PolicyChange::Kind::key_changed, id,
          id + "'s key changed (fingerprint " + was.fingerprint + " → " + now.fingerprint + ")", true);
    } else {
      compare_key_file(id);
    }
    if (was.name != now.name) {
      add(PolicyChange::Kind::name_changed, id, id + "'s name changed from \"" + was.name + "\" to \"" + now.name + "\"",
          false);
    }
    if (was.email != now.email) {
      add(PolicyChange::Kind::email_changed, id, id + "'s email changed from " + was.email + " to " + now.email, false);
    }
  }

  void compare_key_file(const std::string& id) {
    auto was = m_before_keys.find(id);
    auto now = m_after_keys.find(id);
    if (was == m_before_keys.end() || now == m_after_keys.end() || was->second.file_id == now->second.file_id) {
      return;
    }
    std::optional<std::int64_t> before = was->second.expires;
    std::optional<std::int64_t> after = now->second.expires;
    if (before && after && *before != *after) {
      std::string sentence = *after == 0 ? id + "'s key now never expires"
                                         : id + "'s key now expires on " + expiry_text(*after);
      add(PolicyChange::Kind::key_expiry_changed, id, sentence + " (was " + expiry_text(*before) + ")",
          *after == 0 || (*before != 0 && *after > *before));
    } else {
      add(PolicyChange::Kind::key_file_changed, id,
          id + "'s key file was replaced by another export of the same key (subkeys or signatures may differ)",
          false);
    }
  }

  void compare_team_roles() {
    for (const TeamRole& role : m_after.team_roles) {
      const TeamRole* was = m_before.find_team_role(role.name);
      if (was == nullptr) {
        add(PolicyChange::Kind::role_declared, role.name,
            "the team role " + role.name + " was declared (" + role.description + ")", false);
      } else if (was->description != role.description) {
        add(PolicyChange::Kind::role_described, role.name,
            "the team role " + role.name + " is now described as \"" + role.description + "\" (was \"" +
                was->description + "\")",
            false);
      }
    }
    for (const TeamRole& role : m_before.team_roles) {
      if (m_after.find_team_role(role.name) == nullptr) {
        add(PolicyChange::Kind::role_dropped, role.name, "the team role " + role.name + " was removed", false);
      }
    }
  }

  void compare_authors() {
    std::set<std::string> runbooks;
    for (const auto* policy : {&m_before, &m_after}) {
      for (const auto& [id, authors] : policy->runbook_authors) {
        runbooks.insert(id);
      }
    }
    for (const std::string& runbook : runbooks) {
      auto was = m_before.runbook_authors.find(runbook);
      auto now = m_after.runbook_authors.find(runbook);
      if (was == m_before.runbook_authors.end()) {
        add(PolicyChange::Kind::authors_changed, runbook,
            "only " + util::join(now->second, ", ") + " may now publish " + runbook + " (before: any author)", false);
      } else if (now == m_after.runbook_authors.end()) {
        add(PolicyChange::Kind::authors_changed, runbook,
            "any author may now publish " + runbook + " (before: only " + util::join(was->second, ", ") + ")", true);
      } else {
        for (const std::string& person : now->second) {
          if (!contains(was->second, person)) {
            add(PolicyChange::Kind::authors_changed, runbook, sentence(person, " may now publish ", runbook), true);
          }
        }
        for (const std::string& person : was->second) {
          if (!contains(now->second, person)) {
            add(PolicyChange::Kind::authors_changed, runbook, sentence(person, " may no longer publish ", runbook),
                false);
          }
        }
      }
    }
  }

  void compare_list(const std::vector<std::string>& was, const std::vector<std::string>& now,
                    const std::string& added, const std::string& dropped) {
    for (const std::string& item : now) {
      if (!contains(was, item)) {
        add(PolicyChange::Kind::branches_changed, item, item + added, true);
      }
    }
    for (const std::string& item : was) {
      if (!contains(now, item)) {
        add(PolicyChange::Kind::branches_changed, item, item + dropped, false);
      }
    }
  }

  void compare_branches() {
    compare_list(m_before.protected_branches, m_after.protected_branches, " is now a protected branch",
                 " is no longer a protected branch");
    if (m_before.log_branch != m_after.log_branch) {
      add(PolicyChange::Kind::branches_changed, m_after.log_branch,
          "runs are now recorded on " + m_after.log_branch + " (was " + m_before.log_branch + ")", false);
    }
    compare_list(m_before.allowed_refs, m_after.allowed_refs, " may now be pushed to the server",
                 " may no longer be pushed to the server");
  }

  const Policy& m_before;
  const KeyFiles& m_before_keys;
  const Policy& m_after;
  const KeyFiles& m_after_keys;
  std::vector<PolicyChange> m_changes;
};

} // namespace

std::vector<PolicyChange> diff_policies(const Policy& before, const KeyFiles& before_keys, const Policy& after,
                                        const KeyFiles& after_keys) {
  return PolicyComparison(before, before_keys, after, after_keys).run();
}

std::string_view to_string(PolicyChange::Kind kind) {
  switch (kind) {
  case PolicyChange::Kind::joined:
    return "joined";
  case PolicyChange::Kind::removed:
    return "removed";
  case PolicyChange::Kind::role_granted:
    return "role-granted";
  case PolicyChange::Kind::role_taken:
    return "role-taken";
  case PolicyChange::Kind::status_changed:
    return "status-changed";
  case PolicyChange::Kind::key_changed:
    return "key-changed";
  case PolicyChange::Kind::key_expiry_changed:
    return "key-expiry-changed";
  case PolicyChange::Kind::key_file_changed:
    return "key-file-changed";
  case PolicyChange::Kind::name_changed:
    return "name-changed";
  case PolicyChange::Kind::email_changed:
    return "email-changed";
  case PolicyChange::Kind::authors_changed:
    return "authors-changed";
  case PolicyChange::Kind::role_declared:
    return "role-declared";
  case PolicyChange::Kind::role_dropped:
    return "role-dropped";
  case PolicyChange::Kind::role_described:
    return "role-described";
  case PolicyChange::Kind::branches_changed:
    return "branches-changed";
  }
  return "changed";
}

} // namespace core
