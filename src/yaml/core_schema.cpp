#include "yaml/core_schema.hpp"

#include <charconv>
#include <cstdint>
#include <stdexcept>

namespace yaml {

namespace {

constexpr std::string_view k_core_tag = "tag:yaml.org,2002:";

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? without std::regex, which is far
// too slow for a million scalars.
bool is_float(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    text.remove_prefix(1);
  }
  std::size_t exponent = text.find_first_of("eE");
  std::string_view mantissa = text.substr(0, exponent);
  if (exponent != std::string_view::npos) {
    std::string_view power = text.substr(exponent + 1);
    if (!power.empty() && (power.front() == '-' || power.front() == '+')) {
      power.remove_prefix(1);
    }
    if (!all_digits(power)) {
      return false;
    }
  }
  std::size_t dot = mantissa.find('.');
  if (dot == std::string_view::npos) {
    return all_digits(mantissa);
  }
  std::string_view whole = mantissa.substr(0, dot);
  std::string_view fraction = mantissa.substr(dot + 1);
  return (whole.empty() || all_digits(whole)) && (fraction.empty() || all_digits(fraction)) &&
         !(whole.empty() && fraction.empty());
}

// true, True, TRUE, false, False or FALSE: the core schema's booleans.
std::optional<bool> core_bool(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") {
    return true;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    return false;
  }
  return std::nullopt;
}

// The whole number in `text` as YAML 1.2's core schema writes one: [-+]?[0-9]+,
// 0o[0-7]+ or 0x[0-9a-fA-F]+.
std::optional<std::int64_t> core_int(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'x')) {
    base = text[1] == 'o' ? 8 : 16;
    text.remove_prefix(2);
  } else if (text.size() > 1 && text[0] == '+') {
    text.remove_prefix(1);
  }
  if (text.empty() || text[0] == '+' || (base != 10 && text[0] == '-')) {
    return std::nullopt;
  }
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number, base);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return number;
}

} // namespace

// A tag as it is written: "!!int" for YAML's own.
std::string written_tag(const std::string& tag) {
  return tag.rfind(k_core_tag, 0) == 0 ? "!!" + tag.substr(k_core_tag.size()) : tag;
}

// The name of one of YAML 1.2's core schema tags ("int" for "!!int"), or "" for others.
std::string core_tag(const std::string& tag) {
  if (tag.rfind(k_core_tag, 0) != 0) {
    return "";
  }
  std::string name = tag.substr(k_core_tag.size());
  for (const char* core : {"str", "int", "float", "bool", "null", "seq", "map"}) {
    if (name == core) {
      return name;
    }
  }
  return "";
}

// YAML 1.2 core schema for plain scalars.
nlohmann::json plain_scalar(const std::string& text) {
  if (auto truth = core_bool(text)) {
    return *truth;
  }
  try {
    std::string_view digits = text;
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
      digits.remove_prefix(1);
    }
    if (text.size() < 19 && all_digits(digits)) {
      return std::stoll(text);
    }
    if (text.size() < 40 && is_float(text)) {
      return std::stod(text);
    }
  } catch (const std::out_of_range&) {
    // Too large or too small for a number here: keep the text; the schema says whether
    // it belongs there.
  }
  return text;
}

// The value of a scalar with one of the core schema's tags (`name` as core_tag gives
// it), or nothing when the text does not fit the tag or JSON cannot hold it.
std::optional<nlohmann::json> tagged_scalar(const std::string& name, const std::string& text) {
  if (name == "str") {
    return nlohmann::json(text);
  }
  if (name == "null" && (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")) {
    return nlohmann::json(nullptr);
  }
  if (name == "bool") {
    if (auto truth = core_bool(text)) {
      return nlohmann::json(*truth);
    }
  }
  if (name == "int") {
    if (auto number = core_int(text)) {
      return nlohmann::json(*number);
    }
  }
  if (name == "float" && text.size() < 40 && is_float(text)) {
    try {
      return nlohmann::json(std::stod(text));
    } catch (const std::out_of_range&) {
      return std::nullopt; // too large or too small for a double
    }
  }
  return std::nullopt;
}

// What a core tag means, in words.
std::string tag_meaning(const std::string& name) {
  if (name == "str") {
    return "a text";
  }
  if (name == "int") {
    return "a whole number";
  }
  if (name == "float") {
    return "a number";
  }
  if (name == "bool") {
    return "true or false";
  }
  if (name == "null") {
    return "no value (empty, null or ~)";
  }
  return name == "seq" ? "a list" : "a mapping (names with values)";
}

} // namespace yaml
