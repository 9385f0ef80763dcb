#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/record.hpp"
#include "core/runbook.hpp"

namespace core {

struct StepState {
  std::optional<Outcome> outcome;         // the latest recorded outcome
  std::string performer;                  // who recorded it
  std::optional<std::string> approved_by; // after the latest `done`
  std::set<std::string> performers;       // everyone who recorded it done or failed
  std::set<std::string> approvers;        // everyone who approved it
  // Team roles (issue 17): the distinct people who approved it after its latest `done`,
  // in log order (approved_by is the last of them).
  std::vector<std::string> approvals;
};

// Why a record that was accepted needs a look (DESIGN §4, "Records under concurrency"):
// the record was valid for its author, but met a conflict when the logs of several
// people were merged.
enum class FlagKind {
  while_awaiting_approval, // a step recorded while another step waited for approval
  after_finish,            // anything recorded after the run was finished
  recorded_twice,          // a step recorded again with the same outcome, or approved twice
  contradicting_outcomes,  // a settled step recorded again with another outcome
  not_ready,               // approved before done, or completed with open steps
  before_start,            // dated before the run's start
  ahead_of_clock,          // dated ahead of the judging clock
};

std::string_view to_string(FlagKind kind);

// One flagged record of a run: which (its index in the run's records, in log order),
// why, in plain words, and the people involved.
struct Flag {
  FlagKind kind = FlagKind::after_finish;
  std::size_t record = 0;
  std::string message;
  std::vector<std::string> people;
};

// A run as its records, in the order of the log (never by the times they claim), say
// it stands.
struct RunState {
  std::optional<Record> start;
  std::optional<Record> finish;
  std::map<std::string, StepState> steps; // by step_key (core/step_conditions.hpp)
  std::size_t events = 0;
  std::vector<Flag> flags;

  bool finished() const { return finish.has_value(); }
};

// Adds one more record to a run's state; a record that meets an ordering conflict
// (ordering_conflict in record_rules.hpp) is applied all the same and flagged.
void apply(RunState& state, const Runbook& runbook, const Record& record);

// Folds records (in the order of the log) into the state of their run.
RunState replay(const std::vector<Record>& records, const Runbook& runbook);

// The steps a completed run waits for that are still open (neither done nor skipped,
// for a `for_each` step: for some item), in runbook order. Steps that are not needed in
// this run and optional steps are not among them.
std::vector<const Step*> open_steps(const RunState& state, const Runbook& runbook);

// The first step that is done but still waits for its approval (for some item), if any.
const Step* awaiting_approval(const RunState& state, const Runbook& runbook);

// A step's state (for a `for_each` step: one item's), or nullptr when nothing was
// recorded for it.
const StepState* step_state(const RunState& state, const std::string& step_id,
                            const std::optional<std::string>& item = std::nullopt);

// Conditions and repeats (issue 17)

// The run's answers (its start's inputs; none before the start).
const std::map<std::string, std::string>& run_answers(const RunState& state);

// The item of `step` that waits for its approval, if any (nullopt also for a step
// without `for_each` that waits).
std::optional<std::string> awaiting_item(const RunState& state, const Step& step);

// One piece of work of a run: a step, and for a `for_each` step one of its items.
struct StepWork {
  const Step* step = nullptr;
  std::optional<std::string> item;
  std::optional<std::string> not_needed; // why the step is not needed in this run
};

// The next piece of work in runbook order that nothing settled yet (a step or item
// neither done nor skipped), optional steps and steps that are not needed included
// (the runner skips those and says why); nullopt when every step is settled.
std::optional<StepWork> next_work(const RunState& state, const Runbook& runbook);

// Whether a step, or every item of it, is done or skipped.
bool step_settled(const RunState& state, const Step& step);

// Team roles (issue 17): how many more distinct approvals a step needs before the run
// goes on: 0 when it asks for none, is not done, or has its `approvals_needed`.
std::size_t approvals_missing(const Step& step, const StepState* state);

// Team roles (issue 17): who must approve a step, in words: "someone with the approver
// role", "2 people with the security-lead role". Empty when it asks for no approval.
std::string approval_wording(const Step& step);

// Team roles (issue 17): the approval as a field shows it: "approver", or
// "security-lead (2 people)"; nullopt when the step asks for none.
std::optional<std::string> approval_field(const Step& step);

} // namespace core
