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

constexpr const char* k_marker = "git-runbook pre-commit hook";

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

void install_pre_commit(const git::Repository& repo) {
  std::filesystem::path hooks = repo.git_dir() / "hooks";
  if (auto configured = repo.config_string("core.hooksPath")) {
    warn("git uses the hooks in " + *configured + " (core.hooksPath), so the pre-commit check was not installed. "
         "Add a pre-commit hook there that runs `git-runbook hook pre-commit`.");
    return;
  }
  std::filesystem::path target = hooks / "pre-commit";
  auto existing = util::read_file(target);
  if (existing && existing->find(k_marker) == std::string::npos) {
    warn(target.string() + " already exists and is not git-runbook's; it was left alone. Add the line "
         "`git-runbook hook pre-commit || exit 1` to it to protect published runbooks.");
    return;
  }
  auto shim = util::read_file(util::data_dir() / "hooks" / "pre-commit");
  if (!shim) {
    throw util::EnvironmentError("the pre-commit hook shim is missing from git-runbook's installation. Reinstall it.");
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
}

void register_hook(CLI::App& app) {
  CLI::App* hook = app.add_subcommand("hook", "Git hooks: the local pre-commit check.");
  hook->require_subcommand(1);
  CLI::App* pre_commit = hook->add_subcommand(
      "pre-commit", "Refuse a commit that changes a published runbook version, skips a number or adds an invalid runbook.");
  pre_commit->footer("Installed by `git runbook init` as .git/hooks/pre-commit; Git runs it before each commit.");
  pre_commit->callback([] { run_pre_commit(); });
}

} // namespace cli
