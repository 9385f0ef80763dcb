#include "cli/diff.hpp"

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "core/runbook_diff.hpp"
#include "core/runbook_paths.hpp"
#include "util/error.hpp"
#include "yaml/runbook_yaml.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cli {

namespace {

struct DiffOptions {
  std::string id;
  std::optional<int> from;
  std::optional<int> to;
  Format format = Format::text;
};

// A version: committed on this branch, else the draft in the work tree.
core::Runbook load_version(Workspace& workspace, const std::string& id, int version, int committed_latest) {
  if (version <= committed_latest) {
    return read_committed_version(workspace, id, version);
  }
  std::string path = core::version_path(id, version);
  auto text = read_draft(workspace, id, version);
  if (!text) {
    throw util::RuleError("there is no version " + std::to_string(version) + " of \"" + id + "\" (" + path +
                          "). The latest is v" + std::to_string(committed_latest) + ".");
  }
  auto runbook = yaml::load_runbook(*text, path);
  if (!runbook) {
    throw util::RuleError(path + " has problems; fix them first:\n" + core::format_all(runbook.error()));
  }
  return std::move(runbook).value();
}

void run_diff(const DiffOptions& options) {
  require_runbook_id(options.id);
  Workspace workspace = Workspace::open();
  int committed = latest_version(committed_files(workspace), options.id);
  int newest = read_draft(workspace, options.id, committed + 1) ? committed + 1 : committed;
  if (newest == 0) {
    throw util::RuleError("there is no runbook \"" + options.id + "\". `git runbook list` shows the runbooks.");
  }
  int to = options.to.value_or(newest);
  int from = options.from.value_or(to - 1);
  if (from < 1) {
    throw util::RuleError("\"" + options.id + "\" has only version " + std::to_string(to) +
                          "; there is nothing to compare it with yet.");
  }
  core::Runbook before = load_version(workspace, options.id, from, committed);
  core::Runbook after = load_version(workspace, options.id, to, committed);
  std::vector<core::RunbookChange> changes = core::diff_runbooks(before, after);
  if (options.format == Format::json) {
    std::cout << nlohmann::json{{"runbook", options.id}, {"from", from}, {"to", to}, {"changes", runbook_changes_json(changes)}}.dump(2) << "\n";
    return;
  }
  std::cout << options.id << ": changes from v" << from << " to v" << to
            << (to > committed ? " (not published yet)" : "") << "\n"
            << core::describe_changes(changes);
}

} // namespace

nlohmann::json runbook_changes_json(const std::vector<core::RunbookChange>& changes) {
  nlohmann::json list = nlohmann::json::array();
  for (const core::RunbookChange& change : changes) {
    nlohmann::json item{{"kind", core::to_string(change.kind)}, {"step", change.step_id}, {"description", change.description}};
    for (const core::RunbookChange::Wording& wording : change.wording) {
      item["wording"].push_back({{"field", wording.field}, {"was", wording.was}, {"now", wording.now}});
    }
    list.push_back(item);
  }
  return list;
}

void register_diff(CLI::App& app) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* command = app.add_subcommand("diff", "Show what changed between two versions of a runbook, step by step.");
  command->add_option("id", options->id, "The runbook's id")->required();
  command->add_option("from", options->from, "The older version (default: the one before the newer)")
      ->check(CLI::PositiveNumber);
  command->add_option("to", options->to, "The newer version (default: the latest, or your unpublished draft)")
      ->check(CLI::PositiveNumber);
  add_format_option(*command, options->format);
  command->footer("Examples:\n  git runbook diff payroll-change         # latest against the one before\n"
                  "  git runbook diff payroll-change 1 3\n"
                  "  git runbook diff payroll-change --format json\n"
                  "A reworded title, summary or step shows its old wording on a \"was:\" line and its\n"
                  "new wording on a \"now:\" line (only the lines that changed; \"...\" stands for the rest).\n"
                  "In json, such a change has \"wording\": [{\"field\", \"was\", \"now\"}] with the full texts.");
  command->callback([options] { run_diff(*options); });
}

} // namespace cli
