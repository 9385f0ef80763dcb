#include "yaml/policy_yaml.hpp"

#include "core/runbook_paths.hpp"
#include "yaml/field_edit.hpp"
#include "yaml/schema_check.hpp"
#include "yaml/strict_yaml.hpp"

#include <set>
#include <stdexcept>

namespace yaml {

namespace {

// Thrown by to_policy for a value the schema would have refused.
struct NotTheSchemasShape : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

core::PersonStatus parse_status(const nlohmann::json& person) {
  std::string status = person.value("status", "active");
  if (status == "retired") {
    return core::PersonStatus::retired;
  }
  if (status == "revoked") {
    return core::PersonStatus::revoked;
  }
  if (status != "active") {
    throw NotTheSchemasShape("status " + status);
  }
  return core::PersonStatus::active;
}

std::string scalar(const std::string& text) { return inline_scalar(text); }

// Ids (people, runbooks) must pass these; the schema says so too, but valijson does
// not report which name broke its propertyNames rule.
using IdRule = bool (*)(std::string_view);

core::Diagnostics check_ids(const Document& document, const std::string& file) {
  core::Diagnostics problems;
  auto check = [&](const char* section, IdRule valid, const std::string& what) {
    if (!document.value.is_object() || !document.value.contains(section) || !document.value[section].is_object()) {
      return;
    }
    for (const auto& [id, entry] : document.value[section].items()) {
      (void)entry;
      if (valid(id)) {
        continue;
      }
      auto key = document.key_positions.find(std::string("/") + section + "/" + id);
      Position at = key != document.key_positions.end() ? key->second : document.position_of(std::string("/") + section);
      std::string message = what;
      message.append(" \"").append(id).append("\" is not allowed — use lower-case letters, digits");
      message += section == std::string("people") ? ", . _" : "";
      message += " and -, starting with a letter or digit";
      problems.push_back(core::Diagnostic{file, at.line, at.column, message});
    }
  };
  check("people", core::is_valid_person_id, "the person id");
  check("runbooks", core::is_valid_runbook_id, "the runbook id");
  return problems;
}

// Team roles (issue 17): what to say about a role a person holds that the policy does
// not declare.
std::string undeclared_role(const std::string& name) {
  return "\"" + name + "\" is not a role of this policy — the built-in roles are admin, author, operator, "
         "approver and witness (a server's checkpoint key); declare a team role under roles: (a name and a description), or check the spelling";
}

// Team roles (issue 17): the policy's `roles:`, each a new name.
template <typename ProblemAt>
void read_team_roles(const nlohmann::json& root, core::Policy& policy, ProblemAt& problem_at) {
  if (!root.contains("roles")) {
    return;
  }
  const nlohmann::json& roles = root.at("roles");
  for (std::size_t i = 0; i < roles.size(); ++i) {
    core::TeamRole role{roles.at(i).at("name").get<std::string>(), roles.at(i).at("description").get<std::string>()};
    std::string pointer = "/roles/" + std::to_string(i) + "/name";
    if (core::is_reserved_role_name(role.name)) {
      problem_at(pointer, "\"" + role.name + "\" is a built-in role and cannot be declared again — give the team "
                          "role another name (e.g. \"" + role.name + "-team\")");
    } else if (policy.find_team_role(role.name) != nullptr) {
      problem_at(pointer, "the role \"" + role.name + "\" is declared twice — keep one");
    } else {
      policy.team_roles.push_back(std::move(role));
    }
  }
}

// The policy a document holds, with the problems a schema cannot find. Throws
// nlohmann::json::exception or NotTheSchemasShape when the document does not have the
// schema's shape.
util::Result<core::Policy, core::Diagnostics> to_policy(const Document& document, const std::string& file) {
  using Outcome = util::Result<core::Policy, core::Diagnostics>;
  core::Diagnostics problems;
  const nlohmann::json& root = document.value;
  core::Policy policy;
  policy.protected_branches = root.at("protected_branches").get<std::vector<std::string>>();
  policy.log_branch = root.value("log_branch", std::string(core::k_default_log_branch));
  policy.allowed_refs = root.value("allowed_refs", std::vector<std::string>{});

  auto problem_at = [&](const std::string& pointer, const std::string& message) {
    Position at = document.position_of(pointer);
    problems.push_back(core::Diagnostic{file, at.line, at.column, message});
  };
  read_team_roles(root, policy, problem_at);
  std::set<std::string> fingerprints;
  std::set<std::string> key_files;
  bool active_admin = false;
  for (const auto& [id, entry] : root.at("people").items()) {
    core::Person person;
    person.id = id;
    person.name = entry.at("name").get<std::string>();
    person.email = entry.at("email").get<std::string>();
    person.key_file = entry.at("key").get<std::string>();
    person.fingerprint = entry.at("fingerprint").get<std::string>();
    person.status = parse_status(entry);
    std::string pointer = "/people/" + id;
    const nlohmann::json& roles = entry.at("roles");
    for (std::size_t i = 0; i < roles.size(); ++i) {
      std::string name = roles.at(i).get<std::string>();
      if (auto known = core::parse_role(name)) {
        person.roles.insert(*known);
      } else if (policy.find_team_role(name) != nullptr) {
        person.team_roles.insert(name);
      } else {
        problem_at(pointer + "/roles/" + std::to_string(i), undeclared_role(name));
      }
    }
    if (!fingerprints.insert(person.fingerprint).second) {
      problem_at(pointer + "/fingerprint", "the fingerprint of \"" + id + "\" belongs to another person too — each person needs their own key");
    }
    if (!key_files.insert(person.key_file).second) {
      problem_at(pointer + "/key", "the key file of \"" + id + "\" is named for another person too — give each person their own file");
    }
    active_admin = active_admin || (person.status == core::PersonStatus::active && person.roles.count(core::Role::admin) > 0);
    policy.people.push_back(std::move(person));
  }
  if (!active_admin) {
    problem_at("/people", "no active person has the admin role — keep at least one admin, or nobody can change the policy again");
  }
  if (root.contains("runbooks")) {
    for (const auto& [runbook, entry] : root.at("runbooks").items()) {
      auto authors = entry.at("authors").get<std::vector<std::string>>();
      for (std::size_t i = 0; i < authors.size(); ++i) {
        const core::Person* person = policy.find_person(authors[i]);
        if (person == nullptr) {
          problem_at("/runbooks/" + runbook + "/authors/" + std::to_string(i),
                     "\"" + authors[i] + "\" is not a person of this policy — add them under people first");
        } else if (person->roles.count(core::Role::author) == 0) {
          problem_at("/runbooks/" + runbook + "/authors/" + std::to_string(i),
                     "\"" + authors[i] + "\" does not have the author role — give it to them under people");
        }
      }
      policy.runbook_authors[runbook] = authors;
    }
  }
  if (!problems.empty()) {
    return Outcome::failure(problems);
  }
  return policy;
}

} // namespace

util::Result<core::Policy, core::Diagnostics> load_policy(std::string_view text, const std::string& file,
                                                          SchemaCheck check) {
  using Outcome = util::Result<core::Policy, core::Diagnostics>;
  auto document = parse_strict(text, file);
  if (!document) {
    return Outcome::failure(document.error());
  }
  core::Diagnostics problems = check_ids(*document, file);
  if (!problems.empty()) {
    return Outcome::failure(problems);
  }
  if (check == SchemaCheck::passed_before) {
    try {
      return to_policy(*document, file);
    } catch (const nlohmann::json::exception&) {
      // not the shape that passed: the full check says what is wrong
    } catch (const NotTheSchemasShape&) {
    }
  }
  problems = check_schema(*document, "policy.schema.json", file);
  if (!problems.empty()) {
    return Outcome::failure(problems);
  }
  return to_policy(*document, file);
}

std::string dump_policy(const core::Policy& policy) {
  std::string out = "# yaml-language-server: $schema=schemas/policy.schema.json\n"
                    "# Who may do what in this repository. Change it with `git runbook keys …`\n"
                    "# (or by hand, in a commit signed by an admin).\n"
                    "version: 1\n"
                    "protected_branches:\n";
  for (const std::string& branch : policy.protected_branches) {
    out += "  - " + scalar(branch) + "\n";
  }
  out += "log_branch: " + scalar(policy.log_branch) + "\npeople:\n";
  for (const core::Person& person : policy.people) {
    out += "  " + scalar(person.id) + ":\n";
    out += "    name: " + scalar(person.name) + "\n";
    out += "    email: " + scalar(person.email) + "\n";
    out += "    key: " + scalar(person.key_file) + "\n";
    out += "    fingerprint: " + scalar(person.fingerprint) + "\n";
    out += "    roles: [";
    bool first = true;
    for (core::Role role : person.roles) {
      out += (first ? "" : ", ") + std::string(core::to_string(role));
      first = false;
    }
    for (const std::string& role : person.team_roles) {
      out += (first ? "" : ", ") + scalar(role);
      first = false;
    }
    out += "]\n";
    if (person.status != core::PersonStatus::active) {
      out += "    status: " + std::string(core::to_string(person.status)) + "\n";
    }
  }
  if (!policy.runbook_authors.empty()) {
    out += "runbooks:\n";
    for (const auto& [runbook, authors] : policy.runbook_authors) {
      out += "  " + scalar(runbook) + ":\n    authors: [";
      for (std::size_t i = 0; i < authors.size(); ++i) {
        out += (i == 0 ? "" : ", ") + scalar(authors[i]);
      }
      out += "]\n";
    }
  }
  if (!policy.allowed_refs.empty()) {
    out += "allowed_refs:\n";
    for (const std::string& pattern : policy.allowed_refs) {
      out += "  - " + scalar(pattern) + "\n";
    }
  }
  // Team roles (issue 17)
  if (!policy.team_roles.empty()) {
    out += "roles:\n";
    for (const core::TeamRole& role : policy.team_roles) {
      out += "  - name: " + scalar(role.name) + "\n    description: " + scalar(role.description) + "\n";
    }
  }
  return out;
}

} // namespace yaml
