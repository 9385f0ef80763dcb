#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/runbook.hpp"

namespace core {

// How long ago a moment (RFC 3339 UTC, as records write it) was, in the short words of
// a list: "just now", "5 min ago", "2h ago", "3 days ago"; past 60 days, or for a time
// ahead of `now_millis` by more than a minute (a clock set wrong), the day:
// "on 2026-11-29". The text itself when it is not such a time.
std::string time_ago(std::string_view at, std::int64_t now_millis);

// A run's answers to its inputs on one line, in the order the runbook asks them
// ("severity=SEV1, service=payroll"): empty answers left out, a long answer cut with
// "…", and past about `width` characters the rest counted ("+2 more"). The first answer
// is always shown. Empty when there are no answers.
std::string first_answers(const Runbook& runbook, const std::map<std::string, std::string>& inputs,
                          std::size_t width = 60);

// One line for a list of runs: "started by alice 2h ago · severity=SEV1, service=payroll"
// (without the part after "·" when there are no answers).
std::string started_line(const std::string& by, std::string_view at, std::int64_t now_millis,
                         const std::string& answers);

} // namespace core
