#pragma once

#include <optional>
#include <string>

#include "core/policy.hpp"

namespace cli {

struct KeysAddOptions {
  std::string person;
  std::string key_file;
  std::string roles; // "author,operator"
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> key; // the signer's key
};

struct KeysUpdateOptions {
  std::string person;
  std::string key_file;
  std::optional<std::string> key; // the signer's key
};

struct KeysStatusOptions {
  std::string person;
  std::optional<std::string> key;
};

struct KeysListOptions {
  std::string format = "text";
};

// Adds a person to the policy in a signed commit; only an admin may. Prints the commit.
void run_keys_add(const KeysAddOptions& options);
// Replaces a person's key file with a newer export of the same primary key (new
// subkeys, a later expiry) in a signed commit; only an admin may. Prints the commit.
void run_keys_update(const KeysUpdateOptions& options);
// Retires a person or revokes their key in a signed commit; only an admin may.
void run_keys_status(const KeysStatusOptions& options, core::PersonStatus status);
// Lists the people of the policy.
void run_keys_list(const KeysListOptions& options);

} // namespace cli
