#include "cli/hook.hpp"

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "cli/validation.hpp"
#include "core/runbook_paths.hpp"
#include "util/data_dir.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <map>

namespace cli {

namespace {

constexpr const char* k_marker = "git-runbook pre-";

// The runbook files and the policy that the commit Git is about to make adds or
// changes, with their staged content.
std::vector<FileToCheck> staged_changes(Workspace& workspace, const std::vector<core::TreeFile>& committed,
                                        const std::vector<core::TreeFile>& staged) {
  std::map<std::string, std::string> before;
  for (const core::TreeFile& file : committed) {
    before[file.path] = file.blob;
  }
  std::vector<FileToCheck> files;
  for (const core::TreeFile& file : staged) {
    auto old = before.find(file.path);
    if ((old == before.end() || old->second != file.blob) && file.mode != 0120000 && file.mode != 0160000) {
      files.push_back(FileToCheck{file.path, workspace.repo().read_blob(file.blob).value_or("")});
    }
  }
  for (const git::TreeEntry& entry : workspace.repo().list_index_files(".runbook")) {
    if (entry.name != core::k_policy_path) {
      continue;
    }
    auto tip = workspace.tip();
    auto committed_policy = tip ? workspace.repo().read_file_at(*tip, core::k_policy_path) : std::nullopt;
    auto staged_policy = workspace.repo().read_blob(entry.id);
    if (staged_policy && staged_policy != committed_policy) {
      files.push_back(FileToCheck{entry.name, *staged_policy});
    }
  }
  return files;
}

void run_pre_commit() {
  Workspace workspace = Workspace::open();
  auto tip = workspace.tip();
  if (!tip || !workspace.repo().read_file_at(*tip, core::k_policy_path)) {
    return; // not set up for runbooks on this branch: nothing is published
  }
  std::vector<core::TreeFile> committed = committed_files(workspace);
  std::vector<core::TreeFile> staged;
  for (const git::TreeEntry& entry : workspace.repo().list_index_files(core::k_runbooks_folder)) {
    staged.push_back(core::TreeFile{entry.name, entry.id, entry.mode});
  }
  std::vector<std::string> problems = append_only_problems(workspace, staged);
  for (const core::Diagnostic& diagnostic : check_files(workspace, staged_changes(workspace, committed, staged))) {
    problems.push_back(diagnostic.format());
  }
  if (!problems.empty()) {
    throw util::RuleError("this commit was refused, nothing was committed:\n" + util::join(problems, "\n") +
                          "\nFix the files, `git add` them, and commit again.");
  }
}

} // namespace

namespace {

// Installs one shim (hooks/<name> of the installation) into the repository's hooks
// folder, pointing at this binary. Returns false when another hook of that name is
// there (it is left alone, with a warning).
bool install_shim(const git::Repository& repo, const std::string& name) {
  std::filesystem::path target = repo.git_dir() / "hooks" / name;
  auto existing = util::read_file(target);
  if (existing && existing->find(k_marker) == std::string::npos) {
    warn(target.string() + " already exists and is not git-runbook's; it was left alone. Add the line "
         "`git-runbook hook pre-commit || exit 1` to it to protect published runbooks.");
    return false;
  }
  auto shim = util::read_file(util::data_dir() / "hooks" / name);
  if (!shim) {
    throw util::EnvironmentError("the " + name + " hook shim is missing from git-runbook's installation. Reinstall it.");
  }
  std::string text = *shim;
  std::string placeholder = "@GIT_RUNBOOK@";
  if (std::size_t at = text.find(placeholder); at != std::string::npos) {
    text.replace(at, placeholder.size(), util::own_executable().string());
  }
  util::write_file_atomic(target, text);
  std::filesystem::permissions(target, std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec |
                                           std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
  return true;
}

} // namespace

bool install_local_hooks(const git::Repository& repo) {
  if (auto configured = repo.config_string("core.hooksPath")) {
    warn("git uses the hooks in " + *configured + " (core.hooksPath), so the local checks were not installed. "
         "Add pre-commit and pre-merge-commit hooks there that run `git-runbook hook pre-commit`.");
    return false;
  }
  bool commit = install_shim(repo, "pre-commit");
  bool merge = install_shim(repo, "pre-merge-commit");
  return commit && merge;
}

void run_install() {
  Workspace workspace = Workspace::open();
  workspace.workdir(); // a clone with files: the server hook is a separate step
  if (install_local_hooks(workspace.repo())) {
    say("installed the pre-commit and pre-merge-commit checks in " + (workspace.repo().git_dir() / "hooks").string() +
        ": commits and merges that change a published runbook version are refused.");
  }
}

void register_hook(CLI::App& app) {
  CLI::App* hook = app.add_subcommand("hook", "Git hooks: the local checks before each commit and merge.");
  hook->require_subcommand(1);
  CLI::App* pre_commit = hook->add_subcommand(
      "pre-commit", "Refuse a commit that changes a published runbook version, skips a number or adds an invalid runbook.");
  pre_commit->footer("Installed by `git runbook init` (and `hook install`) as .git/hooks/pre-commit and\n"
                     "pre-merge-commit; Git runs it before each commit and merge.");
  pre_commit->callback([] { run_pre_commit(); });
  CLI::App* install = hook->add_subcommand(
      "install", "Install the local checks in this clone (init does it for the repository it sets up).");
  install->footer("Example, after cloning a runbook repository:\n  git clone server:team-runbooks && cd team-runbooks\n"
                  "  git runbook hook install");
  install->callback([] { run_install(); });
}

} // namespace cli
