#include "cli/runbook_files.hpp"

#include "core/runbook_paths.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "yaml/runbook_yaml.hpp"

#include <map>
#include <set>

namespace cli {

namespace {

std::vector<core::TreeFile> files_at(Workspace& workspace, const std::string& commit) {
  std::vector<core::TreeFile> files;
  for (const git::TreeEntry& entry : workspace.repo().list_files_at(commit, core::k_runbooks_folder)) {
    files.push_back(core::TreeFile{entry.name, entry.id, entry.mode});
  }
  return files;
}

} // namespace

std::vector<core::TreeFile> published_files(Workspace& workspace) {
  std::map<std::string, core::TreeFile> files;
  auto add = [&](const std::optional<std::string>& commit) {
    if (commit) {
      for (core::TreeFile& file : files_at(workspace, *commit)) {
        files.emplace(file.path, file);
      }
    }
  };
  for (const std::string& branch : workspace.policy().protected_branches) {
    std::string ref = "refs/heads/" + branch;
    add(workspace.repo().resolve_ref(ref));
    for (const std::string& remote : workspace.repo().remote_branches(branch)) {
      add(workspace.repo().resolve_ref(remote)); // the shared copy counts even without a local branch
    }
  }
  std::vector<core::TreeFile> result;
  result.reserve(files.size());
  for (auto& [path, file] : files) {
    result.push_back(file);
  }
  return result;
}

std::vector<core::TreeFile> committed_files(Workspace& workspace) {
  auto tip = workspace.tip();
  return tip ? files_at(workspace, *tip) : std::vector<core::TreeFile>{};
}

int latest_version(const std::vector<core::TreeFile>& files, const std::string& id) {
  int latest = 0;
  for (const core::TreeFile& file : files) {
    auto where = core::parse_version_path(file.path);
    if (where && where->id == id && where->version > latest) {
      latest = where->version;
    }
  }
  return latest;
}

std::vector<std::string> runbook_ids(const std::vector<core::TreeFile>& files) {
  std::set<std::string> ids;
  for (const core::TreeFile& file : files) {
    if (auto where = core::parse_version_path(file.path)) {
      ids.insert(where->id);
    }
  }
  return {ids.begin(), ids.end()};
}

core::Runbook read_committed_version(Workspace& workspace, const std::string& id, int version) {
  std::string path = core::version_path(id, version);
  auto tip = workspace.tip();
  auto text = tip ? workspace.repo().read_file_at(*tip, path) : std::nullopt;
  if (!text) {
    throw util::RuleError(path + " is not committed on this branch. `git runbook list` shows the runbooks.");
  }
  auto runbook = yaml::load_runbook(*text, path);
  if (!runbook) {
    throw util::RuleError("the committed " + path + " is invalid:\n" + core::format_all(runbook.error()));
  }
  return std::move(runbook).value();
}

std::optional<std::string> read_draft(Workspace& workspace, const std::string& id, int version) {
  return util::read_file(workspace.workdir() / core::version_path(id, version));
}

std::string path_from_top(const std::filesystem::path& top, const std::string& given) {
  std::filesystem::path absolute = std::filesystem::absolute(given).lexically_normal();
  std::string relative = absolute.lexically_relative(top).generic_string();
  if (relative.empty() || util::starts_with(relative, "..")) {
    throw util::UsageError(given + " is outside this repository (" + top.string() + ").");
  }
  return relative;
}

std::string current_person(Workspace& workspace) {
  const core::Policy& policy = workspace.policy();
  try {
    const core::Signer& signer = workspace.signer(std::nullopt);
    if (const core::Person* person = policy.find_by_fingerprint(signer.fingerprint())) {
      return person->id;
    }
  } catch (const util::EnvironmentError&) {
    // No usable key: fall back to the address in git's settings.
  }
  auto email = workspace.repo().config_string("user.email");
  for (const core::Person& person : policy.people) {
    if (email && util::to_upper(person.email) == util::to_upper(*email)) {
      return person.id;
    }
  }
  throw util::EnvironmentError("cannot tell who you are in this repository's policy: neither your signing key "
                               "nor your address (git config user.email) belongs to a person of "
                               "`git runbook keys list`. Ask an admin to add you.");
}

void require_runbook_id(const std::string& id) {
  if (!core::is_valid_runbook_id(id)) {
    throw util::UsageError("\"" + id + "\" cannot be a runbook id: use lower-case letters, digits and -, starting "
                           "with a letter or digit, at most 63 characters (e.g. payroll-change).");
  }
}

} // namespace cli
