#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// The one name among `known` that `typed` most likely misspells, for a "did you mean"
// hint: the closest by edits (a letter added, dropped, changed, or two neighbours
// swapped; upper and lower case alike), at most 1 edit for names of up to four
// letters and 2 for longer ones. nullopt when none is that close, when two are
// equally close, or when `typed` is one of `known`.
std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& known);

} // namespace util
