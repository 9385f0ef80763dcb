#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace core {

// Milliseconds since 1970-01-01T00:00:00Z of a UTC time written as records write it
// (RFC 3339 with a `Z`: 2026-11-29T21:50:12.345Z, the fraction optional, digits past
// the third ignored); nullopt when the text is not such a time or names a date or
// hour that does not exist (2026-02-30, 24:00).
std::optional<std::int64_t> utc_millis(std::string_view text);

} // namespace core
