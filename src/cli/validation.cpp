#include "cli/validation.hpp"

#include "cli/runbook_files.hpp"
#include "core/runbook_paths.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "yaml/policy_yaml.hpp"
#include "yaml/runbook_yaml.hpp"

#include <sys/stat.h>

namespace cli {

namespace {

// The policy runbooks are judged with: the one being checked when it is valid, else
// the committed one, else none.
std::optional<core::Policy> judging_policy(Workspace& workspace, const std::vector<FileToCheck>& files) {
  for (const FileToCheck& file : files) {
    if (file.path == core::k_policy_path) {
      if (auto policy = yaml::load_policy(file.content, file.path)) {
        return std::move(policy).value();
      }
    }
  }
  try {
    return workspace.policy();
  } catch (const util::Error&) {
    return std::nullopt;
  }
}

} // namespace

core::Diagnostics check_warnings(Workspace& workspace, const std::vector<FileToCheck>& files) {
  std::optional<core::Policy> policy = judging_policy(workspace, files);
  core::Diagnostics warnings;
  for (const FileToCheck& file : files) {
    if (core::parse_version_path(file.path)) {
      for (core::Diagnostic& warning : yaml::runbook_file_warnings(file.content, file.path, policy ? &*policy : nullptr)) {
        warnings.push_back(std::move(warning));
      }
    }
  }
  return warnings;
}

core::Diagnostics check_files(Workspace& workspace, const std::vector<FileToCheck>& files) {
  std::optional<core::Policy> policy = judging_policy(workspace, files);
  core::Diagnostics problems;
  for (const FileToCheck& file : files) {
    core::Diagnostics found;
    if (file.path == core::k_policy_path) {
      auto loaded = yaml::load_policy(file.content, file.path);
      if (!loaded) {
        found = loaded.error();
      }
    } else if (util::starts_with(file.path, std::string(core::k_runbooks_folder) + "/")) {
      found = yaml::validate_runbook_file(file.content, file.path, policy ? &*policy : nullptr);
    } else {
      found.push_back(core::Diagnostic{file.path, 0, 0,
                                       "this is neither a runbook (runbooks/<id>/v<N>.yaml) nor the policy (" +
                                           std::string(core::k_policy_path) + ") — nothing to check"});
    }
    problems.insert(problems.end(), found.begin(), found.end());
  }
  return problems;
}

std::vector<std::string> append_only_problems(Workspace& workspace, const std::vector<core::TreeFile>& proposed) {
  std::vector<std::string> messages;
  std::vector<core::TreeFile> published;
  try {
    published = published_files(workspace);
  } catch (const util::Error&) {
    return messages; // not set up yet: nothing is published
  }
  for (const core::VersionProblem& problem : core::check_version_changes(published, committed_files(workspace), proposed)) {
    messages.push_back(problem.message);
  }
  return messages;
}

std::vector<core::TreeFile> worktree_snapshot(Workspace& workspace) {
  std::vector<core::TreeFile> files;
  std::filesystem::path top = workspace.workdir();
  std::error_code ec;
  std::filesystem::path folder = top / core::k_runbooks_folder;
  if (!std::filesystem::is_directory(folder, ec)) {
    return files;
  }
  for (auto it = std::filesystem::recursive_directory_iterator(folder, ec); !ec && it != std::filesystem::end(it);
       it.increment(ec)) {
    struct stat info {};
    if (::lstat(it->path().c_str(), &info) != 0 || S_ISDIR(info.st_mode)) {
      continue;
    }
    unsigned mode = S_ISLNK(info.st_mode) ? 0120000u : (info.st_mode & S_IXUSR) != 0 ? 0100755u : 0100644u;
    std::string content = S_ISREG(info.st_mode) ? util::read_file(it->path()).value_or("") : std::string();
    files.push_back(core::TreeFile{std::filesystem::relative(it->path(), top).generic_string(),
                                   workspace.repo().hash_blob(content), mode});
  }
  return files;
}

} // namespace cli
