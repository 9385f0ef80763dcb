#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "git/repository.hpp"
#include "gpg/private_keyring.hpp"

namespace trust {

// The policy a commit carries, and a private keyring holding exactly the public keys
// that policy names (read from the same commit's .runbook/keys/).
struct PolicyState {
  std::optional<core::Policy> policy;    // nullopt when the commit has no usable policy
  std::string problem;                   // why not, in plain words
  std::vector<std::string> key_problems; // keys that could not be used, in plain words
  std::shared_ptr<gpg::PrivateKeyring> keyring;
};

// Loads policies commit by commit and shares the work: commits whose policy file and
// key files are the same objects share one PolicyState and one keyring.
class PolicyStore {
public:
  explicit PolicyStore(const git::Repository& repo) : m_repo(repo) {}

  const PolicyState& at(const std::string& commit);
  // What identifies the policy state of a commit: the object ids of its policy file
  // and key folder (a key change changes it).
  std::string identity(const std::string& commit) const;

private:
  std::shared_ptr<PolicyState> load(const std::string& commit, const std::string& policy_blob);

  // A keyring and what importing each file brought, shared by every policy state whose
  // people's key files are the same blobs in the same order: most policy changes
  // (a role granted, a person retired or revoked) leave the key files as they were, and
  // each keyring costs gpg processes.
  struct SharedKeyring {
    std::shared_ptr<gpg::PrivateKeyring> keyring;
    std::vector<gpg::PrivateKeyring::Imported> imported;
  };

  const git::Repository& m_repo;
  std::map<std::string, std::shared_ptr<PolicyState>> m_by_commit;
  std::map<std::string, std::shared_ptr<PolicyState>> m_by_content;
  std::map<std::string, SharedKeyring> m_keyrings; // by the key files' blob ids
};

} // namespace trust
