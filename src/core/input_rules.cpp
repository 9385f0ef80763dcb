#include "core/input_rules.hpp"

#include "core/input_pattern.hpp"

#include <algorithm>

namespace core {

namespace {

constexpr std::size_t k_longest_answer = 2000;
constexpr std::size_t k_longest_item = 200;

// The items of a list answer are each judged as one answer would be.
std::optional<std::string> list_problem(const Input& input, const std::string& value) {
  std::vector<std::string> items = list_items(value);
  if (items.empty()) {
    return "the answer for \"" + input.name + "\" lists no item — write the items separated by commas";
  }
  Input one = input;
  one.list = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& item = items[i];
    if (item.empty()) {
      return "the answer for \"" + input.name + "\" has an empty item — write the items separated by single "
             "commas, like payroll, crm, okta";
    }
    if (item.size() > k_longest_item) {
      return "an item of \"" + input.name + "\" is longer than " + std::to_string(k_longest_item) + " characters";
    }
    if (std::any_of(item.begin(), item.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
      return "an item of \"" + input.name + "\" holds a line break or a control character — write each item on one line";
    }
    if (std::find(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(i), item) != items.begin() + static_cast<std::ptrdiff_t>(i)) {
      return "\"" + item + "\" is listed twice for \"" + input.name + "\" — list each item once";
    }
    if (auto problem = answer_problem(one, item)) {
      return problem;
    }
  }
  return std::nullopt;
}

} // namespace

std::vector<std::string> list_items(std::string_view answer) {
  std::vector<std::string> items;
  auto trimmed = [](std::string_view text) {
    std::size_t first = text.find_first_not_of(" \t");
    std::size_t last = text.find_last_not_of(" \t");
    return first == std::string_view::npos ? std::string() : std::string(text.substr(first, last - first + 1));
  };
  if (trimmed(answer).empty()) {
    return items;
  }
  std::size_t at = 0;
  while (true) {
    std::size_t comma = answer.find(',', at);
    items.push_back(trimmed(answer.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at)));
    if (comma == std::string_view::npos) {
      return items;
    }
    at = comma + 1;
  }
}

std::string canonical_list(std::string_view answer) {
  std::string out;
  for (const std::string& item : list_items(answer)) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

std::optional<std::string> answer_problem(const Input& input, const std::string& value) {
  if (value.size() > k_longest_answer) {
    return "the answer for \"" + input.name + "\" is longer than " + std::to_string(k_longest_answer) +
           " characters";
  }
  if (input.list) {
    return list_problem(input, value);
  }
  if (!input.options.empty() && std::find(input.options.begin(), input.options.end(), value) == input.options.end()) {
    std::string choices;
    for (const std::string& option : input.options) {
      choices += (choices.empty() ? "" : ", ") + option;
    }
    return "\"" + value + "\" is not one of the choices for \"" + input.name + "\": " + choices;
  }
  return pattern_problem(input, value);
}

std::optional<std::string> start_inputs_problem(const Runbook& runbook,
                                                const std::map<std::string, std::string>& inputs) {
  for (const auto& answer : inputs) {
    const std::string& name = answer.first; // a plain reference: Clang 14 captures no structured binding
    const std::string& value = answer.second;
    auto declared = std::find_if(runbook.inputs.begin(), runbook.inputs.end(),
                                 [&](const Input& input) { return input.name == name; });
    if (declared == runbook.inputs.end()) {
      return "the input \"" + name + "\" is not one that runbook " + runbook.id + " v" +
             std::to_string(runbook.version) + " asks for";
    }
    if (auto problem = answer_problem(*declared, value)) {
      return problem;
    }
  }
  for (const Input& input : runbook.inputs) {
    if (input.required && inputs.count(input.name) == 0) {
      return "runbook " + runbook.id + " v" + std::to_string(runbook.version) + " needs the input \"" + input.name +
             "\", and the start has none";
    }
  }
  return std::nullopt;
}

} // namespace core
