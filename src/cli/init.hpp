#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace cli {

struct InitOptions {
  std::filesystem::path folder = ".";
  std::optional<std::string> key;    // --key
  std::optional<std::string> person; // --person: the id of the first person
};

// Sets a repository up for runbooks: the policy with the signer as first admin, their
// public key, the first signed commit, and git config so that plain `git commit` signs.
// Returns the new commit id.
std::string run_init(const InitOptions& options);

} // namespace cli
