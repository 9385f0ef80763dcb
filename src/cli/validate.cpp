#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "cli/validation.hpp"
#include "core/policy.hpp"
#include "core/runbook_paths.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "yaml/runbook_yaml.hpp"

#include <iostream>

namespace cli {

namespace {

struct ValidateOptions {
  std::vector<std::string> paths;
};

void run_validate(const ValidateOptions& options) {
  Workspace workspace = Workspace::open();
  std::filesystem::path top = workspace.workdir();
  std::vector<std::string> paths;
  if (options.paths.empty()) {
    paths.emplace_back(core::k_policy_path);
    for (const core::TreeFile& file : worktree_snapshot(workspace)) {
      paths.push_back(file.path);
    }
  } else {
    for (const std::string& given : options.paths) {
      paths.push_back(path_from_top(top, given));
    }
  }
  std::vector<FileToCheck> files;
  for (const std::string& path : paths) {
    auto content = util::read_file(top / path);
    if (!content) {
      throw util::UsageError(path + " does not exist.");
    }
    files.push_back(FileToCheck{path, *content});
  }
  core::Diagnostics problems = check_files(workspace, files);
  if (options.paths.empty()) {
    for (const std::string& message : append_only_problems(workspace, worktree_snapshot(workspace))) {
      problems.push_back(core::Diagnostic{"", 0, 0, message});
    }
  }
  for (const core::Diagnostic& problem : problems) {
    std::cout << (problem.file.empty() ? problem.message : problem.format()) << "\n";
  }
  for (const core::Diagnostic& warning : check_warnings(workspace, files)) { // never refusals
    warn(warning.format());
  }
  std::cout << files.size() << (files.size() == 1 ? " file" : " files") << " checked, " << problems.size()
            << (problems.size() == 1 ? " problem" : " problems") << "\n";
  if (!problems.empty()) {
    throw util::RuleError("validation found problems; each is listed above with what to do.");
  }
}

} // namespace

void register_validate(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(
      "validate", "Check runbook files and the policy: YAML, schema, ids, versions, people and roles.");
  command->add_option("paths", options->paths, "Files to check (default: the policy and everything under runbooks/)");
  command->footer("Examples:\n  git runbook validate\n  git runbook validate runbooks/payroll-change/v2.yaml\n"
                  "Each problem is printed as file:line:column: what is wrong — what to do. Exit code 1 on any.");
  command->callback([options] { run_validate(*options); });
}

} // namespace cli
