#include "trust/file_rules.hpp"

#include "trust/record_judge.hpp"

#include "core/runbook_paths.hpp"
#include "util/text.hpp"
#include "yaml/policy_yaml.hpp"
#include "yaml/runbook_yaml.hpp"
#include "yaml/strict_yaml.hpp"

namespace trust {

std::vector<Problem> file_problems(const git::Repository& repo,
                                   const std::string& commit,
                                   const std::optional<std::string>& parent,
                                   const core::Policy& policy) {
  std::vector<Problem> problems;
  std::optional<std::string> parent_tree =
      parent ? std::optional(repo.tree_of(*parent)) : std::nullopt;
  for (const git::FileChange& change : repo.file_changes(parent_tree, repo.tree_of(commit))) {
    if (change.kind == git::FileChange::Kind::deleted) {
      continue;
    }
    if (change.new_mode == 0120000 || change.new_mode == 0160000) {
      problems.push_back(problem_at(
          commit,
          "not-regular-file",
          change.path + " is a link or a submodule; the repository holds ordinary files only",
          "replace it with a plain copy of the file"));
      continue;
    }
    auto size = repo.object_size(change.new_id).value_or(0);
    if (size > k_max_evidence_bytes) {
      problems.push_back(problem_at(commit,
                                    "too-large",
                                    change.path + " is larger than 50 MiB",
                                    "keep large files elsewhere and link to them"));
      continue;
    }
    bool runbook = util::starts_with(change.path, std::string(core::k_runbooks_folder) + "/");
    bool policy_file = change.path == core::k_policy_path;
    if (!runbook && !policy_file) {
      continue;
    }
    if (size > yaml::k_max_file_size) {
      problems.push_back(problem_at(commit,
                                    "too-large",
                                    change.path + " is larger than 1 MiB",
                                    "split the runbook up or remove what is not needed"));
      continue;
    }
    std::string text = repo.read_blob(change.new_id).value_or("");
    core::Diagnostics found;
    if (policy_file) {
      auto loaded = yaml::load_policy(text, change.path);
      if (!loaded) {
        found = loaded.error();
      }
    } else if (core::parse_version_path(change.path)) {
      found = yaml::validate_runbook_file(text, change.path, &policy);
    }
    if (!found.empty()) {
      problems.push_back(problem_at(
          commit,
          "invalid-file",
          std::string(util::trim(core::format_all(found))),
          "check the file with `git runbook validate`, fix it in a new commit, and push again"));
    }
  }
  return problems;
}

} // namespace trust
