#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "cli/runbook_files.hpp"
#include "core/placeholders.hpp"
#include "cli/validation.hpp"
#include "core/run_state.hpp"
#include "core/runbook_paths.hpp"
#include "core/schedule.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "yaml/runbook_yaml.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace cli {

namespace {

struct ShowOptions {
  std::string id;
  std::optional<int> version;
  std::string format = "text";
  std::optional<std::string> run; // answers where they belong (issue 17)
  bool draft = false; // Drafts (issue 17, authoring)
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
    field("Approval by", core::approval_field(step));
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

// Whether `show` was given a file rather than a runbook id.
bool is_file_argument(const std::string& argument) {
  return argument.find('/') != std::string::npos || argument.find(".yaml") != std::string::npos;
}

// The newest version file of `id` in the work tree that is not published, as a path from
// the repository's top; throws RuleError saying what to do when there is none.
std::string draft_path(Workspace& workspace, const std::string& id) {
  int published = latest_version(published_files(workspace), id);
  int newest = 0;
  std::error_code ec;
  std::filesystem::path folder = workspace.workdir() / core::k_runbooks_folder / id;
  for (auto it = std::filesystem::directory_iterator(folder, ec); !ec && it != std::filesystem::end(it);
       it.increment(ec)) {
    auto where = core::parse_version_path(std::string(core::k_runbooks_folder) + "/" + id + "/" +
                                          it->path().filename().string());
    if (where && where->version > published) {
      newest = std::max(newest, where->version);
    }
  }
  if (newest > 0) {
    return core::version_path(id, newest);
  }
  if (published == 0) {
    throw util::RuleError("there is no draft of \"" + id + "\" in your work tree (no " +
                          core::version_path(id, 1) + "). `git runbook new " + id + "` starts one.");
  }
  throw util::RuleError("\"" + id + "\" has no unpublished version in your work tree: v" + std::to_string(published) +
                        " is the latest, and it is published. `git runbook show " + id + "` shows it; `git runbook edit " +
                        id + "` starts v" + std::to_string(published + 1) + ".");
}

// A runbook file that may not be published yet (the draft of an id, or a file given by
// its path), checked as `validate` checks it, then shown. When it has problems, they
// are listed, each with its line and column, instead of a preview.
void show_draft(const ShowOptions& options) {
  Workspace workspace = Workspace::open();
  std::string path = options.draft ? draft_path(workspace, options.id) : path_from_top(workspace.workdir(), options.id);
  auto text = util::read_file(workspace.workdir() / path);
  if (!text) {
    throw util::UsageError(path + " does not exist.");
  }
  core::Diagnostics problems = check_files(workspace, {FileToCheck{path, *text}});
  if (!problems.empty()) {
    for (const core::Diagnostic& problem : problems) {
      std::cout << problem.format() << "\n";
    }
    throw util::RuleError(path + " cannot be shown yet: it has " + std::to_string(problems.size()) +
                          (problems.size() == 1 ? " problem" : " problems") +
                          ", listed above with what to do. Fix them and show it again.");
  }
  if (options.format == "yaml") {
    std::cout << *text;
    return;
  }
  core::Runbook runbook = yaml::load_runbook(*text, path).value();
  bool published = latest_version(published_files(workspace), runbook.id) >= runbook.version;
  std::string state = published ? "as it is in your work tree" : "a draft, not published yet";
  if (options.format == "json") {
    nlohmann::json json = yaml::runbook_to_json(runbook);
    json["file"] = path;
    json["published"] = published;
    std::cout << json.dump(2) << "\n";
    return;
  }
  std::cout << path << ": " << state << "\n\n";
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
  if (options.draft || is_file_argument(options.id)) {
    if (options.version) {
      throw util::UsageError("--version picks a published version; a draft or a file has its own. "
                             "Leave out --version, or leave out --draft and the path.");
    }
    show_draft(options);
    return;
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
  command->add_option("id", options->id, "The runbook's id, or the path of a runbook file (runbooks/ID/vN.yaml)");
  command->add_option("--run", options->run, "Show the version this run follows, with the run's answers in place of <name>");
  command->add_option("--version,-v", options->version, "Which version (default: the latest)")->check(CLI::PositiveNumber);
  command->add_option("--format", options->format, "text, yaml or json")->check(CLI::IsMember({"text", "yaml", "json"}));
  command->add_flag("--draft", options->draft,
                    "Preview the version you are writing (the newest file in your work tree that is not published)");
  command->footer("Examples:\n  git runbook show payroll-change\n  git runbook show payroll-change --version 1 --format yaml\n"
                  "  git runbook show payroll-change --draft        # the version you are writing, before publish\n"
                  "  git runbook show runbooks/payroll-change/v3.yaml\n"
                  "  git runbook show --run payroll-change-20261129T2150Z-7f3a   # with the run's answers filled in\n"
                  "A draft or a file is checked as `git runbook validate` checks it first: when it has\n"
                  "problems, each is listed as file:line:column: what is wrong — what to do, instead of the preview.");
  command->callback([options] { run_show(*options); });
}

} // namespace cli
