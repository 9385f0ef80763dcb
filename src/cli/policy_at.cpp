#include "cli/policy_at.hpp"

#include "core/diagnostic.hpp"
#include "core/runbook_paths.hpp"
#include "gpg/key_facts.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "yaml/policy_yaml.hpp"
#include "yaml/runbook_yaml.hpp"

#include <map>

namespace cli {

std::string commit_of(const git::Repository& repo, const std::string& revision, const std::string& what) {
  auto commit = repo.resolve_commit(revision);
  if (!commit) {
    throw util::UsageError("\"" + revision + "\" (" + what +
                           ") is not a commit of this repository. Check the spelling, or fetch it first (`git fetch`).");
  }
  return *commit;
}

PolicyAt policy_at(const git::Repository& repo, const std::string& commit) {
  auto text = repo.read_file_at(commit, core::k_policy_path);
  if (!text) {
    throw util::RuleError("commit " + util::shorten(commit) + " has no " + core::k_policy_path +
                          ". Name a commit made after `git runbook init`.");
  }
  auto loaded = yaml::load_policy(*text, core::k_policy_path);
  if (!loaded) {
    throw util::RuleError("the policy of commit " + util::shorten(commit) + " has problems:\n" +
                          core::format_all(loaded.error()));
  }
  PolicyAt at{std::move(loaded).value(), {}};
  for (const core::Person& person : at.policy.people) {
    auto entry = repo.entry_at(commit, person.key_file);
    auto key = entry ? repo.read_blob(entry->id) : std::nullopt;
    if (key) {
      at.keys[person.id] = core::KeyFileFacts{gpg::key_expiry(*key, person.fingerprint), entry->id};
    }
  }
  return at;
}

std::vector<std::pair<std::string, std::string>> version_files_at(const git::Repository& repo, const std::string& commit) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const git::TreeEntry& entry : repo.list_files_at(commit, core::k_runbooks_folder)) {
    if (core::parse_version_path(entry.name)) {
      files.emplace_back(entry.name, entry.id);
    }
  }
  return files;
}

std::optional<core::Runbook> runbook_at(const git::Repository& repo, const std::string& commit, const std::string& path) {
  auto text = repo.read_file_at(commit, path);
  if (!text) {
    return std::nullopt;
  }
  auto loaded = yaml::load_runbook(*text, path);
  if (!loaded) {
    return std::nullopt;
  }
  return std::move(loaded).value();
}

std::vector<core::Runbook> latest_runbooks_at(const git::Repository& repo, const std::string& commit,
                                              std::vector<std::string>& unreadable) {
  std::map<std::string, int> latest;
  for (const auto& [path, blob] : version_files_at(repo, commit)) {
    auto where = core::parse_version_path(path);
    latest[where->id] = std::max(latest[where->id], where->version);
  }
  std::vector<core::Runbook> runbooks;
  for (const auto& [id, version] : latest) {
    std::string path = core::version_path(id, version);
    if (auto runbook = runbook_at(repo, commit, path)) {
      runbooks.push_back(std::move(*runbook));
    } else {
      unreadable.push_back(path);
    }
  }
  return runbooks;
}

} // namespace cli
