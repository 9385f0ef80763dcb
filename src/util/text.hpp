#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace util {

// Splits on a separator; empty pieces are kept.
std::vector<std::string> split(std::string_view text, char separator);

// Without leading and trailing spaces, tabs and line breaks.
std::string_view trim(std::string_view text);

// The text in upper case (ASCII only), e.g. for fingerprints.
std::string to_upper(std::string_view text);

bool starts_with(std::string_view text, std::string_view prefix);

// The first `length` characters, e.g. a short commit id.
std::string shorten(std::string_view text, std::size_t length = 10);

// Joins pieces with a separator.
std::string join(const std::vector<std::string>& pieces, std::string_view separator);

} // namespace util
