#include "cli/init.hpp"

#include "cli/commands.hpp"
#include "cli/hook.hpp"
#include "cli/output.hpp"
#include "cli/workspace.hpp"
#include "git/signed_commit_writer.hpp"
#include "git/worktree.hpp"
#include "gpg/private_keyring.hpp"
#include "gpg/user_keys.hpp"
#include "util/embedded.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "yaml/policy_yaml.hpp"

#include <iostream>

namespace cli {

namespace {

// A person id from an e-mail address: "Jane.Doe@x.org" -> "jane.doe".
std::string person_id_from(const std::string& email) {
  std::string id;
  for (char c : email.substr(0, email.find('@'))) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool allowed = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '.' ||
                   lower == '_' || lower == '-';
    id += allowed ? lower : '-';
  }
  while (!id.empty() && !std::isalnum(static_cast<unsigned char>(id.front()))) {
    id.erase(id.begin());
  }
  return id.empty() ? "admin" : id.substr(0, 63);
}

bool is_empty_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  return !std::filesystem::exists(folder, ec) || std::filesystem::is_empty(folder, ec);
}

// The repository to set up: an existing work tree, or a new one in an empty folder.
// Checks everything before anything is written.
std::optional<git::Repository> existing_repository(const std::filesystem::path& folder) {
  auto repo = git::Repository::discover(folder);
  if (!repo) {
    if (!is_empty_folder(folder)) {
      throw util::EnvironmentError(folder.string() + " is not a Git repository and is not empty. Run "
                                   "`git init` there first, or choose an empty folder.");
    }
    return std::nullopt;
  }
  if (!repo->workdir()) {
    throw util::EnvironmentError("this is a bare repository; run `git runbook init` in a clone with files, "
                                 "then push. To protect a server repository, see `git runbook hook install`.");
  }
  auto branch = repo->head_branch();
  if (!branch) {
    throw util::EnvironmentError("no branch is checked out (detached HEAD). Switch to a branch with "
                                 "`git switch -c main` and try again.");
  }
  auto tip = repo->resolve_ref(*branch);
  bool committed = tip && repo->read_file_at(*tip, core::k_policy_path);
  bool on_disk = std::filesystem::exists(*repo->workdir() / core::k_policy_path);
  if (committed || on_disk) {
    throw util::RuleError("this repository is already set up for runbooks (" + std::string(core::k_policy_path) +
                          " exists). Nothing was changed. To add people, use `git runbook keys add`.");
  }
  return repo;
}

// Removes the .git folder that init made in an empty folder, unless the set-up
// finished: a failed init leaves the folder as it found it.
class NewRepositoryRollback {
public:
  explicit NewRepositoryRollback(std::filesystem::path git_dir) : m_git_dir(std::move(git_dir)) {}
  ~NewRepositoryRollback() {
    if (!m_git_dir.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(m_git_dir, ignored);
    }
  }
  NewRepositoryRollback(const NewRepositoryRollback&) = delete;
  NewRepositoryRollback& operator=(const NewRepositoryRollback&) = delete;
  void release() { m_git_dir.clear(); }

private:
  std::filesystem::path m_git_dir;
};

void check_person_id(const std::string& id) {
  if (!core::is_valid_person_id(id)) {
    throw util::UsageError("\"" + id + "\" cannot be a person id: use lower-case letters, digits, . _ or -, "
                           "starting with a letter or digit (e.g. --person jane.doe). Nothing was written.");
  }
}

} // namespace

std::string run_init(const InitOptions& options) {
  std::filesystem::path folder = std::filesystem::absolute(options.folder).lexically_normal();
  if (folder.has_parent_path() && folder.filename().empty()) {
    folder = folder.parent_path();
  }
  if (options.person) {
    check_person_id(*options.person);
  }
  std::optional<git::Repository> existing = existing_repository(folder);
  std::unique_ptr<core::Signer> signer = choose_signer(existing ? &*existing : nullptr, options.key, nullptr);

  std::string person_id = options.person.value_or(person_id_from(signer->email()));
  core::Person person;
  person.id = person_id;
  person.name = signer->name().empty() ? person_id : signer->name();
  person.email = signer->email();
  person.key_file = core::key_file_for(person_id);
  person.fingerprint = signer->fingerprint();
  person.roles = {core::k_all_roles[0], core::k_all_roles[1], core::k_all_roles[2], core::k_all_roles[3]};
  std::string armored = gpg::export_public_key(person.fingerprint);

  std::optional<NewRepositoryRollback> rollback;
  if (!existing) {
    rollback.emplace(folder / ".git");
  }
  git::Repository repo = existing ? std::move(*existing) : git::Repository::init(folder);
  std::string ref = *repo.head_branch();
  std::string branch_name = ref.substr(std::string("refs/heads/").size());
  core::Policy policy;
  policy.protected_branches = {branch_name};
  policy.people = {person};
  std::string policy_text = yaml::dump_policy(policy);
  if (auto check = yaml::load_policy(policy_text, core::k_policy_path); !check) {
    throw util::RuleError("the new policy would be invalid:\n" + core::format_all(check.error()) +
                          "Nothing was written. Choose another --person id (lower-case letters, digits, . _ -).");
  }

  std::vector<git::FileWrite> files = {
      {core::k_policy_path, policy_text},
      {person.key_file, armored},
      {".runbook/schemas/policy.schema.json", std::string(*util::embedded_file("policy.schema.json"))},
      {".runbook/schemas/runbook.schema.json", std::string(*util::embedded_file("runbook.schema.json"))},
  };
  auto parent = repo.resolve_ref(ref);
  git::CommitDraft draft{ref, parent, files,
                         "Set up runbooks: " + person.name + " <" + person.email +
                             "> is the first admin\n\nThe policy (.runbook/policy.yaml) names who may publish "
                             "runbooks, record runs and approve steps.\n"};
  auto commit = git::write_signed_commit(repo, draft, *signer);
  if (!commit) {
    throw util::EnvironmentError("the branch changed while the first commit was written; nothing was "
                                 "changed. Run `git runbook init` again.");
  }
  if (rollback) {
    rollback->release();
  }
  git::checkout_written_files(repo, files);
  install_local_hooks(repo);
  repo.set_config_string("commit.gpgsign", "true");
  repo.set_config_string("tag.gpgSign", "true");
  repo.set_config_string("gpg.format", "openpgp");
  repo.set_config_string("user.signingkey", person.fingerprint);
  if (parent) {
    // Earlier commits were not made under a policy: trust starts here.
    repo.set_config_string("runbook.trustRoot", *commit);
  }

  say("set up " + folder.string() + " for runbooks on branch " + branch_name + ".");
  say(person.id + " (" + person.name + ", key " + person.fingerprint + ") holds every role: admin, author, "
      "operator, approver.");
  say("plain `git commit` in this repository now signs with the same key, and a pre-commit check refuses "
      "changes to published runbook versions.");
  if (parent) {
    say("this branch had earlier commits; verification starts at the new commit " + util::shorten(*commit) +
        " (runbook.trustRoot). Servers and auditors should pin it too.");
  }
  say("next: add your team with `git runbook keys add <person> <key-file> --roles author,operator`.");
  return *commit;
}

void register_init(CLI::App& app) {
  auto options = std::make_shared<InitOptions>();
  std::string folder = ".";
  CLI::App* command = app.add_subcommand(
      "init", "Set up a repository for runbooks: the policy, your key, the first signed commit.");
  signs(command);
  command->footer("Example:\n  git runbook init                 # in your repository, or an empty folder\n"
                  "  git runbook init --key alice@example.com --person alice");
  command->add_option("folder", options->folder, "The repository or empty folder to set up (default: here)");
  command->add_option("--key", options->key, "The GnuPG key to sign with (fingerprint or e-mail)");
  command->add_option("--person", options->person,
                      "Your id in the policy, e.g. alice (default: from your e-mail address)");
  command->callback([options] { std::cout << run_init(*options) << "\n"; });
}

} // namespace cli
