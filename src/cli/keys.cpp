#include "cli/keys.hpp"

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/policy_change.hpp"
#include "cli/workspace.hpp"
#include "core/authorization.hpp"
#include "core/policy.hpp"
#include "gpg/private_keyring.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

namespace cli {

namespace {

// The one public key a key file holds: who it is, and the key as we store it
// (re-exported by GnuPG, so that nothing else the file held reaches the repository).
struct KeyFile {
  gpg::KeyIdentity identity;
  std::string armored;
};

KeyFile read_key_file(const std::string& path) {
  auto content = util::read_file(path);
  if (!content) {
    throw util::UsageError("the key file " + path + " does not exist. Export the person's public key with "
                           "`gpg --armor --export their@address > " + path + "`.");
  }
  gpg::PrivateKeyring keyring;
  std::vector<gpg::KeyIdentity> keys = keyring.import(*content);
  if (keys.empty()) {
    throw util::RuleError(path + " holds no OpenPGP public key. Export it with "
                          "`gpg --armor --export their@address > " + path + "`.");
  }
  if (keys.size() > 1) {
    throw util::RuleError(path + " holds " + std::to_string(keys.size()) +
                          " keys; export only this person's key, with `gpg --armor --export <fingerprint>`.");
  }
  const gpg::KeyIdentity& key = keys.front();
  if (key.revoked) {
    throw util::RuleError("the key " + key.fingerprint + " in " + path +
                          " is revoked by its owner, so nothing it signs can be trusted. Ask them for their new "
                          "key (`gpg --armor --export <new fingerprint>`) and add that one.");
  }
  if (key.expired) {
    throw util::RuleError("the key " + key.fingerprint + " in " + path +
                          " has expired. Its owner extends it (`gpg --quick-set-expire <fingerprint> 2y`) and "
                          "exports it again; then add that file.");
  }
  if (key.weakness) {
    throw util::RuleError("the key " + key.fingerprint + " in " + path + " is " + *key.weakness +
                          ", which is too weak to trust. Its owner makes a new one (Ed25519 is best: `gpg "
                          "--quick-gen-key \"Name <address>\" ed25519 sign`) and exports that.");
  }
  return KeyFile{key, keyring.export_public(key.fingerprint)};
}

} // namespace

void run_keys_add(const KeysAddOptions& options) {
  if (!core::is_valid_person_id(options.person)) {
    throw util::UsageError("\"" + options.person + "\" cannot be a person id: use lower-case letters, digits, "
                           ". _ or -, starting with a letter or digit (e.g. jane.doe).");
  }
  std::vector<std::string> roles = role_names(options.roles);
  KeyFile key_file = read_key_file(options.key_file);
  const gpg::KeyIdentity& identity = key_file.identity;
  Workspace workspace = Workspace::open();
  core::Policy policy = workspace.policy();
  if (policy.find_person(options.person) != nullptr) {
    throw util::RuleError("\"" + options.person + "\" is already in the policy. To change their key, revoke it "
                          "with `git runbook keys revoke " + options.person + "` and add them under a new id.");
  }
  if (const core::Person* owner = policy.find_by_fingerprint(identity.fingerprint)) {
    throw util::RuleError("the key " + identity.fingerprint + " is already in the policy, as \"" + owner->id +
                          "\". Each person needs their own key. If this file is a newer export of it (a new "
                          "subkey, a later expiry), use `git runbook keys update " + owner->id + " " +
                          options.key_file + "`.");
  }
  const core::Signer& signer = workspace.signer(options.key);
  core::Person person;
  person.id = options.person;
  person.name = options.name.value_or(identity.name.empty() ? options.person : identity.name);
  person.email = options.email.value_or(identity.email);
  person.key_file = core::key_file_for(options.person);
  person.fingerprint = identity.fingerprint;
  give_roles(person, policy, roles);
  policy.people.push_back(person);
  std::string commit = commit_policy_change(workspace, signer, policy, {{person.key_file, key_file.armored}},
                                            "Add " + person.id + " (" + person.name + ") as " +
                                                core::describe_roles(person) + "\n\nKey " + person.fingerprint + "\n");
  say("added " + person.id + " (" + person.name + ", key " + person.fingerprint + ") with the roles " +
      core::describe_roles(person) + ".");
  say("push the change so that the server and everyone else know the key.");
  std::cout << commit << "\n";
}

void run_keys_update(const KeysUpdateOptions& options) {
  KeyFile key_file = read_key_file(options.key_file);
  const gpg::KeyIdentity& identity = key_file.identity;
  Workspace workspace = Workspace::open();
  core::Policy policy = workspace.policy();
  const core::Person* person = &person_to_change(policy, options.person);
  if (person->status != core::PersonStatus::active) {
    throw util::RuleError("\"" + options.person + "\" is " + std::string(core::to_string(person->status)) +
                          "; their key is kept as it was, for the history it signed. Nothing was changed.");
  }
  if (identity.fingerprint != person->fingerprint) {
    throw util::RuleError(options.key_file + " holds the key " + identity.fingerprint + ", not " + options.person +
                          "'s key " + person->fingerprint + ". `keys update` takes only a newer export of the "
                          "same key. For a new key: `git runbook keys revoke " + options.person +
                          "`, then `git runbook keys add <new-id> " + options.key_file + " --roles …`.");
  }
  std::optional<std::string> head = workspace.repo().resolve_commit("HEAD");
  std::optional<std::string> current = head ? workspace.repo().read_file_at(*head, person->key_file) : std::nullopt;
  if (current && *current == key_file.armored) {
    throw util::RuleError(person->key_file + " already holds this export of " + options.person +
                          "'s key. Nothing was changed.");
  }
  const core::Signer& signer = workspace.signer(options.key);
  std::string commit = commit_policy_change(workspace, signer, policy, {{person->key_file, key_file.armored}},
                                            "Update the key of " + person->id + "\n\nKey " + person->fingerprint +
                                                ", a newer export (subkeys, expiry)\n");
  say("updated the key file of " + person->id + " (key " + person->fingerprint + ").");
  say("push the change so that the server and everyone else use it.");
  std::cout << commit << "\n";
}

void run_keys_status(const KeysStatusOptions& options, core::PersonStatus status) {
  Workspace workspace = Workspace::open();
  core::Policy policy = workspace.policy();
  core::Person* it = &person_to_change(policy, options.person);
  if (it->status == status) {
    throw util::RuleError("\"" + options.person + "\" is already " + std::string(core::to_string(status)) +
                          ". Nothing was changed.");
  }
  if (it->status == core::PersonStatus::revoked) {
    throw util::RuleError("the key of \"" + options.person + "\" is revoked, which is final. Nothing was changed.");
  }
  it->status = status;
  const core::Signer& signer = workspace.signer(options.key);
  std::string what = status == core::PersonStatus::retired ? "Retire " : "Revoke the key of ";
  std::string commit = commit_policy_change(workspace, signer, policy, {},
                                            what + options.person + "\n\nKey " + it->fingerprint + "\n");
  say(status == core::PersonStatus::retired
          ? options.person + " is retired: their key signs nothing new; what they signed before stays valid."
          : "the key of " + options.person + " is revoked: it signs nothing new, and the server refuses it.");
  std::cout << commit << "\n";
}

void run_keys_list(const KeysListOptions& options) {
  Workspace workspace = Workspace::open();
  const core::Policy& policy = workspace.policy();
  if (options.format == "json") {
    nlohmann::json people = nlohmann::json::array();
    for (const core::Person& person : policy.people) {
      std::vector<std::string> roles;
      for (core::Role role : person.roles) {
        roles.emplace_back(core::to_string(role));
      }
      roles.insert(roles.end(), person.team_roles.begin(), person.team_roles.end()); // issue 17
      people.push_back({{"id", person.id}, {"name", person.name}, {"email", person.email},
                        {"fingerprint", person.fingerprint}, {"key", person.key_file},
                        {"roles", roles}, {"status", core::to_string(person.status)}});
    }
    std::cout << nlohmann::json{{"people", people}}.dump(2) << "\n";
    return;
  }
  for (const core::Person& person : policy.people) {
    std::cout << std::left << std::setw(16) << person.id << " " << std::setw(8) << core::to_string(person.status)
              << " " << person.name << " <" << person.email << ">\n"
              << std::string(17, ' ') << "roles: " << core::describe_roles(person) << "\n"
              << std::string(17, ' ') << "key:   " << person.fingerprint << "\n";
  }
}

void register_keys(CLI::App& app) {
  CLI::App* keys = app.add_subcommand("keys", "Manage who may do what: people, their keys and roles.");
  keys->require_subcommand(1);
  keys->footer("Examples:\n  git runbook keys add bob bob.asc --roles author,operator\n"
               "  git runbook keys grant bob hr --describe \"People team: contracts and leave\"\n"
               "  git runbook keys ungrant bob author\n"
               "  git runbook keys update bob bob.asc\n"
               "  git runbook keys retire bob\n  git runbook keys revoke bob\n  git runbook keys list");

  auto add_options = std::make_shared<KeysAddOptions>();
  CLI::App* add = keys->add_subcommand("add", "Add a person with their public key and roles (admins only).");
  signs(add);
  add->add_option("person", add_options->person, "Their id, e.g. bob")->required();
  add->add_option("key-file", add_options->key_file, "Their armored public key (gpg --armor --export)")->required();
  add->add_option("--roles", add_options->roles, "Comma-separated: admin, author, operator, approver, or team roles of the policy")->required();
  add->add_option("--name", add_options->name, "Their full name (default: from the key)");
  add->add_option("--email", add_options->email, "Their e-mail address (default: from the key)");
  add->add_option("--key", add_options->key, "Your GnuPG key to sign with");
  add->footer("Example:\n  gpg --armor --export bob@example.com > bob.asc\n"
              "  git runbook keys add bob bob.asc --roles author,operator");
  add->callback([add_options] { run_keys_add(*add_options); });

  register_keys_grant(*keys);

  auto update_options = std::make_shared<KeysUpdateOptions>();
  CLI::App* update = keys->add_subcommand(
      "update", "Replace a person's key file with a newer export of the same key (admins only).");
  signs(update);
  update->add_option("person", update_options->person, "Their id, e.g. bob")->required();
  update->add_option("key-file", update_options->key_file,
                     "A newer export of their key, with new subkeys or a later expiry (gpg --armor --export)")
      ->required();
  update->add_option("--key", update_options->key, "Your GnuPG key to sign with");
  update->footer("Example (bob extended his key, or added a signing subkey):\n"
                 "  gpg --armor --export bob@example.com > bob.asc\n"
                 "  git runbook keys update bob bob.asc");
  update->callback([update_options] { run_keys_update(*update_options); });

  auto retire_options = std::make_shared<KeysStatusOptions>();
  CLI::App* retire = keys->add_subcommand("retire", "Mark a person as gone: they sign nothing new (admins only).");
  signs(retire);
  retire->add_option("person", retire_options->person, "Their id")->required();
  retire->add_option("--key", retire_options->key, "Your GnuPG key to sign with");
  retire->callback([retire_options] { run_keys_status(*retire_options, core::PersonStatus::retired); });

  auto revoke_options = std::make_shared<KeysStatusOptions>();
  CLI::App* revoke = keys->add_subcommand("revoke", "Mark a person's key as compromised (admins only).");
  signs(revoke);
  revoke->add_option("person", revoke_options->person, "Their id")->required();
  revoke->add_option("--key", revoke_options->key, "Your GnuPG key to sign with");
  revoke->callback([revoke_options] { run_keys_status(*revoke_options, core::PersonStatus::revoked); });

  auto list_options = std::make_shared<KeysListOptions>();
  CLI::App* list = keys->add_subcommand("list", "Show the people of the policy, their roles and keys.");
  list->add_option("--format", list_options->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  list->callback([list_options] { run_keys_list(*list_options); });
}

} // namespace cli
