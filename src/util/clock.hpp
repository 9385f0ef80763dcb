#pragma once

#include <cstdint>
#include <string>

namespace util {

// One moment in UTC, in the forms records and paths need.
struct UtcTime {
  std::string rfc3339;        // 2026-11-29T21:50:12.345Z
  std::string compact_second; // 20261129T215012Z
  std::string compact_minute; // 20261129T2150Z
};

// Where time comes from, so tests can fix it.
class Clock {
public:
  virtual ~Clock() = default;
  virtual UtcTime now() const = 0;
};

// The system clock.
class SystemClock : public Clock {
public:
  UtcTime now() const override;
};

// Milliseconds since 1970-01-01T00:00:00Z by the system clock.
std::int64_t now_millis();

// The UTC day of a time given in seconds since 1970, as 2026-12-04.
std::string utc_day(long seconds);

// `count` random lower-case hex digits.
std::string random_hex(std::size_t count);

} // namespace util
