#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "core/runbook.hpp"

namespace core {

// One event of a run as an auditor sees it: the record, the commit that holds it, and
// whether that commit's signature and authorization verified.
struct AuditEvent {
  Record record;
  std::string commit;
  bool verified = false;
  // Witnessed time (issue 18): when the server received this event's record
  std::string received_after = {}; // the time of the last checkpoint without it; empty: none
  std::string received_by = {};    // the time of the first checkpoint with it; empty: not yet witnessed
  std::string time_flag = {};      // plain words when the claimed `at` falls outside that window; else empty
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

} // namespace core
