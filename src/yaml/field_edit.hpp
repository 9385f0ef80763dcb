#pragma once

#include <string>
#include <string_view>

namespace yaml {

// Small edits of a YAML file's text that keep everything else (comments, order,
// layout) as the person wrote it. A top-level field is a line "key:" at column 1 with
// the indented lines under it.

// Replaces the top-level field `key` with the line `key: value` (value written as
// given). When there is no such field, inserts the line after the field `after`, or
// at the end when that is missing too.
std::string set_top_level_field(std::string_view text, std::string_view key, std::string_view value,
                                std::string_view after = {});

// Removes the top-level field `key`, if present.
std::string remove_top_level_field(std::string_view text, std::string_view key);

// Text as a YAML scalar on one line: plain when safe, else double-quoted.
std::string inline_scalar(const std::string& text);

} // namespace yaml
