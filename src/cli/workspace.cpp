#include "cli/workspace.hpp"

#include "core/key_choice.hpp"
#include "gpg/agent_probe.hpp"
#include "gpg/bounded_operation.hpp"
#include "gpg/gpgme_signer.hpp"
#include "gpg/user_keys.hpp"
#include "util/error.hpp"
#include "yaml/policy_yaml.hpp"

namespace cli {

namespace {

// git config runbook.gpgTimeout: how many seconds GnuPG may take to list keys or sign.
std::chrono::seconds gpg_timeout(const std::string& value) {
  bool digits = !value.empty() && value.size() <= 4 && value.find_first_not_of("0123456789") == std::string::npos;
  int seconds = digits ? std::stoi(value) : 0;
  if (seconds < 1 || seconds > 3600) {
    throw util::EnvironmentError("git config runbook.gpgTimeout is \"" + value + "\": set it to a number of seconds "
                                 "from 1 to 3600 (`git config --global runbook.gpgTimeout 30`). Nothing was written.");
  }
  return std::chrono::seconds(seconds);
}

} // namespace

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

std::unique_ptr<core::Signer> choose_signer(const git::Repository* repo,
                                            const std::optional<std::string>& explicit_key,
                                            const core::Policy* policy) {
  auto config = [&](const std::string& name) {
    return repo != nullptr ? repo->config_string(name) : git::default_config_string(name);
  };
  if (auto timeout = config("runbook.gpgTimeout")) {
    gpg::set_operation_timeout(gpg_timeout(*timeout));
  }
  core::KeyHints hints{explicit_key, config("user.signingkey"), config("user.email")};
  std::vector<core::SecretKey> keys = gpg::list_secret_keys();
  auto chosen = core::choose_signing_key(keys, hints, policy);
  if (!chosen) {
    // No secret key listed at all may mean that GnuPG could not reach the agent that
    // holds them: then making a new key, as the usual message says, is the wrong advice.
    auto unreachable = keys.empty() ? gpg::unreachable_agent() : std::nullopt;
    throw util::EnvironmentError("cannot sign: " + unreachable.value_or(chosen.error()) + "\nNothing was written.");
  }
  return std::make_unique<gpg::GpgmeSigner>(*chosen);
}

} // namespace cli
