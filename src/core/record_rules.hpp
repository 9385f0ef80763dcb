#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/record.hpp"
#include "core/run_state.hpp"
#include "core/runbook.hpp"

namespace core {

// The record rules of DESIGN §4, in two tiers, written once and applied by recording,
// `sync`, the server's hook and `verify` alike.

// Hard rules, refused everywhere: the signer may do this (active; operator to record;
// the step's own `role:`; the approval's role), the run, its start and the step exist,
// the outcome fits the event, the evidence the step asks for is there, a note has text,
// the time is a real UTC time, a start's inputs fit the runbook (core/input_rules.hpp),
// and nobody approves a step they recorded as done or
// failed (nor records a step they approved). None of these depends on the order in
// which concurrent records arrive. Plain words with what to do; nullopt when none is
// broken. (Signatures, `by`, pins and files are judged in src/trust.) An `ack` is
// judged by core::ack_problem (its `state` is unused). The training rule
// (core::training_problem) needs the log's acknowledgements: each caller applies it
// beside this one.
[[nodiscard]] std::optional<std::string> hard_problem(const RunState& state,
                                        const Runbook& runbook,
                                        const Person& signer,
                                        const Record& record);

// An ordering rule a record breaks against the run so far: recording refuses it (the
// author can see the conflict), everything that merges logs accepts and flags it.
struct OrderingConflict {
  FlagKind kind;
  std::string refusal; // for the person recording: what is wrong and what to do
  std::string flag;    // for whoever reads the merged log: what happened
  std::vector<std::string> people;
};

// Ordering rules: nothing after `finish`; no step while another step waits for its
// approval; a step done or skipped is not recorded again; an approval only after
// `done`, once; `completed` only when every step is done or skipped and approved; no
// time before the run's start.
[[nodiscard]] std::optional<OrderingConflict> ordering_conflict(const RunState& state, const Runbook& runbook, const Record& record);

// What recording refuses: the hard rules, then the ordering rules. nullopt when the
// record may be written.
[[nodiscard]] std::optional<std::string> event_problem(const RunState& state,
                                         const Runbook& runbook,
                                         const Person& signer,
                                         const Record& record);

// Team roles (issue 17): where a step's approvals stand, in words: "waits for 1 more
// approval from security-lead", or "is approved".
[[nodiscard]] std::string approvals_wanted(const Step& step, const StepState& state);

// How far ahead of the judging clock a record may be dated before it is flagged.
inline constexpr std::int64_t k_clock_tolerance_ms = std::int64_t{5} * 60 * 1000;

// The flag of a record dated more than five minutes ahead of `now_ms` (milliseconds
// since 1970, the judging clock), if it is.
[[nodiscard]] std::optional<Flag> clock_flag(const Record& record, std::size_t index, std::int64_t now_ms);

} // namespace core
