// Team roles (issue 17): `git runbook keys grant|ungrant PERSON ROLE…`.
#include "cli/commands.hpp"
#include "cli/keys.hpp"
#include "cli/output.hpp"
#include "cli/policy_change.hpp"
#include "cli/workspace.hpp"
#include "core/authorization.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <iostream>

namespace cli {

namespace {

std::string how_to_declare(const std::string& person, const std::string& role) {
  return "the policy does not declare the role \"" + role +
         "\". The built-in roles are admin, author, operator, approver and witness; a team role is declared once, with a "
         "few words on what it does. Declare it as you grant it: `git runbook keys grant " + person + " " + role +
         " --describe \"what the role does\"`";
}

bool active_admin_left(const core::Policy& policy) {
  return std::any_of(policy.people.begin(), policy.people.end(), [](const core::Person& person) {
    return person.status == core::PersonStatus::active && person.roles.count(core::Role::admin) > 0;
  });
}

// Declares, for `keys grant --describe`, the one named team role the policy lacks.
std::optional<std::string> declare_new_role(core::Policy& policy, const KeysGrantOptions& options) {
  std::vector<std::string> undeclared;
  std::copy_if(options.roles.begin(), options.roles.end(), std::back_inserter(undeclared),
               [&](const std::string& role) { return !policy.knows_role(role); });
  if (!options.describe) {
    if (!undeclared.empty()) {
      throw util::UsageError(how_to_declare(options.person, undeclared.front()) + ". Nothing was changed.");
    }
    return std::nullopt;
  }
  if (undeclared.size() != 1) {
    throw util::UsageError(undeclared.empty()
                               ? "every role named is already declared, so --describe has nothing to describe. "
                                 "Leave it out (to reword a role, edit roles: in .runbook/policy.yaml). Nothing "
                                 "was changed."
                               : "--describe declares one new role at a time, and " +
                                     util::join(undeclared, ", ") + " are all new. Grant them one by one, each "
                                     "with its own --describe. Nothing was changed.");
  }
  if (util::trim(*options.describe).empty() || options.describe->find('\n') != std::string::npos) {
    throw util::UsageError("--describe needs a few words on one line, e.g. --describe \"People team: contracts "
                           "and leave\". Nothing was changed.");
  }
  policy.team_roles.push_back(core::TeamRole{undeclared.front(), std::string(util::trim(*options.describe))});
  return undeclared.front();
}

void take_roles(core::Person& person, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (!core::holds_role(person, name)) {
      throw util::RuleError(person.id + " does not have the role \"" + name + "\" (they have " +
                            core::describe_roles(person) + "). Nothing was changed.");
    }
    if (auto role = core::parse_role(name)) {
      person.roles.erase(*role);
    } else {
      person.team_roles.erase(name);
    }
  }
}

} // namespace

std::vector<std::string> role_names(const std::string& text) {
  std::vector<std::string> names;
  for (const std::string& piece : util::split(text, ',')) {
    std::string name(util::trim(piece));
    if (!core::is_valid_role_name(name)) {
      throw util::UsageError("\"" + name + "\" cannot be a role: use lower-case letters, digits and -, starting "
                             "with a letter (e.g. security-lead). The built-in roles are admin, author, operator, "
                             "approver and witness.");
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  return names;
}

void give_roles(core::Person& person, const core::Policy& policy, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (auto role = core::parse_role(name)) {
      person.roles.insert(*role);
    } else if (policy.find_team_role(name) != nullptr) {
      person.team_roles.insert(name);
    } else {
      std::string message = "the policy does not declare the role \"" + name;
      message += "\" (the built-in roles are admin, author, operator, approver and witness). Add " + person.id;
      message += " with the other roles first, then declare the team role as you grant it: `git runbook keys grant ";
      message += person.id + " " + name + " --describe \"what the role does\"`.";
      throw util::UsageError(message);
    }
  }
}

void run_keys_grant(const KeysGrantOptions& options, RoleChange change) {
  std::vector<std::string> names;
  for (const std::string& text : options.roles) {
    for (const std::string& name : role_names(text)) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(name);
      }
    }
  }
  KeysGrantOptions named = options;
  named.roles = names;
  if (change == RoleChange::ungrant && options.describe) {
    throw util::UsageError("--describe goes with `keys grant`, which declares a new role.");
  }
  Workspace workspace = Workspace::open();
  core::Policy policy = workspace.policy();
  core::Person* it = &person_to_change(policy, options.person);
  std::optional<std::string> declared;
  if (change == RoleChange::grant) {
    if (it->status != core::PersonStatus::active) {
      throw util::RuleError("\"" + options.person + "\" is " + std::string(core::to_string(it->status)) +
                            " and signs nothing new, so a role would do nothing. Nothing was changed.");
    }
    declared = declare_new_role(policy, named);
    for (const std::string& name : names) {
      if (core::holds_role(*it, name)) {
        throw util::RuleError(options.person + " already has the role \"" + name + "\". Nothing was changed.");
      }
    }
    give_roles(*it, policy, names);
  } else {
    take_roles(*it, names);
    if (!active_admin_left(policy)) {
      throw util::RuleError(options.person + " is the last active admin; without one nobody could change the "
                            "policy again. Make someone else admin first (`git runbook keys grant PERSON "
                            "admin`). Nothing was changed.");
    }
  }
  const core::Signer& signer = workspace.signer(options.key);
  std::string listed = util::join(names, ", ");
  std::string plural = names.size() == 1 ? "the role " : "the roles ";
  std::string subject = change == RoleChange::grant ? "Grant " + options.person + " " + plural + listed
                                                    : "Take " + plural + listed + " from " + options.person;
  std::string body = options.person + " now has " + core::describe_roles(*it) + "\n";
  if (declared) {
    body = "Declare the team role " + *declared + ": " + policy.find_team_role(*declared)->description + "\n" + body;
  }
  std::string commit = commit_policy_change(workspace, signer, policy, {}, subject + "\n\n" + body);
  if (declared) {
    say("declared the team role " + *declared + " (" + policy.find_team_role(*declared)->description + ").");
  }
  say(options.person + " now has the roles " + core::describe_roles(*it) + ".");
  say("push the change so that the server and everyone else know it.");
  std::cout << commit << "\n";
}

void register_keys_grant(CLI::App& keys) {
  auto grant_options = std::make_shared<KeysGrantOptions>();
  CLI::App* grant = keys.add_subcommand("grant", "Give a person more roles, built-in or the team's own (admins only).");
  signs(grant);
  grant->add_option("person", grant_options->person, "Their id, e.g. bob")->required();
  grant->add_option("roles", grant_options->roles,
                    "One or more roles: admin, author, operator, approver, or a team role of the policy")
      ->required();
  grant->add_option("--describe", grant_options->describe,
                    "Declare a new team role with these words (what the role does), in the same commit");
  grant->add_option("--key", grant_options->key, "Your GnuPG key to sign with");
  grant->footer("Examples:\n"
                "  git runbook keys grant bob approver\n"
                "  git runbook keys grant carol incident-commander --describe \"Runs the incident call and decides\"\n"
                "  git runbook keys grant dave incident-commander scribe\n"
                "A team role is declared once (with --describe, or under roles: in .runbook/policy.yaml);\n"
                "then steps may name it in role: and approval:, and only people who hold it may record them.");
  grant->callback([grant_options] { run_keys_grant(*grant_options, RoleChange::grant); });

  auto ungrant_options = std::make_shared<KeysGrantOptions>();
  CLI::App* ungrant = keys.add_subcommand("ungrant", "Take roles away from a person (admins only).");
  signs(ungrant);
  ungrant->add_option("person", ungrant_options->person, "Their id, e.g. bob")->required();
  ungrant->add_option("roles", ungrant_options->roles, "One or more roles they hold")->required();
  ungrant->add_option("--key", ungrant_options->key, "Your GnuPG key to sign with");
  ungrant->footer("Examples:\n"
                  "  git runbook keys ungrant bob approver\n"
                  "  git runbook keys ungrant carol incident-commander scribe\n"
                  "What they recorded before stays valid; the role stays declared for the runbooks that name it.");
  ungrant->callback([ungrant_options] { run_keys_grant(*ungrant_options, RoleChange::ungrant); });
}

} // namespace cli
