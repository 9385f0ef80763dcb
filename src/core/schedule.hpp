#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "core/run_state.hpp"
#include "core/runbook.hpp"

namespace core {

// Schedules and due times (DESIGN §3, issue 17). All of it is plain arithmetic on
// milliseconds since 1970 (UTC); the caller passes the clock's reading in, so nothing
// here reads the time itself.

std::optional<Schedule> parse_schedule(std::string_view text);
std::string_view to_string(Schedule schedule);

// A step's `due`: a whole number from 1 to 9999 and a unit, m (minutes), h (hours) or d
// (days of 24 hours): "30m", "4h", "2d". Milliseconds; nullopt when it is not that form.
std::optional<std::int64_t> parse_due(std::string_view text);

// What is wrong with a `due` text, in words that follow `due "…" `; nullopt when fine.
std::optional<std::string> due_problem(std::string_view text);

// One calendar period of a schedule, in UTC: ISO weeks (Monday to Sunday), months,
// quarters (January, April, July, October) and years.
struct Period {
  std::string name;         // "2026-W05", "2026-01", "2026-Q1", "2026"
  std::int64_t begin_ms = 0; // its first millisecond
  std::int64_t end_ms = 0;   // the first millisecond after it
};

// The period of `schedule` that holds the moment `at_ms`.
Period period_of(Schedule schedule, std::int64_t at_ms);

// How the periods of a schedule are counted, for people: "ISO weeks, Monday to Sunday, UTC".
std::string describe_periods(Schedule schedule);

// The whole periods from the one holding `first_ms` up to the one before `now_ms`'s in
// which no time of `starts` falls: the periods a scheduled runbook was missed. The
// current period is never missed yet (it is not over). Empty when now_ms ≤ first_ms.
std::vector<Period> missed_periods(Schedule schedule, std::int64_t first_ms, const std::vector<std::int64_t>& starts,
                                   std::int64_t now_ms);

// Whether a run started at one of `starts` in `period`.
bool started_in(const Period& period, const std::vector<std::int64_t>& starts);

// A step past its due time: when it was due, and when it was done (`late_steps`) or the
// moment judged (`overdue_steps`).
struct LateStep {
  std::string step;
  std::string title;
  std::int64_t due_ms = 0;
  std::int64_t at_ms = 0;
  std::string by; // who recorded it done; empty while it is open

  std::int64_t late_ms() const { return at_ms - due_ms; }
};

// When a step with a `due` is due in a run started at `start_ms`; nullopt without one.
std::optional<std::int64_t> due_at(const Step& step, std::int64_t start_ms);

// The steps of an unfinished run still open (neither done nor skipped) after their due
// time, at `now_ms`. Empty for a finished run, or when the start's time cannot be read.
std::vector<LateStep> overdue_steps(const RunState& state, const Runbook& runbook, std::int64_t now_ms);

// The steps whose first `done` record (in the order of `records`, a run's records in
// log order) is dated after the step's due time.
std::vector<LateStep> late_steps(const std::vector<Record>& records, const Runbook& runbook);

// "step 2 \"Export the users\" was due 2026-01-02 09:00 UTC and done by bob 3 h 5 min late"
// or, open, "… was due … and is 3 h 5 min late".
std::string describe_late(const LateStep& late);

} // namespace core
