// `ack`: a signed acknowledgement that the signer has read one published version of a
// runbook (issue 17, training on every version).
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/record_event.hpp"
#include "cli/run_log.hpp"
#include "cli/runbook_files.hpp"
#include "gpg/context.hpp"

#include <iostream>

namespace cli {

namespace {

struct AckOptions {
  std::string id;
  std::optional<int> version;
  std::optional<std::string> note;
  std::optional<std::string> key;
};

void run_ack(const AckOptions& options) {
  yaml::SchemaPrewarm prewarm = prewarm_recording_schemas();
  require_runbook_id(options.id);
  Workspace workspace = Workspace::open();
  PinnedRunbook pinned = pin_runbook(workspace, options.id, options.version);
  core::Record draft;
  draft.runbook = options.id;
  draft.version = pinned.runbook.version;
  draft.runbook_blob = pinned.blob;
  draft.source_commit = pinned.source_commit;
  draft.event = core::EventKind::ack;
  draft.note = options.note;
  core::Record written = record_event(workspace, draft, {}, options.key, pinned);
  say(written.by + " acknowledged having read " + pinned.runbook.title + " (" + options.id + " v" +
      std::to_string(written.version) + ")" +
      (pinned.runbook.training == core::Training::required ? "; you may now start it and record its steps" : "") +
      ". `git runbook sync` shares it with the team.");
}

} // namespace

void register_ack(CLI::App& app) {
  auto options = std::make_shared<AckOptions>();
  CLI::App* command = signs(app.add_subcommand(
      "ack", "Acknowledge, signed, that you have read a published version of a runbook (training)."));
  command->add_option("id", options->id, "The runbook's id")->required();
  command->add_option("--version", options->version, "Which published version (default: the latest)")
      ->check(CLI::PositiveNumber);
  command->add_option("--note", options->note, "A few words to keep with it (e.g. where you were trained)");
  command->add_option("--key", options->key, "Your GnuPG key to sign with");
  command->footer("Examples:\n  git runbook show onboarding\n  git runbook ack onboarding\n"
                  "  git runbook ack onboarding --version 3 --note \"walked through it with Alice\"\n"
                  "A runbook with `training: required` can be started, and its steps recorded, only by "
                  "people who acknowledged that exact version; `git runbook training` shows who has.");
  command->callback([options] { run_ack(*options); });
}

} // namespace cli
