#include "core/run_state.hpp"

namespace core {

namespace {

bool needs_approval(const Step& step, const StepState* state) {
  return step.approval && state != nullptr && state->outcome == Outcome::done && !state->approved_by;
}

const StepState* find(const RunState& state, const std::string& id) {
  auto it = state.steps.find(id);
  return it == state.steps.end() ? nullptr : &it->second;
}

std::optional<std::string> evidence_problem(const Step& step, const Record& record) {
  if (record.outcome != Outcome::done || step.evidence == Evidence::none) {
    return std::nullopt;
  }
  bool has_link = false;
  bool has_file = false;
  for (const EvidenceItem& item : record.evidence) {
    has_link = has_link || item.link.has_value();
    has_file = has_file || item.file.has_value();
  }
  switch (step.evidence) {
  case Evidence::file:
    if (!has_file) {
      return "step " + step.id + " asks for a file as evidence — attach it with --evidence FILE";
    }
    break;
  case Evidence::link:
    if (!has_link) {
      return "step " + step.id + " asks for a link as evidence — add it with --evidence https://…";
    }
    break;
  case Evidence::text:
    if (!record.note || record.note->empty()) {
      return "step " + step.id + " asks for a written note as evidence — add it with --note \"…\"";
    }
    break;
  case Evidence::none:
    break;
  }
  return std::nullopt;
}

bool holds(const Person& person, Role role) { return person.roles.count(role) > 0; }

} // namespace

void apply(RunState& state, const Record& record) {
  ++state.events;
  switch (record.event) {
  case EventKind::start:
    state.start = record;
    break;
  case EventKind::step:
    if (record.step) {
      StepState& step = state.steps[*record.step];
      step.outcome = record.outcome;
      step.performer = record.by;
      step.approved_by.reset();
    }
    break;
  case EventKind::approve:
    if (record.step) {
      state.steps[*record.step].approved_by = record.by;
    }
    break;
  case EventKind::finish:
    state.finish = record;
    break;
  case EventKind::note:
    break;
  }
}

RunState replay(const std::vector<Record>& records) {
  RunState state;
  for (const Record& record : records) {
    apply(state, record);
  }
  return state;
}

std::vector<const Step*> open_steps(const RunState& state, const Runbook& runbook) {
  std::vector<const Step*> open;
  for (const Step& step : runbook.steps) {
    const StepState* recorded = find(state, step.id);
    if (recorded == nullptr || (recorded->outcome != Outcome::done && recorded->outcome != Outcome::skipped)) {
      open.push_back(&step);
    }
  }
  return open;
}

const Step* awaiting_approval(const RunState& state, const Runbook& runbook) {
  for (const Step& step : runbook.steps) {
    if (needs_approval(step, find(state, step.id))) {
      return &step;
    }
  }
  return nullptr;
}

std::optional<std::string> event_problem(const RunState& state,
                                         const Runbook& runbook,
                                         const Person& signer,
                                         const Record& record) {
  if (signer.status != PersonStatus::active) {
    return signer.id + " is " + std::string(to_string(signer.status)) + " in the policy and may no longer record";
  }
  if (record.event == EventKind::start) {
    if (state.start) {
      return "the run " + record.run + " was already started";
    }
    if (!holds(signer, Role::operator_)) {
      return signer.id + " may not start runs: that needs the operator role — an admin can grant it with `git runbook keys add`";
    }
    return std::nullopt;
  }
  if (!state.start) {
    return "there is no run " + record.run + " — `git runbook status` lists the open runs";
  }
  if (state.finished()) {
    return "the run " + record.run + " is finished (" + std::string(to_string(*state.finish->outcome)) +
           "); nothing more can be recorded in it — start a new run with `git runbook start " + runbook.id + "`";
  }
  if (record.event != EventKind::approve && !holds(signer, Role::operator_)) {
    return signer.id + " may not record in runs: that needs the operator role";
  }
  const Step* step = record.step ? runbook.find_step(*record.step) : nullptr;
  if (record.step && step == nullptr) {
    return "runbook " + runbook.id + " v" + std::to_string(runbook.version) + " has no step " + *record.step +
           " — `git runbook show " + runbook.id + " --version " + std::to_string(runbook.version) + "` lists them";
  }
  switch (record.event) {
  case EventKind::step: {
    if (const Step* waiting = awaiting_approval(state, runbook); waiting != nullptr && waiting->id != step->id) {
      return "step " + waiting->id + " waits for approval by someone with the " + *waiting->approval +
             " role; the run goes on once it is approved (`git runbook approve " + record.run + " " + waiting->id + "`)";
    }
    if (record.outcome != Outcome::done && record.outcome != Outcome::skipped && record.outcome != Outcome::failed) {
      return "a step's outcome is done, skipped or failed";
    }
    return evidence_problem(*step, record);
  }
  case EventKind::approve: {
    const StepState* recorded = find(state, step->id);
    if (!step->approval) {
      return "step " + step->id + " does not ask for an approval";
    }
    if (recorded == nullptr || recorded->outcome != Outcome::done) {
      return "step " + step->id + " is not done yet, so it cannot be approved";
    }
    if (recorded->approved_by) {
      return "step " + step->id + " was already approved by " + *recorded->approved_by;
    }
    if (recorded->performer == signer.id) {
      return signer.id + " did step " + step->id + " and cannot also approve it — someone else with the " +
             *step->approval + " role must";
    }
    auto role = parse_role(*step->approval);
    if (!role || !holds(signer, *role)) {
      return "approving step " + step->id + " needs the " + *step->approval + " role, which " + signer.id + " does not have";
    }
    return std::nullopt;
  }
  case EventKind::finish: {
    if (record.outcome == Outcome::completed) {
      std::vector<const Step*> open = open_steps(state, runbook);
      if (!open.empty()) {
        return "step " + open.front()->id + " (\"" + open.front()->title +
               "\") is neither done nor skipped, so the run cannot be completed — record it, or finish with "
               "--outcome aborted";
      }
      if (const Step* waiting = awaiting_approval(state, runbook)) {
        return "step " + waiting->id + " still waits for approval, so the run cannot be completed";
      }
    } else if (record.outcome != Outcome::aborted) {
      return "a run finishes as completed or aborted";
    }
    return std::nullopt;
  }
  case EventKind::note:
    if (!record.note || record.note->empty()) {
      return "a note needs some text";
    }
    return std::nullopt;
  case EventKind::start:
    break;
  }
  return std::nullopt;
}

} // namespace core
