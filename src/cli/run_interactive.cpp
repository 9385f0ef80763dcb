#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/prompt.hpp"
#include "cli/record_event.hpp"
#include "cli/run_log.hpp"
#include "core/record_rules.hpp"
#include "cli/start.hpp"
#include "cli/sync.hpp"
#include "cli/unsent.hpp"
#include "core/placeholders.hpp"
#include "core/step_conditions.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <unistd.h>

#include <iostream>

namespace cli {

namespace {

struct RunOptions {
  std::optional<std::string> id;
  std::optional<std::string> resume;
  std::vector<std::string> inputs;
  std::optional<std::string> key;
};

// Bold and dim only when stdout is a terminal.
struct Style {
  bool colour = isatty(STDOUT_FILENO) != 0;
  std::string bold(const std::string& text) const { return colour ? "\033[1m" + text + "\033[0m" : text; }
  std::string dim(const std::string& text) const { return colour ? "\033[2m" + text + "\033[0m" : text; }
};

std::string read_answer(const std::string& question) {
  std::cout << question << " " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) {
    throw util::UsageError("input ended; everything answered so far is recorded. Continue with "
                           "`git runbook run --resume <run>`.");
  }
  return std::string(util::trim(line));
}

void show_step(const core::Runbook& runbook, const core::Step& step, const std::optional<std::string>& item,
               const Style& style) {
  std::size_t position = 1;
  while (position <= runbook.steps.size() && runbook.steps[position - 1].id != step.id) {
    ++position;
  }
  std::cout << "\n"
            << style.bold("Step " + std::to_string(position) + " of " + std::to_string(runbook.steps.size()) + ": " +
                          step.title)
            << (step.id != std::to_string(position) ? style.dim("  (step " + step.id + ")") : "")
            << (step.optional ? style.dim("  (optional)") : "") << "\n";
  if (item) {
    std::cout << "  " << style.bold("For " + *step.for_each + ": " + *item) << "\n";
  }
  for (const std::string& line : util::split(std::string(util::trim(step.instructions)), '\n')) {
    std::cout << "  " << line << "\n";
  }
  auto field = [&](const char* name, const std::optional<std::string>& value) {
    if (value) {
      std::cout << "  " << style.dim(std::string(name) + ": ") << *value << "\n";
    }
  };
  field("Tool", step.tool);
  field("Template", step.template_name);
  field("Subject", step.subject);
  if (step.evidence != core::Evidence::none) {
    std::cout << "  " << style.dim("Evidence needed: ") << core::to_string(step.evidence) << "\n";
  }
  field("Approval by", core::approval_field(step));
  if (step.due) {
    std::cout << "  " << style.dim("Due: ") << *step.due << " after the run's start\n";
  }
}

// Asks for what the step needs as evidence; returns the --evidence values and the note.
std::pair<std::vector<std::string>, std::optional<std::string>> ask_evidence(const core::Step& step) {
  switch (step.evidence) {
  case core::Evidence::file:
    return {{read_answer("File to attach (path):")}, std::nullopt};
  case core::Evidence::link:
    return {{read_answer("Link to attach (https://…):")}, std::nullopt};
  case core::Evidence::text:
    return {{}, read_answer("What was done (written evidence):")};
  case core::Evidence::none:
    break;
  }
  return {{}, std::nullopt};
}

core::Record event(const std::string& run, core::EventKind kind) {
  core::Record draft;
  draft.run = run;
  draft.event = kind;
  return draft;
}

// Sends this person's records and takes the others' (an approval may be on the server
// already). A failure is said and waiting goes on: nothing recorded here is lost.
void exchange_records(Workspace& workspace, const std::string& remote, const std::optional<std::string>& key) {
  say("syncing with " + remote + ": sending your records and fetching the others'…");
  try {
    sync_records(workspace, remote, key);
  } catch (const util::Error& error) {
    warn(std::string("the sync did not complete: ") + error.what());
  }
}

// Waits until a step is approved (the approver records it from their own session,
// here or after a sync), or the person stops. With a remote, each check syncs first,
// so the approver sees the step and this screen sees the approval. Returns false to stop.
bool wait_for_approval(Workspace& workspace, const std::string& run, const core::Step& step,
                       const std::optional<std::string>& item, const std::optional<std::string>& key) {
  std::optional<std::string> remote = default_remote(workspace);
  say(core::step_label(step.id, item) + " needs approval by " + core::approval_wording(step) +
      ", not you. They run: git runbook approve " + run + " " + step.id + (item ? " --item " + *item : ""));
  if (remote) {
    exchange_records(workspace, *remote, key);
  } else {
    say("this repository has no remote, so the approver must record the approval in this repository.");
  }
  while (true) {
    std::string answer = read_answer(remote ? "Press Enter to sync and check again, or q to stop for now:"
                                            : "Press Enter to check again, or q to stop for now:");
    if (answer == "q") {
      return false;
    }
    if (remote) {
      exchange_records(workspace, *remote, key);
    }
    RunView view = require_run(workspace, run);
    const core::StepState* state = core::step_state(view.state, step.id, item);
    if (state != nullptr && core::approvals_missing(step, state) == 0) {
      say("approved by " + util::join(state->approvals, " and ") + ".");
      return true;
    }
    say(state != nullptr && !state->approvals.empty()
            ? "approved by " + util::join(state->approvals, " and ") + "; the step " +
                  core::approvals_wanted(step, *state) + "."
            : "not approved yet.");
  }
}

// Records the skip of a step that this run's answers make unneeded, and says why.
void skip_not_needed(Workspace& workspace, const RunView& view, const core::Step& step, const std::string& reason,
                     const std::optional<std::string>& key) {
  core::Record skip = event(view.state.start->run, core::EventKind::step);
  skip.step = step.id;
  skip.outcome = core::Outcome::skipped;
  skip.not_needed = true;
  skip.note = "Not needed: " + reason;
  record_event(workspace, skip, {}, key);
  say("Step " + step.id + " is not needed: " + reason + " (recorded as skipped).");
}

void follow(Workspace& workspace, const std::string& run, const std::optional<std::string>& key) {
  Style style;
  while (true) {
    RunView view = require_run(workspace, run);
    if (view.state.finished()) {
      say("the run " + run + " is finished.");
      return;
    }
    if (const core::Step* waiting = core::awaiting_approval(view.state, view.runbook)) {
      if (!wait_for_approval(workspace, run, *waiting, core::awaiting_item(view.state, *waiting), key)) {
        say("stopped for now; continue with `git runbook run --resume " + run + "`.");
        return;
      }
      continue;
    }
    auto work = core::next_work(view.state, view.runbook);
    if (!work) {
      core::Record finish = event(run, core::EventKind::finish);
      finish.outcome = core::Outcome::completed;
      record_event(workspace, finish, {}, key);
      say("all steps are done: the run " + run + " is finished (completed) and recorded.");
      return;
    }
    const core::Step& step = *work->step;
    if (work->not_needed) {
      skip_not_needed(workspace, view, step, *work->not_needed, key);
      continue;
    }
    core::Runbook filled = core::with_answers(view.runbook, view.state.start->inputs);
    show_step(filled, *filled.find_step(step.id), work->item, style);
    std::string answer = read_answer("[d]one, [s]kip, [f]ailed, [n]ote, [q]uit for now:");
    try {
      if (answer == "q") {
        say("stopped for now; everything so far is recorded. Continue with `git runbook run --resume " + run + "`.");
        return;
      }
      if (answer == "n") {
        core::Record note = event(run, core::EventKind::note);
        note.note = read_answer("Note:");
        record_event(workspace, note, {}, key);
        say("note recorded.");
        continue;
      }
      if (answer != "d" && answer != "s" && answer != "f") {
        say("please answer d, s, f, n or q, then Enter.");
        continue;
      }
      core::Record record = event(run, core::EventKind::step);
      record.step = step.id;
      record.item = work->item;
      record.outcome = answer == "d" ? core::Outcome::done : answer == "s" ? core::Outcome::skipped : core::Outcome::failed;
      std::vector<std::string> evidence;
      if (answer == "d") {
        auto [files, text] = ask_evidence(step);
        evidence = files;
        record.note = text;
      } else {
        std::string why = read_answer("Why? (optional, Enter to leave out):");
        if (!why.empty()) {
          record.note = why;
        }
      }
      record_event(workspace, record, evidence, key);
      say(core::step_label(step.id, record.item) + " recorded as " + std::string(core::to_string(*record.outcome)) + ".");
      if (*record.outcome == core::Outcome::failed) {
        std::string next = read_answer("The step failed. [r]etry it, or [a]bort the run?");
        if (next == "a") {
          core::Record finish = event(run, core::EventKind::finish);
          finish.outcome = core::Outcome::aborted;
          record_event(workspace, finish, {}, key);
          say("the run " + run + " is finished (aborted) and recorded.");
          return;
        }
      }
    } catch (const util::RuleError& refused) {
      warn(refused.what()); // e.g. missing evidence: ask again
    } catch (const util::UsageError& refused) {
      warn(refused.what());
    }
  }
}

void run_run(const RunOptions& options) {
  Workspace workspace = Workspace::open();
  std::string run;
  if (options.resume) {
    run = *options.resume;
    require_run(workspace, run);
  } else if (options.id) {
    run = start_run(workspace, *options.id, std::nullopt, options.inputs, options.key, AskOptional::yes);
  } else {
    throw util::UsageError("name a runbook to start (`git runbook run payroll-change`) or a run to continue "
                           "(`git runbook run --resume <run>`).");
  }
  follow(workspace, run, options.key);
}

} // namespace

void register_run(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand(
      "run", "Follow a runbook step by step at the terminal; every answer is recorded at once.");
  signs(command);
  CLI::Option* id = command->add_option("id", options->id, "The runbook to start");
  command->add_option("--resume", options->resume, "Continue this run where it stopped")->excludes(id);
  command->add_option("--input,-i", options->inputs, "An answer the runbook asks for at the start, as name=value");
  command->add_option("--key", options->key, "Your GnuPG key to sign with");
  command->footer("Answers: d done, s skip, f failed, n add a note, q quit for now (then Enter).\n"
                  "Examples:\n  git runbook run employee-onboarding\n  git runbook run --resume <run>");
  command->callback([options] { run_run(*options); });
}

} // namespace cli
