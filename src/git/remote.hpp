#pragma once

#include <optional>
#include <string>

#include "git/repository.hpp"

namespace git {

// Fetches one branch of a remote (by name, e.g. "origin") into
// refs/remotes/<remote>/<branch> and returns its tip; nullopt when the remote has no
// such branch. SSH remotes authenticate with the ssh-agent or ~/.ssh/id_ed25519 /
// id_rsa without a passphrase. Throws util::EnvironmentError with what to do when the
// remote cannot be reached.
std::optional<std::string> fetch_branch(Repository& repo, const std::string& remote, const std::string& branch);

// Pushes the commit of the local ref `source` to `branch` on the remote, never
// forcing. Returns false when the remote refused because it moved on (someone else
// pushed first); throws util::EnvironmentError for any other failure (with the
// server's message).
bool push_ref(Repository& repo, const std::string& remote, const std::string& source, const std::string& branch);

} // namespace git
