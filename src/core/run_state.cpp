#include "core/run_state.hpp"

#include "core/record_rules.hpp"


namespace core {

namespace {

bool needs_approval(const Step& step, const StepState* state) {
  return step.approval && state != nullptr && state->outcome == Outcome::done && !state->approved_by;
}

} // namespace

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

const StepState* step_state(const RunState& state, const std::string& step_id) {
  auto it = state.steps.find(step_id);
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
      StepState& step = state.steps[*record.step];
      step.outcome = record.outcome;
      step.performer = record.by;
      if (record.outcome == Outcome::done || record.outcome == Outcome::failed) {
        step.performers.insert(record.by);
      }
      step.approved_by.reset();
    }
    break;
  case EventKind::approve:
    if (record.step) {
      StepState& step = state.steps[*record.step];
      step.approved_by = record.by;
      step.approvers.insert(record.by);
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
    const StepState* recorded = step_state(state, step.id);
    if (recorded == nullptr || (recorded->outcome != Outcome::done && recorded->outcome != Outcome::skipped)) {
      open.push_back(&step);
    }
  }
  return open;
}

const Step* awaiting_approval(const RunState& state, const Runbook& runbook) {
  for (const Step& step : runbook.steps) {
    if (needs_approval(step, step_state(state, step.id))) {
      return &step;
    }
  }
  return nullptr;
}

} // namespace core
