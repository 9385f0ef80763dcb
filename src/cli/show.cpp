#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "cli/runbook_files.hpp"
#include "core/placeholders.hpp"
#include "core/runbook_paths.hpp"
#include "core/schedule.hpp"
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
  std::optional<std::string> run; // answers where they belong (issue 17)
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
  if (runbook.schedule) {
    std::cout << "\n  Runs " << core::to_string(*runbook.schedule) << " (calendar periods in UTC).\n";
  }
  if (!runbook.inputs.empty()) {
    std::cout << "\nAsked at the start:\n";
    for (const core::Input& input : runbook.inputs) {
      std::cout << "  - " << input.name << ": " << input.prompt << (input.required ? " (required)" : "");
      if (!input.options.empty()) {
        std::cout << " [" << util::join(input.options, ", ") << "]";
      }
      if (input.hint) {
        std::cout << " (" << *input.hint << ")";
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
    field("Approval by", step.approval);
    if (step.due) {
      std::cout << "    Due: " << *step.due << " after the run's start\n";
    }
  }
}

// `show --run RUN`: the version the run follows, with the run's answers filled in.
void show_run(Workspace& workspace, const ShowOptions& options) {
  RunView view = require_run(workspace, *options.run);
  std::map<std::string, std::string> answers = view.state.start ? view.state.start->inputs : std::map<std::string, std::string>{};
  core::Runbook runbook = core::with_answers(view.runbook, answers);
  if (options.format == "json") {
    nlohmann::json out = yaml::runbook_to_json(runbook);
    out["run"] = *options.run;
    out["answers"] = answers;
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << "Run " << *options.run << ", with its answers filled in:\n\n";
  print_text(runbook);
}

void run_show(const ShowOptions& options) {
  if (options.run) {
    if (options.format == "yaml" || options.version) {
      throw util::UsageError("--run shows the version the run follows, as text or json; leave out --version and "
                             "--format yaml.");
    }
    Workspace workspace = Workspace::open();
    show_run(workspace, options);
    return;
  }
  if (options.id.empty()) {
    throw util::UsageError("name a runbook (`git runbook show payroll-change`) or a run (`git runbook show --run RUN`).");
  }
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
  command->add_option("id", options->id, "The runbook's id");
  command->add_option("--run", options->run, "Show the version this run follows, with the run's answers in place of <name>");
  command->add_option("--version,-v", options->version, "Which version (default: the latest)")->check(CLI::PositiveNumber);
  command->add_option("--format", options->format, "text, yaml or json")->check(CLI::IsMember({"text", "yaml", "json"}));
  command->footer("Examples:\n  git runbook show payroll-change\n  git runbook show payroll-change --version 1 --format yaml\n"
                  "  git runbook show --run payroll-change-20261129T2150Z-7f3a");
  command->callback([options] { run_show(*options); });
}

} // namespace cli
