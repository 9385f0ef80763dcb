#include "core/input_rules.hpp"

#include "core/input_pattern.hpp"

#include <algorithm>

namespace core {

namespace {

constexpr std::size_t k_longest_answer = 2000;

} // namespace

std::optional<std::string> answer_problem(const Input& input, const std::string& value) {
  if (value.size() > k_longest_answer) {
    return "the answer for \"" + input.name + "\" is longer than " + std::to_string(k_longest_answer) +
           " characters";
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
