#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

// Milliseconds since 1970-01-01T00:00:00Z of a UTC time written as records write it
// (RFC 3339 with a `Z`: 2026-11-29T21:50:12.345Z, the fraction optional, digits past
// the third ignored); nullopt when the text is not such a time or names a date or
// hour that does not exist (2026-02-30, 24:00).
std::optional<std::int64_t> utc_millis(std::string_view text);

// A day of the proleptic Gregorian calendar.
struct CivilDate {
  int year = 1970;
  int month = 1; // 1-12
  int day = 1;   // 1-31
};

// Days since 1970-01-01 of a date, and the date of a day count (negative before 1970).
std::int64_t days_from_civil(int year, int month, int day);
CivilDate civil_from_days(std::int64_t days);

// A time in milliseconds since 1970 as people read it: "2026-11-29 21:50 UTC".
std::string describe_utc(std::int64_t millis);

} // namespace core
