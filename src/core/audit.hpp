#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "core/run_state.hpp"
#include "core/runbook.hpp"
#include "core/training.hpp"

namespace core {

// One event of a run as an auditor sees it: the record, the commit that holds it, and
// whether that commit's signature and authorization verified.
struct AuditEvent {
  Record record;
  std::string commit;
  bool verified = false;
  // An audit report people read (issue 18)
  std::string signer;             // fingerprint of the key that made its good signature; "" when none
  std::vector<std::string> flags; // why this event needs a look, in plain words (also in needs_a_look)
  // Witnessed time (issue 18): when the server received this event's record
  std::string received_after = {}; // the time of the last checkpoint without it; empty: none
  std::string received_by = {};    // the time of the first checkpoint with it; empty: not yet witnessed
  std::string time_flag = {};      // plain words when the claimed `at` falls outside that window; else empty
};

// An audit report people read (issue 18): one approval a step got.
struct GivenApproval {
  std::string by;
  std::string at;
};

// Whether a step's approval requirement was met.
enum class ApprovalStatus {
  met,        // done, and approved by as many people as it asks for
  missing,    // done, and still waiting for approvals
  not_needed, // skipped or failed: nothing to approve
};

std::string_view to_string(ApprovalStatus status);

// A step that asks for approval (and one item of it, for a `for_each` step), as far
// as the run recorded it.
struct StepApproval {
  std::string step;
  std::optional<std::string> item;
  std::string role;   // who must approve
  int needed = 1;     // how many distinct people
  std::optional<Outcome> outcome; // the step's latest outcome
  std::vector<GivenApproval> given; // distinct approvers after its latest `done`, in log order
  ApprovalStatus status = ApprovalStatus::not_needed;
  std::string wording; // "2 people with the security-lead role"
};

// An audit report people read (issue 18): whether someone who started the run or
// recorded a step had acknowledged the version followed, and when.
struct RunTraining {
  std::string person;
  std::string first_action_at;   // their first start or step record of the run
  std::string acknowledged_at;   // "" when they never acknowledged it
  bool acknowledged_before = false; // acknowledged before their first action
};

// One run: what was followed (the exact version file), and every event in order.
struct RunAudit {
  std::string run;
  std::string runbook;
  int version = 0;
  std::string runbook_title;
  std::string runbook_blob;
  std::string source_commit; // the protected tip the run's start was read from
  std::string published_in;  // the commit that published the version; empty when not found here
  std::map<std::string, std::string> inputs;
  std::vector<AuditEvent> events;
  std::optional<Outcome> outcome; // completed or aborted once finished
  std::string started_at;
  std::string finished_at;                 // empty while open
  std::optional<long long> duration_seconds; // start to finish
  bool all_verified = true;
  std::vector<std::string> needs_a_look; // the run's flags (DESIGN §4), in plain words
  // Answers where they belong (issue 17)
  std::map<std::string, std::string> step_titles; // by step id, with the run's answers filled in
  // An audit report people read (issue 18)
  std::vector<StepApproval> approvals; // each step that asks for approval and was recorded, in runbook order
  bool training_required = false;      // the version followed has `training: required`
  std::vector<RunTraining> training;   // who had acknowledged it, when training_required
  // Witnessed time (issue 18)
  bool witnessed = false; // the server's checkpoints are here: each event has a received-by window
};

// Per runbook: how its runs went.
struct RunbookAudit {
  std::string runbook;
  std::string title;
  std::size_t runs = 0;
  std::size_t finished = 0;
  std::size_t completed = 0;
  double completion_rate = 0; // completed / finished runs, 0 when none finished
  std::optional<long long> median_duration_seconds;
  std::vector<std::pair<std::string, std::size_t>> skipped_steps; // most often first
  std::vector<std::pair<std::string, std::size_t>> failed_steps;  // most often first
};

// Fills in what follows from a run's events: start and finish times, outcome,
// duration, and whether every event verified.
void settle(RunAudit& run);

// The per-runbook summary of a set of runs, by runbook id.
std::vector<RunbookAudit> summarize(const std::vector<RunAudit>& runs);

// Seconds between two UTC RFC 3339 times ("2026-11-29T21:50:03.120Z"); nullopt when
// either is not one.
std::optional<long long> seconds_between(const std::string& from, const std::string& to);

// "3 d 4 h", "2 h 5 min", "42 min", "15 s".
std::string describe_duration(long long seconds);

// An audit report people read (issue 18)

// The approvals of a run: for each step of `runbook` (answers filled in) that asks for
// approval and that `state` (the run's records replayed) holds, per item: who approved
// it after its latest `done` (from `records`, in log order), and whether that meets
// the requirement.
std::vector<StepApproval> step_approvals(const Runbook& runbook, const RunState& state, const std::vector<Record>& records);

// Per person who started the run or recorded a step of it (in order of their first
// such record): whether and when they acknowledged `version`, the training of the
// version the run followed.
std::vector<RunTraining> run_training(const RunAudit& run, const VersionTraining& version);

} // namespace core
