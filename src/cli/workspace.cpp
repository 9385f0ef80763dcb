#include "cli/workspace.hpp"

#include "util/embedded.hpp"
#include "util/error.hpp"
#include "yaml/policy_yaml.hpp"

namespace cli {

Workspace Workspace::open(const std::filesystem::path& start) {
  auto repo = git::Repository::discover(start);
  if (!repo) {
    throw util::EnvironmentError("this folder (" + start.string() +
                                 ") is not inside a Git repository. Go to your runbook repository "
                                 "(or clone it), or start one with `git runbook init`.");
  }
  return Workspace(std::move(*repo));
}

std::filesystem::path Workspace::workdir() const {
  auto dir = m_repo.workdir();
  if (!dir) {
    throw util::EnvironmentError("this is a bare repository (a server copy); run this command in a "
                                 "clone with files, made with `git clone`.");
  }
  return *dir;
}

std::string Workspace::branch() const {
  auto branch = m_repo.head_branch();
  if (!branch) {
    throw util::EnvironmentError("no branch is checked out (detached HEAD). Switch to a branch with "
                                 "`git switch main` and try again.");
  }
  return *branch;
}

std::optional<std::string> Workspace::tip() const { return m_repo.resolve_ref(branch()); }

const core::Policy& Workspace::policy() {
  if (m_policy) {
    return *m_policy;
  }
  auto commit = tip();
  auto entry = commit ? m_repo.entry_at(*commit, core::k_policy_path) : std::nullopt;
  auto text = commit ? m_repo.read_file_at(*commit, core::k_policy_path) : std::nullopt;
  if (!entry || !text) {
    throw util::EnvironmentError("this repository is not set up for runbooks yet (the branch has no " +
                                 std::string(core::k_policy_path) + "). Run `git runbook init` first.");
  }
  constexpr std::string_view schema = "policy.schema.json";
  yaml::SchemaCheck check = schema_check_for(schema, entry->id);
  auto policy = yaml::load_policy(*text, core::k_policy_path, check);
  if (policy && check == yaml::SchemaCheck::full) {
    remember_schema_passed(schema, entry->id);
  }
  if (!policy) {
    throw util::RuleError("the committed policy is invalid:\n" + core::format_all(policy.error()) +
                          "An admin must repair it in a signed commit.");
  }
  m_policy = std::move(policy).value();
  return *m_policy;
}

CheckedFiles& Workspace::checked_files() {
  if (!m_checked_files) {
    m_checked_files.emplace(m_repo.git_dir() / "runbook" / "checked");
  }
  return *m_checked_files;
}

std::string Workspace::schema_id(std::string_view schema_name) const {
  auto schema = util::embedded_file(schema_name);
  if (!schema) {
    throw util::EnvironmentError("the schema " + std::string(schema_name) + " is missing from this build");
  }
  return m_repo.hash_blob(std::string(*schema));
}

yaml::SchemaCheck Workspace::schema_check_for(std::string_view schema_name, const std::string& blob) {
  return checked_files().passed(schema_id(schema_name), blob) ? yaml::SchemaCheck::passed_before
                                                              : yaml::SchemaCheck::full;
}

void Workspace::remember_schema_passed(std::string_view schema_name, const std::string& blob) {
  checked_files().remember(schema_id(schema_name), blob);
}

const core::Signer& Workspace::signer(const std::optional<std::string>& explicit_key) {
  if (!m_signer) {
    m_signer = choose_signer(&m_repo, explicit_key, &policy());
  }
  return *m_signer;
}

} // namespace cli
