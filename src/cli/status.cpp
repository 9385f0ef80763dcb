#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "cli/unsent.hpp"
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
};

std::size_t settled_steps(const RunView& view) {
  return view.runbook.steps.size() - core::open_steps(view.state, view.runbook).size();
}

// What the run waits for, in plain words.
std::string next_action(const RunView& view) {
  if (view.state.finished()) {
    return "finished (" + std::string(core::to_string(*view.state.finish->outcome)) + ")";
  }
  if (const core::Step* waiting = core::awaiting_approval(view.state, view.runbook)) {
    std::size_t missing = core::approvals_missing(*waiting, core::step_state(view.state, waiting->id));
    return "waiting for approval of step " + waiting->id + " (" + std::to_string(missing) + " more from " +
           *waiting->approval + ")";
  }
  auto open = core::open_steps(view.state, view.runbook);
  if (open.empty()) {
    return "all steps settled: finish it with `git runbook finish " + view.state.start->run + "`";
  }
  return "next: step " + open.front()->id + " \"" + open.front()->title + "\"";
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
    auto it = view.state.steps.find(step.id);
    std::string mark = "[ ]";
    std::string detail;
    if (it != view.state.steps.end() && it->second.outcome) {
      core::Outcome outcome = *it->second.outcome;
      mark = outcome == core::Outcome::done ? "[x]" : outcome == core::Outcome::skipped ? "[-]" : "[!]";
      detail = std::string(core::to_string(outcome)) + " by " + it->second.performer;
      if (step.approval && outcome == core::Outcome::done) {
        detail += approval_detail(step, it->second);
      }
    }
    std::cout << mark << " Step " << step.id << ": " << step.title << (detail.empty() ? "" : "  (" + detail + ")") << "\n";
  }
  std::cout << "\n" << settled_steps(view) << " of " << view.runbook.steps.size() << " steps settled; "
            << next_action(view) << "\n";
  print_flags(view);
}

void run_status(const StatusOptions& options) {
  Workspace workspace = Workspace::open();
  if (options.run) {
    RunView view = require_run(workspace, *options.run);
    if (options.format == Format::json) {
      std::cout << run_json(view).dump(2) << "\n";
    } else {
      print_detail(view);
    }
    return;
  }
  auto tip = workspace.repo().resolve_ref(log_ref(workspace));
  nlohmann::json open = nlohmann::json::array();
  nlohmann::json flagged = nlohmann::json::array(); // finished runs that need a look
  for (const std::string& run : all_runs(workspace)) {
    auto view = load_run(workspace, tip, run);
    if (view && !view->state.finished()) {
      open.push_back(run_json(*view));
    } else if (view && !run_flags(*view).empty()) {
      flagged.push_back(run_json(*view));
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
              << (flags > 0 ? "  — needs a look (" + std::to_string(flags) + ")" : "") << "\n";
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
  command->add_option("run", options->run, "A run id (default: list the open runs)");
  add_format_option(*command, options->format);
  command->footer("Examples:\n  git runbook status\n  git runbook status payroll-change-20261129T2150Z-7f3a");
  command->callback([options] { run_status(*options); });
}

} // namespace cli
