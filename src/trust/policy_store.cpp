#include "trust/policy_store.hpp"

#include "util/error.hpp"
#include "yaml/policy_yaml.hpp"

#include <algorithm>

namespace trust {

namespace {

// Identifies a policy state by the object ids of the policy file and the key folder.
std::string content_key(const git::Repository& repo, const std::string& commit, std::string& policy_blob) {
  std::string key;
  for (const git::TreeEntry& entry : repo.list_tree_at(commit, ".runbook")) {
    if (entry.name == "policy.yaml") {
      policy_blob = entry.id;
    }
    if (entry.name == "policy.yaml" || entry.name == "keys") {
      key += entry.name + ":" + entry.id + ";";
    }
  }
  return key;
}

} // namespace

std::string PolicyStore::identity(const std::string& commit) const {
  std::string policy_blob;
  return content_key(m_repo, commit, policy_blob);
}

const PolicyState& PolicyStore::at(const std::string& commit) {
  auto known = m_by_commit.find(commit);
  if (known != m_by_commit.end()) {
    return *known->second;
  }
  std::string policy_blob;
  std::string key = content_key(m_repo, commit, policy_blob);
  auto shared = m_by_content.find(key);
  std::shared_ptr<PolicyState> state;
  if (shared != m_by_content.end()) {
    state = shared->second;
  } else {
    state = load(commit, policy_blob);
    m_by_content.emplace(key, state);
  }
  m_by_commit.emplace(commit, state);
  return *state;
}

std::shared_ptr<PolicyState> PolicyStore::load(const std::string& commit, const std::string& policy_blob) {
  auto state = std::make_shared<PolicyState>();
  if (policy_blob.empty()) {
    state->problem = "it has no " + std::string(core::k_policy_path);
    return state;
  }
  auto text = m_repo.read_file_at(commit, core::k_policy_path);
  if (!text) {
    state->problem = std::string(core::k_policy_path) + " is not a regular file";
    return state;
  }
  auto policy = yaml::load_policy(*text, core::k_policy_path);
  if (!policy) {
    state->problem = "its " + std::string(core::k_policy_path) + " is invalid: " + policy.error().front().format();
    return state;
  }
  std::vector<const core::Person*> holders;
  std::vector<std::string> files;
  std::string blobs; // what the keyring holds: the key files' blob ids, in order
  for (const core::Person& person : policy->people) {
    auto armored = m_repo.read_file_at(commit, person.key_file);
    std::optional<git::TreeEntry> entry = armored ? m_repo.entry_at(commit, person.key_file) : std::nullopt;
    if (!entry) {
      state->key_problems.push_back("the key file " + person.key_file + " of " + person.id + " is missing");
      continue;
    }
    holders.push_back(&person);
    files.push_back(std::move(*armored));
    blobs += entry->id + ";";
  }
  auto shared = m_keyrings.find(blobs);
  if (shared == m_keyrings.end()) {
    SharedKeyring made{std::make_shared<gpg::PrivateKeyring>(), {}};
    made.imported = made.keyring->import_all(files);
    shared = m_keyrings.emplace(blobs, std::move(made)).first;
  }
  state->keyring = shared->second.keyring;
  const std::vector<gpg::PrivateKeyring::Imported>& imported = shared->second.imported;
  for (std::size_t i = 0; i < holders.size(); ++i) {
    const core::Person& person = *holders[i];
    if (imported[i].refusal) {
      state->key_problems.push_back(person.key_file + ": " + *imported[i].refusal);
      continue;
    }
    bool found = std::any_of(imported[i].keys.begin(), imported[i].keys.end(),
                             [&](const gpg::KeyIdentity& key) { return key.fingerprint == person.fingerprint; });
    if (!found) {
      state->key_problems.push_back("the key file " + person.key_file + " does not hold the key " +
                                    person.fingerprint + " that the policy names for " + person.id);
    }
  }
  state->policy = std::move(policy).value();
  return state;
}

} // namespace trust
