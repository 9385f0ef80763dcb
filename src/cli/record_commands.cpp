// The commands that add one event to a run: step, approve, note, finish. They share
// their shape (a run, maybe a step, a note, a key) and differ in the event they record.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/record_event.hpp"
#include "cli/run_log.hpp"
#include "core/step_conditions.hpp"
#include "core/record_rules.hpp"
#include "gpg/context.hpp"
#include "util/error.hpp"

#include <iostream>

namespace cli {

namespace {

struct EventOptions {
  std::string run;
  std::string step;
  std::string outcome;
  std::optional<std::string> note;
  std::vector<std::string> evidence;
  std::optional<std::string> key;
  std::optional<std::string> item; // for a for_each step (issue 17)
};

core::Record draft_for(const EventOptions& options, core::EventKind kind) {
  core::Record draft;
  draft.run = options.run;
  draft.event = kind;
  if (!options.step.empty()) {
    draft.step = options.step;
  }
  if (!options.outcome.empty()) {
    draft.outcome = core::parse_outcome(options.outcome);
  }
  draft.note = options.note;
  draft.item = options.item;
  return draft;
}

void report(const core::Record& record, const RunView& before) {
  std::string what;
  switch (record.event) {
  case core::EventKind::step: {
    std::string label = core::step_label(*record.step, record.item);
    what = label + " recorded as " + std::string(core::to_string(*record.outcome)) +
           (record.not_needed ? " (not needed in this run)" : "");
    const core::Step* step = before.runbook.find_step(*record.step);
    if (step != nullptr && step->approval && record.outcome == core::Outcome::done) {
      what += "; it needs approval by " + core::approval_wording(*step) + " (`git runbook approve " + record.run +
              " " + step->id + (record.item ? " --item " + *record.item : "") + "`)";
    }
    break;
  }
  case core::EventKind::approve: {
    what = core::step_label(*record.step, record.item) + " approved by " + record.by;
    // Team roles (issue 17): a step may need more than one approver.
    const core::Step* step = before.runbook.find_step(*record.step);
    core::RunState after = before.state;
    core::apply(after, before.runbook, record);
    const core::StepState* state = step != nullptr ? core::step_state(after, step->id, record.item) : nullptr;
    if (state != nullptr && core::approvals_missing(*step, state) > 0) {
      what += "; it " + core::approvals_wanted(*step, *state);
    }
    break;
  }
  case core::EventKind::note:
    what = "note added";
    break;
  case core::EventKind::finish:
    what = "run finished as " + std::string(core::to_string(*record.outcome));
    break;
  case core::EventKind::start:
  case core::EventKind::ack:
    break;
  }
  say(record.run + ": " + what + ".");
}

void record(const EventOptions& options, core::EventKind kind) {
  yaml::SchemaPrewarm prewarm = prewarm_recording_schemas();
  Workspace workspace = Workspace::open();
  RunView before = require_run(workspace, options.run);
  core::Record draft = draft_for(options, kind);
  const core::Step* step = draft.step ? before.runbook.find_step(*draft.step) : nullptr;
  if (step != nullptr && draft.outcome == core::Outcome::skipped &&
      core::not_needed_reason(*step, core::run_answers(before.state))) {
    draft.not_needed = true; // a skip of a step that is not needed says so (issue 17)
  }
  core::Record written = record_event(workspace, draft, options.evidence, options.key);
  report(written, before);
}

CLI::App* add_run_command(CLI::App& app, const char* name, const char* help,
                          const std::shared_ptr<EventOptions>& options) {
  CLI::App* command = signs(app.add_subcommand(name, help));
  command->add_option("run", options->run, "The run id (from `git runbook start` or `git runbook status`)")->required();
  command->add_option("--key", options->key, "Your GnuPG key to sign with");
  return command;
}

} // namespace

void register_record_commands(CLI::App& app) {
  auto step = std::make_shared<EventOptions>();
  CLI::App* step_command = add_run_command(app, "step", "Record a step of a run: done, skipped or failed.", step);
  step_command->add_option("step", step->step, "The step number, e.g. 3 or 5.1")->required();
  step_command->add_option("--outcome,-o", step->outcome, "done, skipped or failed")
      ->required()
      ->check(CLI::IsMember({"done", "skipped", "failed"}));
  step_command->add_option("--note,-n", step->note, "What happened, in your words");
  step_command->add_option("--evidence,-e", step->evidence, "A file to attach, or a link (repeatable)");
  step_command->add_option("--item", step->item, "For a step repeated per item: which item, e.g. crm");
  step_command->footer("Examples:\n  git runbook step $run 3 --outcome done --evidence signed-offer.pdf\n"
                       "  git runbook step $run 4 --outcome skipped --note \"No claims in this campaign\"\n"
                       "  git runbook step $run 5 --item crm --outcome done");
  step_command->callback([step] { record(*step, core::EventKind::step); });

  auto approve = std::make_shared<EventOptions>();
  CLI::App* approve_command = add_run_command(
      app, "approve", "Approve a done step that asks for approval (not the person who did it).", approve);
  approve_command->add_option("step", approve->step, "The step number")->required();
  approve_command->add_option("--note,-n", approve->note, "A comment with the approval");
  approve_command->add_option("--item", approve->item, "For a step repeated per item: which item, e.g. crm");
  approve_command->footer("Example:\n  git runbook approve $run 6 --note \"Checked the offer letter\"");
  approve_command->callback([approve] { record(*approve, core::EventKind::approve); });

  auto note = std::make_shared<EventOptions>();
  CLI::App* note_command = add_run_command(app, "note", "Add a note to a run.", note);
  std::string* text = &note->note.emplace();
  note_command->add_option("text", *text, "The note")->required();
  note_command->footer("Example:\n  git runbook note $run \"Customer called back, waiting for their reply\"");
  note_command->callback([note] { record(*note, core::EventKind::note); });

  auto finish = std::make_shared<EventOptions>();
  finish->outcome = "completed";
  CLI::App* finish_command = add_run_command(
      app, "finish", "Finish a run: completed (every step done or skipped) or aborted.", finish);
  finish_command->add_option("--outcome,-o", finish->outcome, "completed (default) or aborted")
      ->check(CLI::IsMember({"completed", "aborted"}));
  finish_command->add_option("--note,-n", finish->note, "A closing note");
  finish_command->footer("Examples:\n  git runbook finish $run\n  git runbook finish $run --outcome aborted --note \"Duplicate\"");
  finish_command->callback([finish] { record(*finish, core::EventKind::finish); });
}

} // namespace cli
