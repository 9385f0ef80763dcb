#pragma once

#include <map>
#include <optional>
#include <utility>
#include <vector>
#include <string>

#include "git/repository.hpp"
#include "util/error.hpp"

namespace git {

// Fetches one branch of a remote (by name, e.g. "origin") into
// refs/remotes/<remote>/<branch> and returns its tip; nullopt when the remote has no
// such branch. SSH remotes authenticate with the ssh-agent or ~/.ssh/id_ed25519 /
// id_rsa without a passphrase. Throws util::EnvironmentError with what to do when the
// remote cannot be reached.
std::optional<std::string> fetch_branch(Repository& repo, const std::string& remote, const std::string& branch);

// Fetches several branches of a remote in one exchange, each into
// refs/remotes/<remote>/<branch>; returns each branch's tip on the remote (nullopt:
// the remote has no such branch). Throws as fetch_branch.
std::map<std::string, std::optional<std::string>> fetch_branches(Repository& repo,
                                                                 const std::string& remote,
                                                                 const std::vector<std::string>& branches);

// Fetches refs of a remote in one exchange, each pair (their full ref name, our full
// ref name) like the refspec "+theirs:ours"; returns each of their refs' tip on the
// remote (nullopt: the remote has no such ref). Throws as fetch_branch.
std::map<std::string, std::optional<std::string>> fetch_refs(
    Repository& repo, const std::string& remote, const std::vector<std::pair<std::string, std::string>>& refs);

// Whether `remote` is a path or a file:// URL: libgit2 writes into it in this process,
// and no hook of that repository runs.
bool is_local_remote(Repository& repo, const std::string& remote);

// The server's hook refused a push: what() is the server's own words.
class PushRefused : public util::RuleError {
public:
  using util::RuleError::RuleError;
};

// Pushes the commit of the local ref `source` to `branch` on the remote, never
// forcing. Returns false when the remote refused because it moved on (someone else
// pushed first); throws PushRefused when the server's hook refused (with the server's
// messages), util::EnvironmentError for any other failure.
// `server_says`, when given, receives what the server printed (its hook's messages).
[[nodiscard]] bool push_ref(Repository& repo, const std::string& remote, const std::string& source, const std::string& branch,
              std::string* server_says = nullptr);

} // namespace git
