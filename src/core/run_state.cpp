#include "core/run_state.hpp"

#include "core/record_rules.hpp"
#include "core/step_conditions.hpp"

#include <algorithm>

namespace core {

namespace {

bool settled(const StepState* state) {
  return state != nullptr && (state->outcome == Outcome::done || state->outcome == Outcome::skipped);
}

// The keys a step's state is kept under in this run: the step's, or one per item.
std::vector<std::optional<std::string>> work_items(const RunState& state, const Step& step) {
  if (!step.for_each) {
    return {std::nullopt};
  }
  std::vector<std::optional<std::string>> items;
  for (std::string& item : step_items(step, run_answers(state))) {
    items.emplace_back(std::move(item));
  }
  return items;
}

} // namespace

std::size_t approvals_missing(const Step& step, const StepState* state) {
  if (!step.approval || state == nullptr || state->outcome != Outcome::done) {
    return 0;
  }
  auto needed = static_cast<std::size_t>(std::max(step.approvals_needed, 1));
  return state->approvals.size() >= needed ? 0 : needed - state->approvals.size();
}

std::string approval_wording(const Step& step) {
  if (!step.approval) {
    return "";
  }
  if (step.approvals_needed <= 1) {
    return "someone with the " + *step.approval + " role";
  }
  return std::to_string(step.approvals_needed) + " people with the " + *step.approval + " role";
}

std::optional<std::string> approval_field(const Step& step) {
  if (!step.approval || step.approvals_needed <= 1) {
    return step.approval;
  }
  return *step.approval + " (" + std::to_string(step.approvals_needed) + " people)";
}

std::string_view to_string(FlagKind kind) {
  switch (kind) {
  case FlagKind::while_awaiting_approval:
    return "while-awaiting-approval";
  case FlagKind::after_finish:
    return "after-finish";
  case FlagKind::recorded_twice:
    return "recorded-twice";
  case FlagKind::contradicting_outcomes:
    return "contradicting-outcomes";
  case FlagKind::not_ready:
    return "not-ready";
  case FlagKind::before_start:
    return "before-start";
  case FlagKind::ahead_of_clock:
    return "ahead-of-clock";
  }
  return "flag";
}

const StepState* step_state(const RunState& state, const std::string& step_id, const std::optional<std::string>& item) {
  auto it = state.steps.find(step_key(step_id, item));
  return it == state.steps.end() ? nullptr : &it->second;
}

void apply(RunState& state, const Runbook& runbook, const Record& record) {
  if (state.start && record.event != EventKind::start) {
    if (auto conflict = ordering_conflict(state, runbook, record)) {
      state.flags.push_back(Flag{conflict->kind, state.events, conflict->flag, conflict->people});
    }
  }
  ++state.events;
  switch (record.event) {
  case EventKind::start:
    if (!state.start) {
      state.start = record;
    }
    break;
  case EventKind::step:
    if (record.step) {
      StepState& step = state.steps[step_key(*record.step, record.item)];
      step.outcome = record.outcome;
      step.performer = record.by;
      if (record.outcome == Outcome::done || record.outcome == Outcome::failed) {
        step.performers.insert(record.by);
      }
      step.approved_by.reset();
      step.approvals.clear();
    }
    break;
  case EventKind::approve:
    if (record.step) {
      StepState& step = state.steps[step_key(*record.step, record.item)];
      step.approved_by = record.by;
      step.approvers.insert(record.by);
      if (std::find(step.approvals.begin(), step.approvals.end(), record.by) == step.approvals.end()) {
        step.approvals.push_back(record.by);
      }
    }
    break;
  case EventKind::finish:
    if (!state.finish) {
      state.finish = record;
    }
    break;
  case EventKind::note:
  case EventKind::ack: // belongs to no run
    break;
  }
}

RunState replay(const std::vector<Record>& records, const Runbook& runbook) {
  RunState state;
  for (const Record& record : records) {
    apply(state, runbook, record);
  }
  return state;
}

std::vector<const Step*> open_steps(const RunState& state, const Runbook& runbook) {
  std::vector<const Step*> open;
  for (const Step& step : runbook.steps) {
    if (!step.optional && !step_settled(state, step)) {
      open.push_back(&step);
    }
  }
  return open;
}

const Step* awaiting_approval(const RunState& state, const Runbook& runbook) {
  for (const Step& step : runbook.steps) {
    for (const auto& item : work_items(state, step)) {
      if (approvals_missing(step, step_state(state, step.id, item)) > 0) {
        return &step;
      }
    }
  }
  return nullptr;
}

const std::map<std::string, std::string>& run_answers(const RunState& state) {
  static const std::map<std::string, std::string> none;
  return state.start ? state.start->inputs : none;
}

std::optional<std::string> awaiting_item(const RunState& state, const Step& step) {
  for (const auto& item : work_items(state, step)) {
    if (approvals_missing(step, step_state(state, step.id, item)) > 0) {
      return item;
    }
  }
  return std::nullopt;
}

bool step_settled(const RunState& state, const Step& step) {
  if (not_needed_reason(step, run_answers(state))) {
    return true; // whether or not its skip was recorded
  }
  for (const auto& item : work_items(state, step)) {
    if (!settled(step_state(state, step.id, item))) {
      return false;
    }
  }
  return true;
}

std::optional<StepWork> next_work(const RunState& state, const Runbook& runbook) {
  for (const Step& step : runbook.steps) {
    if (auto reason = not_needed_reason(step, run_answers(state))) {
      if (!settled(step_state(state, step.id))) {
        return StepWork{&step, std::nullopt, reason};
      }
      continue;
    }
    for (const auto& item : work_items(state, step)) {
      if (!settled(step_state(state, step.id, item))) {
        return StepWork{&step, item, std::nullopt};
      }
    }
  }
  return std::nullopt;
}

} // namespace core
