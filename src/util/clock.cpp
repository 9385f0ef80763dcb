#include "util/clock.hpp"

#include "util/encoding.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

namespace util {

UtcTime SystemClock::now() const {
  auto point = std::chrono::system_clock::now();
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(point.time_since_epoch()).count() % 1000;
  std::time_t seconds = std::chrono::system_clock::to_time_t(point);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char rfc[96];
  char second[96];
  char minute[96];
  std::snprintf(rfc, sizeof rfc, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  std::snprintf(second, sizeof second, "%04d%02d%02dT%02d%02d%02dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  std::snprintf(minute, sizeof minute, "%04d%02d%02dT%02d%02dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min);
  return UtcTime{rfc, second, minute};
}

std::int64_t now_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string random_hex(std::size_t count) {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  std::string bytes;
  for (std::size_t i = 0; i < (count + 1) / 2; ++i) {
    bytes.push_back(static_cast<char>(engine() & 0xFFU));
  }
  return util::hex(bytes).substr(0, count);
}

std::string utc_day(long seconds) {
  std::time_t when = seconds;
  std::tm parts{};
  gmtime_r(&when, &parts);
  char text[16] = {};
  std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
  return text;
}

} // namespace util
