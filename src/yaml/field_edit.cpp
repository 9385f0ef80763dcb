#include "yaml/field_edit.hpp"

#include <nlohmann/json.hpp>

#include <regex>
#include <vector>

namespace yaml {

namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    text += line + "\n";
  }
  return text;
}

bool starts_field(const std::string& line, std::string_view key) {
  return line.size() > key.size() && line.compare(0, key.size(), key) == 0 && line[key.size()] == ':';
}

// [first, last) lines of a top-level field, or first == npos.
std::pair<std::size_t, std::size_t> find_field(const std::vector<std::string>& lines, std::string_view key) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!starts_field(lines[i], key)) {
      continue;
    }
    std::size_t end = i + 1;
    // Indented lines, and list items that YAML allows at the key's own indentation.
    while (end < lines.size() && (lines[end].empty() || lines[end][0] == ' ' || lines[end][0] == '-')) {
      ++end;
    }
    while (end > i + 1 && lines[end - 1].empty()) {
      --end; // keep blank lines that separate it from the next field
    }
    return {i, end};
  }
  return {std::string::npos, std::string::npos};
}

} // namespace

std::string set_top_level_field(std::string_view text, std::string_view key, std::string_view value,
                                std::string_view after) {
  std::vector<std::string> lines = lines_of(text);
  std::string line = std::string(key) + ": " + std::string(value);
  if (value.empty()) {
    line = std::string(key) + ":";
  }
  auto [first, last] = find_field(lines, key);
  if (first != std::string::npos) {
    lines.erase(lines.begin() + static_cast<long>(first), lines.begin() + static_cast<long>(last));
    lines.insert(lines.begin() + static_cast<long>(first), line);
    return join_lines(lines);
  }
  auto [after_first, after_last] = after.empty() ? std::make_pair(std::string::npos, std::string::npos)
                                                 : find_field(lines, after);
  if (after_first != std::string::npos) {
    lines.insert(lines.begin() + static_cast<long>(after_last), line);
  } else {
    lines.push_back(line);
  }
  return join_lines(lines);
}

std::string remove_top_level_field(std::string_view text, std::string_view key) {
  std::vector<std::string> lines = lines_of(text);
  auto [first, last] = find_field(lines, key);
  if (first != std::string::npos) {
    lines.erase(lines.begin() + static_cast<long>(first), lines.begin() + static_cast<long>(last));
  }
  return join_lines(lines);
}

std::string inline_scalar(const std::string& text) {
  // The __polynomial matcher's stack does not grow with the text (the default one
  // recurses once a character and overflows on a few thousand).
  constexpr auto flags = std::regex::ECMAScript | std::regex_constants::__polynomial;
  static const std::regex simple("[A-Za-z0-9_/][A-Za-z0-9 ,._@/()-]*[A-Za-z0-9._@/)]|[A-Za-z0-9]", flags);
  static const std::regex keyword("(?:true|false|null|yes|no|on|off|y|n)", flags | std::regex::icase);
  static const std::regex number(
      "[-+0-9.eE]+|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)", flags);
  if (std::regex_match(text, simple) && !std::regex_match(text, keyword) && !std::regex_match(text, number)) {
    return text;
  }
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace yaml
