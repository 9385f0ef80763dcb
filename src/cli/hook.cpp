#include "cli/hook.hpp"

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "cli/server_hook.hpp"
#include "cli/validation.hpp"
#include "cli/witness_hook.hpp"
#include "core/runbook_paths.hpp"
#include "util/data_dir.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <map>

namespace cli {

namespace {

// Words each of git-runbook's shims holds in its first comment.
bool is_ours(const std::string& hook) {
  return hook.find("git-runbook pre-") != std::string::npos || hook.find("git-runbook post-") != std::string::npos;
}

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

bool install_shim(const git::Repository& repo, const std::string& name, bool foreign_is_error) {
  std::filesystem::path target = repo.git_dir() / "hooks" / name;
  auto existing = util::read_file(target);
  if (existing && !is_ours(*existing) && foreign_is_error) {
    throw util::UsageError(target.string() + " already exists and is not git-runbook's; nothing was changed. Move it "
                           "aside (or make it call `git-runbook hook " + name + "` with the same input) and install again.");
  }
  if (existing && !is_ours(*existing)) {
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

bool install_local_hooks(const git::Repository& repo) {
  if (auto configured = repo.config_string("core.hooksPath")) {
    warn("git uses the hooks in " + *configured + " (core.hooksPath), so the local checks were not installed. "
         "Add pre-commit and pre-merge-commit hooks there that run `git-runbook hook pre-commit`.");
    return false;
  }
  bool commit = install_shim(repo, "pre-commit", false);
  bool merge = install_shim(repo, "pre-merge-commit", false);
  return commit && merge;
}

void run_install(const std::optional<std::string>& repository, const std::optional<std::string>& trust_root) {
  if (repository) {
    install_server_hook(*repository, trust_root);
    return;
  }
  Workspace workspace = Workspace::open();
  if (!workspace.repo().workdir()) {
    install_server_hook(workspace.repo().git_dir(), trust_root);
    return;
  }
  if (trust_root) {
    throw util::UsageError("--trust-root is for the server: `git runbook hook install <bare-repo> --trust-root <commit>`.");
  }
  if (install_local_hooks(workspace.repo())) {
    say("installed the pre-commit and pre-merge-commit checks in " + (workspace.repo().git_dir() / "hooks").string() +
        ": commits and merges that change a published runbook version are refused.");
  }
}

void register_hook(CLI::App& app) {
  CLI::App* hook = app.add_subcommand(
      "hook", "Git hooks: the server's check of every push, and the local checks before each commit and merge.");
  hook->require_subcommand(1);
  CLI::App* pre_commit = hook->add_subcommand(
      "pre-commit", "Refuse a commit that changes a published runbook version, skips a number or adds an invalid runbook.");
  pre_commit->footer("Installed by `git runbook init` (and `hook install`) as .git/hooks/pre-commit and\n"
                     "pre-merge-commit; Git runs it before each commit and merge.");
  pre_commit->callback([] { run_pre_commit(); });
  auto repository = std::make_shared<std::optional<std::string>>();
  auto trust_root = std::make_shared<std::optional<std::string>>();
  CLI::App* install = hook->add_subcommand(
      "install", "Install the server hook into a bare repository, or the local checks into this clone.");
  install->add_option("repository", *repository, "The server's bare repository (leave out in a clone)");
  install->add_option("--trust-root", *trust_root,
                      "Server: the commit history is trusted from (default: the protected branch's first commit)");
  install->footer("On the server (once per repository):\n  git runbook hook install /srv/git/runbooks.git\n"
                  "In a clone (init does it for the repository it sets up):\n  git runbook hook install");
  install->callback([repository, trust_root] { run_install(*repository, *trust_root); });
  CLI::App* pre_receive = hook->add_subcommand(
      "pre-receive", "The server's check of a push: refuses it, saying why, when any rule is broken.");
  pre_receive->footer("Git runs it on the server as hooks/pre-receive (put there by `hook install <bare-repo>`),\n"
                      "with \"<old> <new> <ref>\" lines on stdin. Settings in the server repository's git config:\n"
                      "  runbook.trustRoot    the commit trust starts from\n"
                      "  runbook.hookTimeout  seconds the check may take (default 60); past it the push is refused\n"
                      "  runbook.witnessKey   also install the post-receive witness (see `hook post-receive --help`)");
  pre_receive->callback([] { run_pre_receive(); });
  // issue 18: witnessed time
  CLI::App* post_receive = signs(hook->add_subcommand(
      "post-receive", "The server's witness: signs a checkpoint of what it received, and when, after each push."));
  post_receive->footer("Git runs it on the server as hooks/post-receive, put there by `hook install <bare-repo>`\n"
                       "when the server repository's git config names a witness key:\n"
                       "  runbook.witnessKey   the fingerprint of a secret key in the server user's GnuPG home,\n"
                       "                       held by a person with the witness role in the policy\n"
                       "Each accepted push gets a signed checkpoint on refs/runbook/checkpoints; it never\n"
                       "refuses a push.");
  post_receive->callback([] { run_post_receive(); });
}

} // namespace cli
