#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "cli/validation.hpp"
#include "core/authorization.hpp"
#include "core/runbook_diff.hpp"
#include "core/runbook_paths.hpp"
#include "git/signed_commit_writer.hpp"
#include "git/worktree.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "yaml/runbook_yaml.hpp"

#include <chrono>
#include <iostream>

namespace cli {

namespace {

struct PublishOptions {
  std::string id;
  std::optional<std::string> why; // -m
  std::optional<std::string> key;
};

// The committed files with runbooks/<id>/ replaced by the work tree's.
std::vector<core::TreeFile> proposed_files(Workspace& workspace, const std::string& id,
                                           const std::vector<core::TreeFile>& committed) {
  std::string prefix = std::string(core::k_runbooks_folder) + "/" + id + "/";
  std::vector<core::TreeFile> files;
  for (const core::TreeFile& file : committed) {
    if (!util::starts_with(file.path, prefix)) {
      files.push_back(file);
    }
  }
  for (core::TreeFile& file : worktree_snapshot(workspace)) {
    if (util::starts_with(file.path, prefix)) {
      files.push_back(std::move(file));
    }
  }
  return files;
}

std::string commit_message(const core::Runbook& runbook, const std::optional<core::Runbook>& previous,
                           const std::optional<std::string>& why) {
  std::string reason = why.value_or(runbook.change.value_or(runbook.version == 1 ? "First version." : ""));
  std::string message = "Publish " + runbook.id + " v" + std::to_string(runbook.version) + ": " + runbook.title +
                        "\n\n" + reason + "\n\n";
  if (previous) {
    message += "Changes from v" + std::to_string(previous->version) + ":\n" +
               core::describe_changes(core::diff_runbooks(*previous, runbook)) + "\n";
  } else {
    message += "A new runbook with " + std::to_string(runbook.steps.size()) + " steps.\n\n";
  }
  message += "Runbook: " + runbook.id + "\nRunbook-Version: " + std::to_string(runbook.version) + "\n";
  return message;
}

void run_publish(const PublishOptions& options) {
  require_runbook_id(options.id);
  Workspace workspace = Workspace::open();
  std::vector<core::TreeFile> published = published_files(workspace);
  std::vector<core::TreeFile> committed = committed_files(workspace);
  int version = latest_version(published, options.id) + 1;
  std::string path = core::version_path(options.id, version);

  std::vector<core::TreeFile> proposed = proposed_files(workspace, options.id, committed);
  std::vector<std::string> problems;
  for (const core::VersionProblem& problem : core::check_version_changes(published, committed, proposed)) {
    if (util::starts_with(problem.path, std::string(core::k_runbooks_folder) + "/" + options.id + "/")) {
      problems.push_back(problem.message); // other runbooks' drafts are not this command's business
    }
  }
  if (!problems.empty()) {
    throw util::RuleError("cannot publish " + options.id + ":\n" + util::join(problems, "\n") + "\nNothing was published.");
  }
  auto text = read_draft(workspace, options.id, version);
  if (!text) {
    throw util::RuleError("there is no " + path + " to publish. Start it with `git runbook " +
                          (version == 1 ? "new " : "edit ") + options.id + "`.");
  }
  auto committed_text = workspace.tip() ? workspace.repo().read_file_at(*workspace.tip(), path) : std::nullopt;
  if (committed_text == text) {
    throw util::RuleError(path + " is already committed on this branch, unchanged. It counts as published once it "
                          "is on a protected branch (" + util::join(workspace.policy().protected_branches, ", ") + ").");
  }
  core::Diagnostics diagnostics = check_files(workspace, {FileToCheck{path, *text}});
  if (!diagnostics.empty()) {
    throw util::RuleError(path + " has problems, so nothing was published:\n" + core::format_all(diagnostics) +
                          "Fix them and run `git runbook publish " + options.id + "` again.");
  }
  for (const core::Diagnostic& warning : check_warnings(workspace, {FileToCheck{path, *text}})) {
    warn(warning.format());
  }
  core::Runbook runbook = std::move(yaml::load_runbook(*text, path)).value();

  const core::Signer& signer = workspace.signer(options.key);
  const core::Person* me = workspace.policy().find_by_fingerprint(signer.fingerprint());
  if (me == nullptr) {
    throw util::RuleError("your key " + signer.fingerprint() + " belongs to nobody in the policy; ask an admin to add "
                          "you with `git runbook keys add`. Nothing was published.");
  }
  if (auto denied = core::authorization_problem(workspace.policy(), *me, core::BranchKind::protected_branch,
                                                core::CommitShape::ordinary, {path})) {
    throw util::RuleError("you may not publish this runbook: " + *denied + ". Nothing was published.");
  }
  std::optional<core::Runbook> previous;
  if (version > 1) {
    previous = read_committed_version(workspace, options.id, version - 1);
  }
  if (version > 1 && !options.why && !runbook.change) {
    throw util::RuleError("say why this version exists: fill in `change:` in " + path + ", or use -m \"why\".");
  }
  std::vector<git::FileWrite> files = {{path, *text}};
  std::string message = commit_message(runbook, previous, options.why);
  // Locks left by a killed command are refused before anything is written.
  git::require_index_unlocked(workspace.repo());
  git::wait_until_unlocked(workspace.repo(), workspace.branch(), std::chrono::milliseconds(0));
  std::optional<std::string> tip = workspace.tip();
  std::string commit = git::create_signed_commit(workspace.repo(), tip, files, message, signer);
  // The new version is staged before the branch moves, as `git commit` does: stopped in
  // between, the branch is where it was and the version merely staged; the other way
  // round, the branch would be ahead of an index that lacks the published file.
  git::checkout_written_files(workspace.repo(), files);
  if (!git::move_ref(workspace.repo(), workspace.branch(), commit, tip,
                     "git-runbook: " + message.substr(0, message.find('\n')))) {
    throw util::EnvironmentError("the branch moved while publishing (another command?); nothing was published. "
                                 "Run the command again.");
  }
  std::string branch = workspace.branch().substr(std::string("refs/heads/").size());
  if (workspace.policy().is_protected(branch)) {
    say("published " + path + " (\"" + runbook.title + "\") on " + branch + ". Share it with `git push`.");
  } else {
    say("committed " + path + " on the review branch " + branch + ". It is published when the branch is merged "
        "into " + util::join(workspace.policy().protected_branches, " or ") + ": push it and open a pull request.");
  }
  std::cout << commit << "\n";
}

} // namespace

void register_publish(CLI::App& app) {
  auto options = std::make_shared<PublishOptions>();
  CLI::App* command = app.add_subcommand(
      "publish", "Check the next version of a runbook and commit it, signed, with a summary of what changed.");
  signs(command);
  command->add_option("id", options->id, "The runbook's id")->required();
  command->add_option("-m,--message", options->why, "Why this version exists (default: its `change:` field)");
  command->add_option("--key", options->key, "Your GnuPG key to sign with");
  command->footer("Example:\n  git runbook publish payroll-change -m \"Finance now signs off before payment\"");
  command->callback([options] { run_publish(*options); });
}

} // namespace cli
