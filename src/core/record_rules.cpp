#include "core/record_rules.hpp"

#include "core/input_rules.hpp"
#include "core/training.hpp"
#include "core/step_conditions.hpp"
#include "core/utc_time.hpp"
#include "util/text.hpp"

#include <algorithm>

namespace core {

namespace {

bool holds(const Person& person, Role role) { return person.roles.count(role) > 0; }

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

// The role a field of the runbook names, held by `signer`; the problem otherwise.
std::optional<std::string> role_problem(const std::string& role_name, const Person& signer, const std::string& what) {
  if (!holds_role(signer, role_name)) {
    return what + " needs the " + role_name + " role, which " + signer.id +
           " does not have — someone who has it must do this, or an admin grants it with `git runbook keys grant " +
           signer.id + " " + role_name + "`";
  }
  return std::nullopt;
}

std::optional<std::string> step_problem(const RunState& state, const Step& step, const Person& signer, const Record& record) {
  if (record.outcome != Outcome::done && record.outcome != Outcome::skipped && record.outcome != Outcome::failed) {
    return "a step's outcome is done, skipped or failed";
  }
  if (step.role) {
    if (auto missing = role_problem(*step.role, signer, "recording step " + step.id)) {
      return missing;
    }
  }
  const StepState* recorded = step_state(state, step.id, record.item);
  if (recorded != nullptr && recorded->approvers.count(signer.id) > 0 && record.outcome != Outcome::skipped) {
    return signer.id + " approved step " + step.id + " and cannot also perform it — someone else must record it";
  }
  return evidence_problem(step, record);
}

std::optional<std::string> approval_problem(const RunState& state, const Step& step, const Person& signer,
                                            const Record& record) {
  if (!step.approval) {
    return "step " + step.id + " does not ask for an approval";
  }
  const StepState* recorded = step_state(state, step.id, record.item);
  if (recorded != nullptr && recorded->performers.count(signer.id) > 0) {
    return signer.id + " recorded step " + step.id + " and cannot also approve it — someone else with the " +
           *step.approval + " role must";
  }
  return role_problem(*step.approval, signer, "approving step " + step.id);
}

} // namespace

std::string approvals_wanted(const Step& step, const StepState& state) {
  std::size_t missing = approvals_missing(step, &state);
  if (missing == 0) {
    return "is approved";
  }
  std::string who = step.approval ? *step.approval : std::string("an approver");
  return "waits for " + std::to_string(missing) + " more approval" + (missing == 1 ? "" : "s") + " from " + who;
}

std::optional<std::string> hard_problem(const RunState& state,
                                        const Runbook& runbook,
                                        const Person& signer,
                                        const Record& record) {
  if (record.event == EventKind::ack) {
    return ack_problem(runbook, signer, record);
  }
  if (signer.status != PersonStatus::active) {
    return signer.id + " is " + std::string(to_string(signer.status)) + " in the policy and may no longer record";
  }
  if (!utc_millis(record.at)) {
    return "the record's time \"" + record.at + "\" is not a real UTC time (like 2026-11-29T21:50:12.345Z)";
  }
  if (record.event == EventKind::start) {
    if (state.start) {
      return "the run " + record.run + " was already started";
    }
    if (!holds(signer, Role::operator_)) {
      return signer.id + " may not start runs: that needs the operator role — an admin can grant it with `git runbook keys add`";
    }
    if (auto inputs = start_inputs_problem(runbook, record.inputs)) {
      return *inputs + " — start the run again with `git runbook start " + record.runbook +
             "`, which asks for each input";
    }
    return std::nullopt;
  }
  if (!state.start) {
    return "there is no run " + record.run + " — `git runbook status` lists the open runs";
  }
  if (record.event != EventKind::approve && !holds(signer, Role::operator_)) {
    return signer.id + " may not record in runs: that needs the operator role — an admin can grant it with `git runbook keys add`";
  }
  const Step* step = record.step ? runbook.find_step(*record.step) : nullptr;
  if (record.step && step == nullptr) {
    return "runbook " + runbook.id + " v" + std::to_string(runbook.version) + " has no step " + *record.step +
           " — `git runbook show " + runbook.id + " --version " + std::to_string(runbook.version) + "` lists them";
  }
  if (auto wrong = item_problem(step, record, run_answers(state))) {
    return wrong;
  }
  switch (record.event) {
  case EventKind::step:
    return step_problem(state, *step, signer, record);
  case EventKind::approve:
    return approval_problem(state, *step, signer, record);
  case EventKind::finish:
    if (record.outcome != Outcome::completed && record.outcome != Outcome::aborted) {
      return "a run finishes as completed or aborted";
    }
    return std::nullopt;
  case EventKind::note:
    if (!record.note || record.note->empty()) {
      return "a note needs some text";
    }
    return std::nullopt;
  case EventKind::start:
  case EventKind::ack:
    break;
  }
  return std::nullopt;
}

std::optional<OrderingConflict> ordering_conflict(const RunState& state, const Runbook& runbook, const Record& record) {
  if (!state.start || record.event == EventKind::start || record.event == EventKind::ack) {
    return std::nullopt;
  }
  std::string what = describe_event(record) + " by " + record.by;
  if (state.finished()) {
    const Record& finish = *state.finish;
    std::string outcome(to_string(*finish.outcome));
    return OrderingConflict{FlagKind::after_finish,
                            "the run " + record.run + " is finished (" + outcome +
                                "); nothing more can be recorded in it — start a new run with `git runbook start " +
                                runbook.id + "`",
                            what + " came after " + finish.by + " finished the run as " + outcome,
                            {record.by, finish.by}};
  }
  auto at = utc_millis(record.at);
  auto started = utc_millis(state.start->at);
  if (at && started && *at < *started) {
    return OrderingConflict{FlagKind::before_start,
                            "this computer's clock says " + record.at + ", before the run started (" +
                                state.start->at + ") — set the clock right, then record again",
                            what + " is dated " + record.at + ", before the run started (" + state.start->at + ")",
                            {record.by, state.start->by}};
  }
  const Step* step = record.step ? runbook.find_step(*record.step) : nullptr;
  const StepState* recorded = step != nullptr ? step_state(state, step->id, record.item) : nullptr;
  std::string label = step != nullptr ? step_label(step->id, record.item) : "";
  switch (record.event) {
  case EventKind::step: {
    if (const Step* waiting = awaiting_approval(state, runbook); waiting != nullptr && step != nullptr && waiting->id != step->id) {
      std::optional<std::string> item = awaiting_item(state, *waiting);
      const StepState* held = step_state(state, waiting->id, item);
      std::string command = "git runbook approve " + record.run + " " + waiting->id + (item ? " --item " + *item : "");
      return OrderingConflict{FlagKind::while_awaiting_approval,
                              step_label(waiting->id, item) + " " + approvals_wanted(*waiting, *held) +
                                  "; the run goes on once it is approved (`" + command + "`)",
                              what + " was recorded while " + step_label(waiting->id, item) + " (done by " +
                                  held->performer + ") still waited for approval",
                              {record.by, held->performer}};
    }
    if (recorded != nullptr && (recorded->outcome == Outcome::done || recorded->outcome == Outcome::skipped)) {
      std::string earlier(to_string(*recorded->outcome));
      bool same = recorded->outcome == record.outcome;
      return OrderingConflict{same ? FlagKind::recorded_twice : FlagKind::contradicting_outcomes,
                              label + " is already recorded as " + earlier + " by " + recorded->performer +
                                  "; a step is recorded once — add a note if something changed (`git runbook note " +
                                  record.run + " \"…\"`)",
                              same ? what + " records it a second time (" + recorded->performer + " recorded it " +
                                         earlier + " before)"
                                   : what + " contradicts " + recorded->performer + ", who recorded it " + earlier,
                              {record.by, recorded->performer}};
    }
    return std::nullopt;
  }
  case EventKind::approve:
    if (step == nullptr || !step->approval) {
      return std::nullopt; // a hard rule
    }
    if (recorded == nullptr || recorded->outcome != Outcome::done) {
      return OrderingConflict{FlagKind::not_ready,
                              label + " is not done yet, so it cannot be approved",
                              what + " came before the step was recorded as done",
                              {record.by}};
    }
    if (std::find(recorded->approvals.begin(), recorded->approvals.end(), record.by) != recorded->approvals.end()) {
      return OrderingConflict{FlagKind::recorded_twice,
                              record.by + " already approved " + label +
                                  "; each person approves once — the step " + approvals_wanted(*step, *recorded),
                              what + " approves it a second time (" + record.by + " approved it before)",
                              {record.by}};
    }
    if (approvals_missing(*step, recorded) == 0) {
      std::string earlier = util::join(recorded->approvals, " and ");
      return OrderingConflict{FlagKind::recorded_twice,
                              label + " was already approved by " + earlier,
                              what + " approves it again (" + earlier + " approved it before)",
                              {record.by, recorded->approvals.back()}};
    }
    return std::nullopt;
  case EventKind::finish: {
    if (record.outcome != Outcome::completed) {
      return std::nullopt;
    }
    std::vector<const Step*> open = open_steps(state, runbook);
    if (!open.empty()) {
      return OrderingConflict{FlagKind::not_ready,
                              "step " + open.front()->id + " (\"" + open.front()->title +
                                  "\") is neither done nor skipped, so the run cannot be completed — record it, or "
                                  "finish with --outcome aborted",
                              what + " completed the run while step " + open.front()->id + " was neither done nor skipped",
                              {record.by}};
    }
    if (const Step* waiting = awaiting_approval(state, runbook)) {
      std::string held = step_label(waiting->id, awaiting_item(state, *waiting));
      return OrderingConflict{FlagKind::not_ready,
                              held + " still waits for approval, so the run cannot be completed",
                              what + " completed the run while " + held + " still waited for approval",
                              {record.by}};
    }
    return std::nullopt;
  }
  case EventKind::note:
  case EventKind::start:
  case EventKind::ack:
    break;
  }
  return std::nullopt;
}

std::optional<std::string> event_problem(const RunState& state,
                                         const Runbook& runbook,
                                         const Person& signer,
                                         const Record& record) {
  if (auto hard = hard_problem(state, runbook, signer, record)) {
    return hard;
  }
  if (auto conflict = ordering_conflict(state, runbook, record)) {
    return conflict->refusal;
  }
  return std::nullopt;
}

std::optional<Flag> clock_flag(const Record& record, std::size_t index, std::int64_t now_ms) {
  auto at = utc_millis(record.at);
  if (!at || *at <= now_ms + k_clock_tolerance_ms) {
    return std::nullopt;
  }
  return Flag{FlagKind::ahead_of_clock,
              index,
              describe_event(record) + " by " + record.by + " is dated " + record.at +
                  ", more than five minutes ahead of this clock",
              {record.by}};
}

} // namespace core
