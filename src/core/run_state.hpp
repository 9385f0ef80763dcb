#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/record.hpp"
#include "core/runbook.hpp"

namespace core {

struct StepState {
  std::optional<Outcome> outcome;         // the latest recorded outcome
  std::string performer;                  // who recorded it
  std::optional<std::string> approved_by; // after the latest `done`
};

// A run as its records, in log order, say it stands.
struct RunState {
  std::optional<Record> start;
  std::optional<Record> finish;
  std::map<std::string, StepState> steps;
  std::size_t events = 0;

  bool finished() const { return finish.has_value(); }
};

// Folds records (in the order the log holds them) into the state of their run.
RunState replay(const std::vector<Record>& records);

// Adds one more record to a run's state (replay, one record at a time).
void apply(RunState& state, const Record& record);

// Why `record` may not be added to a run in `state` of `runbook`, signed by `signer`
// (a person of the policy in force, DESIGN §4): only operators record and only the approval's role
// approves, never the step's performer and only after it is done; nothing after
// `finish`; `completed` only when every step is done or skipped and every approval is
// there; steps after a step awaiting approval wait for it; evidence when the step asks
// for it. Plain words with what to do; nullopt when the record may be added.
std::optional<std::string> event_problem(const RunState& state,
                                         const Runbook& runbook,
                                         const Person& signer,
                                         const Record& record);

// The steps still open (neither done nor skipped), in runbook order.
std::vector<const Step*> open_steps(const RunState& state, const Runbook& runbook);

// The first step that is done but still waits for its approval, if any.
const Step* awaiting_approval(const RunState& state, const Runbook& runbook);

} // namespace core
