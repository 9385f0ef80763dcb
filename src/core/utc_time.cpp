#include "core/utc_time.hpp"

#include <cstdio>

namespace core {

namespace {

// Reads `count` digits at `at`; nullopt when any is not a digit.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : k_days[month - 1];
}

} // namespace

// Howard Hinnant's days_from_civil and civil_from_days.
std::int64_t days_from_civil(int year, int month, int day) {
  int y = month <= 2 ? year - 1 : year;
  int era = (y >= 0 ? y : y - 399) / 400;
  int year_of_era = y - era * 400;
  int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<std::int64_t>(era) * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  auto day_of_era = static_cast<int>(days - era * 146097);
  int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int shifted_month = (5 * day_of_year + 2) / 153;
  int day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  int month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  auto year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return CivilDate{year, month, day};
}

std::string describe_utc(std::int64_t millis) {
  std::int64_t seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000;
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  auto in_day = static_cast<int>(seconds - days * 86400);
  CivilDate date = civil_from_days(days);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d UTC", date.year, date.month, date.day, in_day / 3600,
                in_day % 3600 / 60);
  return text;
}

std::optional<std::int64_t> utc_millis(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.f…]Z
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z') {
    return std::nullopt;
  }
  auto year = digits(text, 0, 4);
  auto month = digits(text, 5, 2);
  auto day = digits(text, 8, 2);
  auto hour = digits(text, 11, 2);
  auto minute = digits(text, 14, 2);
  auto second = digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || *month < 1 || *month > 12 || *day < 1 ||
      *day > days_in_month(*year, *month) || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  int millis = 0;
  std::string_view rest = text.substr(19, text.size() - 20);
  if (!rest.empty()) {
    if (rest.size() < 2 || rest.size() > 10 || rest.front() != '.') {
      return std::nullopt;
    }
    for (std::size_t i = 1; i < rest.size(); ++i) {
      if (rest[i] < '0' || rest[i] > '9') {
        return std::nullopt;
      }
      if (i <= 3) {
        millis += (rest[i] - '0') * (i == 1 ? 100 : i == 2 ? 10 : 1);
      }
    }
  }
  std::int64_t seconds = days_from_civil(*year, *month, *day) * 86400 + std::int64_t{*hour} * 3600 +
                         std::int64_t{*minute} * 60 + *second;
  return seconds * 1000 + millis;
}

} // namespace core
