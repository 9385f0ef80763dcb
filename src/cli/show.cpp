#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "core/run_state.hpp"
#include "core/runbook_paths.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "yaml/runbook_yaml.hpp"

#include <iostream>

namespace cli {

namespace {

struct ShowOptions {
  std::string id;
  std::optional<int> version;
  std::string format = "text";
};

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  for (const std::string& line : util::split(std::string(util::trim(text)), '\n')) {
    out += prefix + line + "\n";
  }
  return out;
}

void print_text(const core::Runbook& runbook) {
  std::cout << runbook.title << "  (" << runbook.id << " v" << runbook.version << ", owner " << runbook.owner << ")\n\n"
            << indent(runbook.summary, "  ");
  if (runbook.change) {
    std::cout << "\n  Why this version: " << *runbook.change << "\n";
  }
  if (!runbook.inputs.empty()) {
    std::cout << "\nAsked at the start:\n";
    for (const core::Input& input : runbook.inputs) {
      std::cout << "  - " << input.name << ": " << input.prompt << (input.required ? " (required)" : "");
      if (!input.options.empty()) {
        std::cout << " [" << util::join(input.options, ", ") << "]";
      }
      std::cout << "\n";
    }
  }
  std::cout << "\nSteps:\n";
  for (const core::Step& step : runbook.steps) {
    std::cout << "\nStep " << step.id << " of " << runbook.steps.size() << ": " << step.title << "\n"
              << indent(step.instructions, "    ");
    auto field = [](const char* name, const std::optional<std::string>& value) {
      if (value) {
        std::cout << "    " << name << ": " << *value << "\n";
      }
    };
    field("Tool", step.tool);
    field("Template", step.template_name);
    field("Subject", step.subject);
    field("Done by", step.role);
    if (step.evidence != core::Evidence::none) {
      std::cout << "    Evidence needed: " << core::to_string(step.evidence) << "\n";
    }
    field("Approval by", core::approval_field(step));
  }
}

void run_show(const ShowOptions& options) {
  require_runbook_id(options.id);
  Workspace workspace = Workspace::open();
  int version = options.version.value_or(latest_version(committed_files(workspace), options.id));
  if (version == 0) {
    throw util::RuleError("there is no runbook \"" + options.id + "\" on this branch. `git runbook list` shows them.");
  }
  if (options.format == "yaml") {
    auto text = workspace.repo().read_file_at(*workspace.tip(), core::version_path(options.id, version));
    if (!text) {
      throw util::RuleError(core::version_path(options.id, version) + " is not committed on this branch.");
    }
    std::cout << *text;
    return;
  }
  core::Runbook runbook = read_committed_version(workspace, options.id, version);
  if (options.format == "json") {
    std::cout << yaml::runbook_to_json(runbook).dump(2) << "\n";
  } else {
    print_text(runbook);
  }
}

} // namespace

void register_show(CLI::App& app) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* command = app.add_subcommand("show", "Show a runbook with its numbered steps.");
  command->add_option("id", options->id, "The runbook's id")->required();
  command->add_option("--version,-v", options->version, "Which version (default: the latest)")->check(CLI::PositiveNumber);
  command->add_option("--format", options->format, "text, yaml or json")->check(CLI::IsMember({"text", "yaml", "json"}));
  command->footer("Examples:\n  git runbook show payroll-change\n  git runbook show payroll-change --version 1 --format yaml");
  command->callback([options] { run_show(*options); });
}

} // namespace cli
