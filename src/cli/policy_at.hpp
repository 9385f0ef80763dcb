#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/policy_description.hpp"
#include "core/runbook.hpp"
#include "git/repository.hpp"

namespace cli {

// Policy in plain words (issue 18): what `policy describe|diff` and `review` read from
// one commit.

// A revision given on the command line as a full commit id. Throws util::UsageError
// naming `what` ("the first revision") when the repository has no such commit.
std::string commit_of(const git::Repository& repo, const std::string& revision, const std::string& what);

// The policy of a commit, with what each person's key file in the same commit says (its
// expiry, its blob id). Throws util::RuleError, naming the commit, when it has no valid
// policy.
struct PolicyAt {
  core::Policy policy;
  core::KeyFiles keys;
};
PolicyAt policy_at(const git::Repository& repo, const std::string& commit);

// The latest version of each runbook in a commit's tree. A file that does not load is
// left out and its path added to `unreadable`.
std::vector<core::Runbook> latest_runbooks_at(const git::Repository& repo, const std::string& commit,
                                              std::vector<std::string>& unreadable);

// Every runbook version file of a commit: path -> blob id.
std::vector<std::pair<std::string, std::string>> version_files_at(const git::Repository& repo, const std::string& commit);

// Reads runbooks/<id>/v<N>.yaml of a commit; nullopt when it is absent or does not load.
std::optional<core::Runbook> runbook_at(const git::Repository& repo, const std::string& commit, const std::string& path);

} // namespace cli
