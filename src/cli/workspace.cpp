#include "cli/workspace.hpp"

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
  auto text = commit ? m_repo.read_file_at(*commit, core::k_policy_path) : std::nullopt;
  if (!text) {
    throw util::EnvironmentError("this repository is not set up for runbooks yet (the branch has no " +
                                 std::string(core::k_policy_path) + "). Run `git runbook init` first.");
  }
  auto policy = yaml::load_policy(*text, core::k_policy_path);
  if (!policy) {
    throw util::RuleError("the committed policy is invalid:\n" + core::format_all(policy.error()) +
                          "An admin must repair it in a signed commit.");
  }
  m_policy = std::move(policy).value();
  return *m_policy;
}

const core::Signer& Workspace::signer(const std::optional<std::string>& explicit_key) {
  if (!m_signer) {
    m_signer = choose_signer(&m_repo, explicit_key, &policy());
  }
  return *m_signer;
}

} // namespace cli
