#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/checked_files.hpp"
#include "core/policy.hpp"
#include "core/signer.hpp"
#include "git/repository.hpp"
#include "yaml/schema_check.hpp"

namespace cli {

// What commands need from their surroundings, provided in one place so that every
// command fails the same way when it is missing: the repository, its policy, the
// signer. Each accessor throws util::EnvironmentError (exit 3) with what to do.
class Workspace {
public:
  // The repository that holds `start` (the current folder by default).
  static Workspace open(const std::filesystem::path& start = std::filesystem::current_path());

  git::Repository& repo() { return m_repo; }
  // The repository's work tree; throws in a bare repository.
  std::filesystem::path workdir() const;
  // The branch checked out ("refs/heads/main"); throws when HEAD is detached.
  std::string branch() const;
  // The commit at the tip of the checked-out branch, or nullopt before the first one.
  std::optional<std::string> tip() const;
  // The policy of the checked-out commit; throws when there is none or it is invalid.
  const core::Policy& policy();
  // Whether the committed file `blob` passed its check against the compiled-in schema
  // `schema_name` before (CheckedFiles), and remembering that it did.
  yaml::SchemaCheck schema_check_for(std::string_view schema_name, const std::string& blob);
  void remember_schema_passed(std::string_view schema_name, const std::string& blob);
  // The key to sign with (DESIGN §5), chosen with the policy when there is one.
  const core::Signer& signer(const std::optional<std::string>& explicit_key);

private:
  explicit Workspace(git::Repository repo) : m_repo(std::move(repo)) {}
  git::Repository m_repo;
  std::optional<core::Policy> m_policy;
  std::optional<CheckedFiles> m_checked_files;
  CheckedFiles& checked_files();
  std::string schema_id(std::string_view schema_name) const;
  std::unique_ptr<core::Signer> m_signer;
};

// The signer for `repo` (or, before a repository exists, git's global settings),
// chosen as DESIGN §5 says. Throws util::EnvironmentError with how to make a key.
std::unique_ptr<core::Signer> choose_signer(const git::Repository* repo,
                                            const std::optional<std::string>& explicit_key,
                                            const core::Policy* policy);

} // namespace cli
