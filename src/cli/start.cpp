#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/prompt.hpp"
#include "cli/record_event.hpp"
#include "cli/run_log.hpp"
#include "cli/start.hpp"
#include "core/input_rules.hpp"
#include "gpg/context.hpp"
#include "cli/runbook_files.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <iostream>

namespace cli {

namespace {

struct StartOptions {
  std::string id;
  std::optional<int> version;
  std::vector<std::string> inputs; // k=v
  std::optional<std::string> key;
};

// The question for one input: its prompt, its choices, its hint, and whether it may be left out.
std::string question(const core::Input& input) {
  return input.prompt + (input.options.empty() ? "" : " [" + util::join(input.options, ", ") + "]") +
         (input.hint ? " (" + *input.hint + ")" : "") + (input.required ? "" : " (optional, Enter to leave out)");
}

std::map<std::string, std::string> gather_inputs(const core::Runbook& runbook, const std::vector<std::string>& given,
                                                 AskOptional ask_optional) {
  std::map<std::string, std::string> values;
  for (const std::string& pair : given) {
    std::size_t equals = pair.find('=');
    std::string name = pair.substr(0, equals);
    auto declared = std::find_if(runbook.inputs.begin(), runbook.inputs.end(),
                                 [&](const core::Input& input) { return input.name == name; });
    if (equals == std::string::npos || declared == runbook.inputs.end()) {
      std::string names;
      for (const core::Input& input : runbook.inputs) {
        names += (names.empty() ? "" : ", ") + input.name;
      }
      throw util::UsageError("--input " + pair + ": runbook " + runbook.id + " asks for " +
                             (names.empty() ? std::string("no inputs") : names) + " (write --input name=value).");
    }
    values[name] = pair.substr(equals + 1);
  }
  for (const core::Input& input : runbook.inputs) {
    auto value = values.find(input.name);
    bool asked = input.required || (ask_optional == AskOptional::yes && is_interactive());
    if (value == values.end() && asked) {
      if (!is_interactive()) {
        throw util::UsageError("runbook " + runbook.id + " needs \"" + input.name + "\" (" + input.prompt +
                               "): add --input " + input.name + "=… . Nothing was recorded.");
      }
      while (true) {
        std::string answer = ask(question(input));
        if (auto problem = core::answer_problem(input, answer); problem && !answer.empty()) {
          say(*problem + "; try again.");
          continue;
        }
        if (!answer.empty()) {
          values[input.name] = answer;
          break;
        }
        if (!input.required) {
          break; // left out
        }
      }
      continue;
    }
    if (value != values.end()) {
      if (auto problem = core::answer_problem(input, value->second)) {
        throw util::UsageError(*problem + ". Nothing was recorded.");
      }
    }
  }
  for (const core::Input& input : runbook.inputs) { // Conditions and repeats (issue 17)
    if (auto value = values.find(input.name); input.list && value != values.end()) {
      value->second = core::canonical_list(value->second); // recorded as "payroll, crm, okta"
    }
  }
  return values;
}

} // namespace

std::string start_run(Workspace& workspace,
                      const std::string& id,
                      std::optional<int> version,
                      const std::vector<std::string>& inputs,
                      const std::optional<std::string>& key,
                      AskOptional ask_optional) {
  require_runbook_id(id);
  PinnedRunbook pinned = pin_runbook(workspace, id, version);
  core::Record draft;
  draft.runbook = id;
  draft.version = pinned.runbook.version;
  draft.runbook_blob = pinned.blob;
  draft.source_commit = pinned.source_commit;
  draft.event = core::EventKind::start;
  draft.inputs = gather_inputs(pinned.runbook, inputs, ask_optional);
  draft.run = core::make_run_id(id, util::SystemClock().now().compact_minute, util::random_hex(4));
  core::Record written = record_event(workspace, draft, {}, key, pinned);
  say("started " + pinned.runbook.title + " (v" + std::to_string(pinned.runbook.version) + ", " +
      std::to_string(pinned.runbook.steps.size()) + " steps) as run " + written.run + ".");
  say("record each step with `git runbook step " + written.run + " <step> --outcome done`, or follow it with "
      "`git runbook run --resume " + written.run + "`.");
  return written.run;
}

namespace {

void run_start(const StartOptions& options) {
  yaml::SchemaPrewarm prewarm = prewarm_recording_schemas();
  Workspace workspace = Workspace::open();
  std::cout << start_run(workspace, options.id, options.version, options.inputs, options.key) << "\n";
}

} // namespace

void register_start(CLI::App& app) {
  auto options = std::make_shared<StartOptions>();
  CLI::App* command = signs(app.add_subcommand("start", "Start a run of a runbook; prints the new run id."));
  command->add_option("id", options->id, "The runbook's id")->required();
  command->add_option("--version", options->version, "Which published version (default: the latest)")
      ->check(CLI::PositiveNumber);
  command->add_option("--input,-i", options->inputs, "An answer the runbook asks for, as name=value (repeatable)");
  command->add_option("--key", options->key, "Your GnuPG key to sign with");
  command->footer("Example:\n  run=$(git runbook start incident --input severity=SEV2 --input service=payments)");
  command->callback([options] { run_start(*options); });
}

} // namespace cli
