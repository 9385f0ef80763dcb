// `training`: who has read each version of the runbooks that require training, and who
// has not yet (issue 17).
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "cli/training_report.hpp"

#include <iostream>

namespace cli {

namespace {

struct TrainingOptions {
  std::optional<std::string> id;
  Format format = Format::text;
};

void run_training(const TrainingOptions& options) {
  if (options.id) {
    require_runbook_id(*options.id);
  }
  Workspace workspace = Workspace::open();
  std::vector<core::VersionTraining> versions = collect_training(workspace, options.id);
  if (options.format == Format::json) {
    std::cout << nlohmann::json{{"training", training_json(versions)}}.dump(2) << "\n";
    return;
  }
  if (versions.empty()) {
    say(std::string(options.id ? "runbook " + *options.id + " does not" : "no published runbook does") +
        " require training (add `training: required` to a new version to ask for it).");
    return;
  }
  for (const core::VersionTraining& version : versions) {
    std::cout << training_text(version) << "\n";
  }
}

} // namespace

void register_training(CLI::App& app) {
  auto options = std::make_shared<TrainingOptions>();
  CLI::App* command = app.add_subcommand(
      "training", "Who has read each version of the runbooks that require training, and who has not yet.");
  command->add_option("id", options->id, "Only this runbook");
  add_format_option(*command, options->format);
  command->footer("Examples:\n  git runbook training\n  git runbook training onboarding --format json\n"
                  "People acknowledge a version with `git runbook ack ID --version N`.");
  command->callback([options] { run_training(*options); });
}

} // namespace cli
