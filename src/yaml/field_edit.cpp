#include "yaml/field_edit.hpp"

#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
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

// Whether every character is an ASCII letter, a digit or one of `marks`.
bool words_and(std::string_view text, std::string_view marks) {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           marks.find(c) != std::string_view::npos;
  });
}

// Whether every character is one of `characters`.
bool only(std::string_view text, std::string_view characters) {
  return text.find_first_not_of(characters) == std::string_view::npos;
}

// Text that YAML reads as the same plain text: letters, digits and a few marks that start
// nothing in YAML; no space or mark at the ends that would. One character: a letter or
// digit.
bool plain_is_safe(std::string_view text) {
  if (text.size() <= 1) {
    return text.size() == 1 && words_and(text, "");
  }
  return words_and(text.substr(0, 1), "_/") && words_and(text.substr(1, text.size() - 2), " ,._@/()-") &&
         words_and(text.substr(text.size() - 1), "._@/)");
}

// A word YAML reads as true, false or null (any case).
bool yaml_keyword(std::string_view text) {
  static constexpr std::array<std::string_view, 9> k_words = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"};
  return std::any_of(k_words.begin(), k_words.end(), [&](std::string_view word) {
    return text.size() == word.size() && std::equal(text.begin(), text.end(), word.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
}

// Text YAML may read as a number: signs, digits, points and exponents only; 0x1F, 0o17;
// .inf, -.inf and .nan.
bool yaml_number(std::string_view text) {
  if (!text.empty() && only(text, "-+0123456789.eE")) {
    return true;
  }
  if (text.size() > 2 && util::starts_with(text, "0x") && only(text.substr(2), "0123456789abcdefABCDEF")) {
    return true;
  }
  if (text.size() > 2 && util::starts_with(text, "0o") && only(text.substr(2), "01234567")) {
    return true;
  }
  std::string_view unsigned_text = !text.empty() && (text.front() == '-' || text.front() == '+') ? text.substr(1) : text;
  for (std::string_view special : {".inf", ".Inf", ".INF"}) {
    if (unsigned_text == special) {
      return true;
    }
  }
  return text == ".nan" || text == ".NaN" || text == ".NAN";
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
  if (plain_is_safe(text) && !yaml_keyword(text) && !yaml_number(text)) {
    return text;
  }
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace yaml
