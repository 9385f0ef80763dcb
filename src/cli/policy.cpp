#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/policy_at.hpp"
#include "cli/policy_render.hpp"
#include "cli/workspace.hpp"
#include "core/policy_description.hpp"
#include "core/policy_diff.hpp"
#include "util/text.hpp"

#include <iostream>

namespace cli {

namespace {

struct DescribeOptions {
  std::string at = "HEAD";
  ReportFormat format = ReportFormat::text;
};

struct PolicyDiffOptions {
  std::string from;
  std::string to = "HEAD";
  ReportFormat format = ReportFormat::text;
};

void run_describe(const DescribeOptions& options) {
  Workspace workspace = Workspace::open();
  const git::Repository& repo = workspace.repo();
  std::string commit = commit_of(repo, options.at, "the commit to describe");
  PolicyAt at = policy_at(repo, commit);
  std::vector<std::string> unreadable;
  std::vector<core::Runbook> runbooks = latest_runbooks_at(repo, commit, unreadable);
  for (const std::string& path : unreadable) {
    std::string message = path;
    message += " could not be read, so its steps are not described; `git runbook validate ";
    message += path;
    message += "` says what is wrong";
    warn(message);
  }
  core::PolicyDescription description = core::describe_policy(at.policy, runbooks, at.keys);
  if (options.format == ReportFormat::json) {
    nlohmann::json out = description_json(description);
    out["commit"] = commit;
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << (options.format == ReportFormat::md ? "## Policy at " : "Policy at ") << options.at << " ("
            << util::shorten(commit) << ")\n\n";
  print_description(std::cout, description, options.format);
}

void run_policy_diff(const PolicyDiffOptions& options) {
  Workspace workspace = Workspace::open();
  const git::Repository& repo = workspace.repo();
  std::string from = commit_of(repo, options.from, "the older revision");
  std::string to = commit_of(repo, options.to, "the newer revision");
  PolicyAt before = policy_at(repo, from);
  PolicyAt after = policy_at(repo, to);
  std::vector<core::PolicyChange> changes = core::diff_policies(before.policy, before.keys, after.policy, after.keys);
  if (options.format == ReportFormat::json) {
    std::cout << nlohmann::json{{"from", from}, {"to", to}, {"changes", policy_changes_json(changes)}}.dump(2) << "\n";
    return;
  }
  std::cout << (options.format == ReportFormat::md ? "## Policy changes from " : "Policy changes from ")
            << options.from << " (" << util::shorten(from) << ") to " << options.to << " (" << util::shorten(to)
            << "):\n";
  print_policy_changes(std::cout, changes);
}

} // namespace

void register_policy(CLI::App& app) {
  CLI::App* policy = app.add_subcommand("policy", "Say in plain words what the policy lets each person do.");
  policy->require_subcommand(1);

  auto describe = std::make_shared<DescribeOptions>();
  CLI::App* describe_command = policy->add_subcommand(
      "describe", "Each person, their roles, key and its expiry; who may publish, record and approve what.");
  describe_command->add_option("--at", describe->at, "The commit whose policy and runbooks to describe (default: HEAD)");
  add_report_format_option(*describe_command, describe->format);
  describe_command->footer("Examples:\n  git runbook policy describe\n  git runbook policy describe --format md\n"
                           "  git runbook policy describe --at origin/main --format json\n"
                           "Steps are those of each runbook's latest version at that commit. A warning says\n"
                           "where a step needs more approvers than there are people who may give them.");
  describe_command->callback([describe] { run_describe(*describe); });

  auto diff = std::make_shared<PolicyDiffOptions>();
  CLI::App* diff_command =
      policy->add_subcommand("diff", "Say what a policy change grants or takes away, in sentences.");
  diff_command->add_option("from", diff->from, "The older revision (a commit, branch or tag)")->required();
  diff_command->add_option("to", diff->to, "The newer revision (default: HEAD)");
  add_report_format_option(*diff_command, diff->format);
  diff_command->footer("Examples:\n  git runbook policy diff HEAD~1            # what the last commit changed\n"
                       "  git runbook policy diff origin/main HEAD   # what your branch would change\n"
                       "  git runbook policy diff v1.0 v2.0 --format json");
  diff_command->callback([diff] { run_policy_diff(*diff); });
}

} // namespace cli
