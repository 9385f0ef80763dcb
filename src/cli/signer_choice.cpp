#include "cli/workspace.hpp"
#include "core/key_choice.hpp"
#include "gpg/agent_probe.hpp"
#include "gpg/bounded_operation.hpp"
#include "gpg/gpgme_signer.hpp"
#include "gpg/key_remembering_signer.hpp"
#include "gpg/openpgp.hpp"
#include "gpg/remembered_key_signer.hpp"
#include "gpg/user_keys.hpp"
#include "util/error.hpp"

namespace cli {

namespace {

// git config runbook.gpgTimeout: how many seconds GnuPG may take to list keys or sign.
std::chrono::seconds gpg_timeout(const std::string& value) {
  bool digits = !value.empty() && value.size() <= 4 &&
                value.find_first_not_of("0123456789") == std::string::npos;
  int seconds = digits ? std::stoi(value) : 0;
  if (seconds < 1 || seconds > 3600) {
    throw util::EnvironmentError(
        "git config runbook.gpgTimeout is \"" + value +
        "\": set it to a number of seconds "
        "from 1 to 3600 (`git config --global runbook.gpgTimeout 30`). Nothing was written.");
  }
  return std::chrono::seconds(seconds);
}

// The ordinary choice (DESIGN §5): GnuPG lists the secret keys, the rules pick one.
std::unique_ptr<gpg::GpgmeSigner> choose_through_gnupg(const core::KeyHints& hints,
                                                       const core::Policy* policy) {
  std::vector<core::SecretKey> keys = gpg::list_secret_keys();
  auto chosen = core::choose_signing_key(keys, hints, policy);
  if (!chosen) {
    // No secret key listed at all may mean that GnuPG could not reach the agent that
    // holds them: then making a new key, as the usual message says, is the wrong advice.
    auto unreachable = keys.empty() ? gpg::unreachable_agent() : std::nullopt;
    throw util::EnvironmentError("cannot sign: " + unreachable.value_or(chosen.error()) +
                                 "\nNothing was written.");
  }
  return std::make_unique<gpg::GpgmeSigner>(*chosen);
}

// Where a repository with a policy keeps the memo of its signing key, and what the
// policy's commit is.
struct MemoPlace {
  std::filesystem::path file;
  std::string policy_commit;
  std::string policy_blob;
};

// Only in a repository with a committed policy (as Workspace::policy reads it): the
// memo depends on the policy, and the repository holds the key to check with.
std::optional<MemoPlace> memo_place(const git::Repository* repo, const core::Policy* policy) {
  if (repo == nullptr || policy == nullptr) {
    return std::nullopt;
  }
  auto branch = repo->head_branch();
  auto commit = branch ? repo->resolve_ref(*branch) : std::nullopt;
  auto entry = commit ? repo->entry_at(*commit, core::k_policy_path) : std::nullopt;
  if (!entry) {
    return std::nullopt;
  }
  return MemoPlace{gpg::signer_memo_file(repo->git_dir()), *commit, entry->id};
}

// The public key `fingerprint` from its person's key file in the repository: what each
// fast signature is checked against. nullopt when the policy does not list it.
std::optional<gpg::CheckableKey> repository_key(const git::Repository& repo,
                                                const MemoPlace& place,
                                                const core::Policy& policy,
                                                const std::string& fingerprint) {
  const core::Person* person = policy.find_by_fingerprint(fingerprint);
  auto text =
      person != nullptr ? repo.read_file_at(place.policy_commit, person->key_file) : std::nullopt;
  auto bytes = text ? gpg::openpgp::dearmor(*text) : std::nullopt;
  if (!bytes) {
    return std::nullopt;
  }
  for (gpg::CheckableKey& key : gpg::checkable_keys(*bytes)) {
    if (key.fingerprint == fingerprint) {
      return std::move(key);
    }
  }
  return std::nullopt;
}

} // namespace

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
  std::optional<MemoPlace> place = memo_place(repo, policy);
  if (!place) {
    return choose_through_gnupg(hints, policy);
  }
  // The ordinary way, remembering its choice for the next command.
  auto choose_slowly = [hints, policy, place]() -> std::unique_ptr<core::Signer> {
    gpg::SignerMemoInputs before = gpg::current_memo_inputs(hints, place->policy_blob);
    return std::make_unique<gpg::KeyRememberingSigner>(
        choose_through_gnupg(hints, policy), place->file, before);
  };
  gpg::SignerMemoInputs now = gpg::current_memo_inputs(hints, place->policy_blob);
  if (std::optional<gpg::SignerMemo> memo = gpg::read_signer_memo(place->file, now)) {
    if (auto key = repository_key(*repo, *place, *policy, memo->signing_fingerprint)) {
      return std::make_unique<gpg::RememberedKeySigner>(
          std::move(*memo), std::move(*key), place->file, choose_slowly);
    }
  }
  return choose_slowly();
}

} // namespace cli
