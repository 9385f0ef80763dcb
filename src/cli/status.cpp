#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "cli/schedules.hpp"
#include "cli/unsent.hpp"
#include "core/placeholders.hpp"
#include "core/run_summary.hpp"
#include "core/step_conditions.hpp"
#include "util/clock.hpp"
#include "core/record_rules.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cli {

namespace {

struct StatusOptions {
  std::optional<std::string> run;
  Format format = Format::text;
  bool due = false; // schedules and due times (issue 17)
};

std::size_t settled_steps(const RunView& view) {
  std::size_t settled = 0;
  for (const core::Step& step : view.runbook.steps) {
    settled += core::step_settled(view.state, step) ? 1 : 0;
  }
  return settled;
}

// What the run waits for, in plain words.
std::string next_action(const RunView& view) {
  if (view.state.finished()) {
    return "finished (" + std::string(core::to_string(*view.state.finish->outcome)) + ")";
  }
  if (const core::Step* waiting = core::awaiting_approval(view.state, view.runbook)) {
    std::optional<std::string> item = core::awaiting_item(view.state, *waiting);
    std::size_t missing = core::approvals_missing(*waiting, core::step_state(view.state, waiting->id, item));
    return "waiting for approval of " + core::step_label(waiting->id, item) + " (" + std::to_string(missing) +
           " more from " + *waiting->approval + ")";
  }
  auto open = core::open_steps(view.state, view.runbook);
  if (open.empty()) {
    return "all steps settled: finish it with `git runbook finish " + view.state.start->run + "`";
  }
  const core::Step* step = open.front();
  std::optional<std::string> item; // of a step repeated per item: the first one still open
  for (const std::string& each : core::step_items(*step, core::run_answers(view.state))) {
    const core::StepState* state = core::step_state(view.state, step->id, each);
    if (state == nullptr || (state->outcome != core::Outcome::done && state->outcome != core::Outcome::skipped)) {
      item = each;
      break;
    }
  }
  return "next: " + core::step_label(step->id, item) + " \"" + step->title + "\"";
}

// Team roles (issue 17): ", approved by alice and bob", ", approved by alice; waits for 1
// more approval from security-lead".
std::string approval_detail(const core::Step& step, const core::StepState& state) {
  std::string detail;
  if (!state.approvals.empty()) {
    detail = ", approved by " + util::join(state.approvals, " and ");
  }
  if (core::approvals_missing(step, &state) > 0) {
    detail += (detail.empty() ? ", " : "; ") + core::approvals_wanted(step, state);
  }
  return detail;
}

// One step's recorded state in plain words: "done by alice, approved by bob".
std::string state_detail(const core::Step& step, const core::StepState& state) {
  core::Outcome outcome = *state.outcome;
  std::string detail = std::string(core::to_string(outcome)) + " by " + state.performer;
  if (step.approval && outcome == core::Outcome::done) {
    detail += approval_detail(step, state);
  }
  return detail;
}

std::string state_mark(const core::StepState* state) {
  if (state == nullptr || !state->outcome) {
    return "[ ]";
  }
  return *state->outcome == core::Outcome::done ? "[x]" : *state->outcome == core::Outcome::skipped ? "[-]" : "[!]";
}

// Conditions and repeats (issue 17): what status adds to a step's JSON.
void add_conditions_json(const RunView& view, const core::Step& step, nlohmann::json& out) {
  const auto& answers = core::run_answers(view.state);
  if (auto reason = core::not_needed_reason(step, answers)) {
    out["not_needed"] = *reason;
  }
  if (step.optional) {
    out["optional"] = true;
  }
  if (!step.for_each) {
    return;
  }
  nlohmann::json items = nlohmann::json::array();
  for (const std::string& item : core::step_items(step, answers)) {
    nlohmann::json entry{{"item", item}};
    if (const core::StepState* state = core::step_state(view.state, step.id, item); state != nullptr && state->outcome) {
      entry["outcome"] = core::to_string(*state->outcome);
      entry["by"] = state->performer;
      if (state->approved_by) {
        entry["approved_by"] = *state->approved_by;
      }
    }
    items.push_back(entry);
  }
  out["items"] = items;
}

nlohmann::json run_json(const RunView& view) {
  nlohmann::json steps = nlohmann::json::array();
  for (const core::Step& step : view.runbook.steps) {
    auto it = view.state.steps.find(step.id);
    nlohmann::json item{{"id", step.id}, {"title", step.title}};
    if (it != view.state.steps.end() && it->second.outcome) {
      item["outcome"] = core::to_string(*it->second.outcome);
      item["by"] = it->second.performer;
      if (it->second.approved_by) {
        item["approved_by"] = *it->second.approved_by;
      }
    }
    if (step.approval) {
      item["approval"] = *step.approval;
      // Team roles (issue 17)
      item["approvals_needed"] = step.approvals_needed;
      if (it != view.state.steps.end()) {
        item["approvals"] = it->second.approvals;
      }
    }
    add_conditions_json(view, step, item);
    steps.push_back(item);
  }
  const core::Record& start = *view.state.start;
  nlohmann::json out{{"run", start.run},          {"runbook", start.runbook},
                     {"version", start.version},  {"title", view.runbook.title},
                     {"started_by", start.by},    {"started_at", start.at},
                     {"inputs", start.inputs},    {"steps", steps},
                     {"settled", settled_steps(view)}, {"total", view.runbook.steps.size()},
                     {"finished", view.state.finished()}, {"next", next_action(view)}};
  if (view.state.finished()) {
    out["outcome"] = core::to_string(*view.state.finish->outcome);
  }
  nlohmann::json flags = nlohmann::json::array();
  for (const core::Flag& flag : run_flags(view)) {
    flags.push_back({{"flag", core::to_string(flag.kind)},
                     {"record", view.paths[flag.record]},
                     {"message", flag.message},
                     {"people", flag.people}});
  }
  out["needs_a_look"] = flags;
  return out;
}

// A run as the list shows it: run_json with who started it, when, and its first
// answers on one line ("started by alice 2h ago · severity=SEV1, service=payroll").
nlohmann::json list_entry(const RunView& view, std::int64_t now_millis) {
  nlohmann::json entry = run_json(view);
  const core::Record& start = *view.state.start;
  entry["started"] = core::started_line(start.by, start.at, now_millis, core::first_answers(view.runbook, start.inputs));
  return entry;
}

void print_flags(const RunView& view) {
  std::vector<core::Flag> flags = run_flags(view);
  if (flags.empty()) {
    return;
  }
  std::cout << "\nNeeds a look (accepted: each record was valid for its author when made):\n";
  for (const core::Flag& flag : flags) {
    std::cout << "  ! " << flag.message << "\n";
  }
}

void print_detail(const RunView& view) {
  const core::Record& start = *view.state.start;
  std::cout << view.runbook.title << " — run " << start.run << "\n"
            << "Runbook " << start.runbook << " v" << start.version << " (file " << start.runbook_blob.substr(0, 12)
            << "), started by " << start.by << " at " << start.at << "\n";
  for (const auto& [name, value] : start.inputs) {
    std::cout << "  " << name << ": " << value << "\n";
  }
  std::cout << "\n";
  for (const core::Step& step : view.runbook.steps) {
    const core::StepState* state = core::step_state(view.state, step.id);
    std::string mark = state_mark(state);
    std::string detail = state != nullptr && state->outcome ? state_detail(step, *state) : "";
    auto reason = core::not_needed_reason(step, core::run_answers(view.state));
    if (reason) {
      mark = "[-]";
      std::string recorded = state != nullptr && state->outcome ? "; " + detail : "";
      detail = "not needed: " + *reason;
      detail += recorded;
    } else if (step.for_each) {
      mark = core::step_settled(view.state, step) ? "[x]" : "[ ]"; // each item below
    } else if (step.optional && detail.empty()) {
      detail = "optional";
    }
    std::cout << mark << " Step " << step.id << ": " << step.title << (detail.empty() ? "" : "  (" + detail + ")") << "\n";
    if (reason || !step.for_each) {
      continue;
    }
    for (const std::string& item : core::step_items(step, core::run_answers(view.state))) {
      const core::StepState* each = core::step_state(view.state, step.id, item);
      std::cout << "    " << state_mark(each) << " " << item
                << (each != nullptr && each->outcome ? "  (" + state_detail(step, *each) + ")" : "") << "\n";
    }
  }
  std::cout << "\n" << settled_steps(view) << " of " << view.runbook.steps.size() << " steps settled; "
            << next_action(view) << "\n";
  print_flags(view);
}

void run_status(const StatusOptions& options) {
  Workspace workspace = Workspace::open();
  if (options.due) {
    print_due(workspace, options.format, util::now_millis());
    return;
  }
  if (options.run) {
    RunView view = require_run(workspace, *options.run);
    if (view.state.start) {
      view.runbook = core::with_answers(view.runbook, view.state.start->inputs);
    }
    if (options.format == Format::json) {
      std::cout << run_json(view).dump(2) << "\n";
    } else {
      print_detail(view);
    }
    return;
  }
  auto tip = workspace.repo().resolve_ref(log_ref(workspace));
  std::int64_t now = util::now_millis();
  nlohmann::json open = nlohmann::json::array();
  nlohmann::json flagged = nlohmann::json::array(); // finished runs that need a look
  for (const std::string& run : all_runs(workspace)) {
    auto view = load_run(workspace, tip, run);
    if (view && view->state.start) {
      view->runbook = core::with_answers(view->runbook, view->state.start->inputs);
    }
    if (view && !view->state.finished()) {
      open.push_back(list_entry(*view, now));
    } else if (view && !run_flags(*view).empty()) {
      flagged.push_back(list_entry(*view, now));
    }
  }
  UnsentRecords unsent = unsent_records(workspace);
  if (options.format == Format::json) {
    std::cout << nlohmann::json{{"open_runs", open}, {"finished_runs_that_need_a_look", flagged},
                                {"not_sent", unsent_json(unsent)}}.dump(2)
              << "\n";
    return;
  }
  if (open.empty()) {
    say("no run is open. Start one with `git runbook start <runbook>`.");
  }
  auto line = [](const nlohmann::json& run) {
    std::size_t flags = run["needs_a_look"].size();
    std::cout << run["run"].get<std::string>() << "  " << run["title"].get<std::string>() << " v"
              << run["version"].get<int>() << "  " << run["settled"].get<std::size_t>() << "/"
              << run["total"].get<std::size_t>() << " steps  " << run["next"].get<std::string>()
              << (flags > 0 ? "  — needs a look (" + std::to_string(flags) + ")" : "") << "\n"
              << "    " << run["started"].get<std::string>() << "\n";
  };
  for (const auto& run : open) {
    line(run);
  }
  if (!flagged.empty()) {
    std::cout << "\nFinished runs that need a look (`git runbook status RUN` says why):\n";
    for (const auto& run : flagged) {
      line(run);
    }
  }
  print_unsent(unsent);
}

} // namespace

void register_status(CLI::App& app) {
  auto options = std::make_shared<StatusOptions>();
  CLI::App* command = app.add_subcommand("status", "Show the open runs, or one run in detail.");
  CLI::Option* run = command->add_option("run", options->run, "A run id (default: list the open runs)");
  add_format_option(*command, options->format);
  command->add_flag("--due", options->due,
                    "List overdue steps of open runs, and scheduled runbooks with no run in the current period")
      ->excludes(run);
  command->footer("Examples:\n  git runbook status\n  git runbook status payroll-change-20261129T2150Z-7f3a\n"
                  "  git runbook status --due\n"
                  "The list shows under each run who started it, when, and its first answers, e.g.\n"
                  "  started by alice 2h ago · severity=SEV1, service=payroll");
  command->callback([options] { run_status(*options); });
}

} // namespace cli
