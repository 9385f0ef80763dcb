#include "core/placeholders.hpp"

#include <algorithm>

namespace core {

namespace {

constexpr std::size_t k_longest_name = 41; // as the schema's input names

bool name_start(char c) { return c >= 'a' && c <= 'z'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '_'; }

const Input* find_input(const std::vector<Input>& inputs, const std::string& name) {
  auto found = std::find_if(inputs.begin(), inputs.end(), [&](const Input& input) { return input.name == name; });
  return found == inputs.end() ? nullptr : &*found;
}

} // namespace

std::vector<Placeholder> placeholders_in(std::string_view text) {
  std::vector<Placeholder> found;
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    std::size_t end = at + 1;
    if (end >= text.size() || !name_start(text[end])) {
      continue;
    }
    while (end < text.size() && name_char(text[end])) {
      ++end;
    }
    if (end < text.size() && text[end] == '>' && end - at - 1 <= k_longest_name) {
      found.push_back(Placeholder{std::string(text.substr(at + 1, end - at - 1)), at});
    }
  }
  return found;
}

std::string fill_placeholders(std::string_view text,
                              const std::vector<Input>& inputs,
                              const std::map<std::string, std::string>& answers) {
  std::string out;
  std::size_t copied = 0;
  for (const Placeholder& placeholder : placeholders_in(text)) {
    if (find_input(inputs, placeholder.name) == nullptr) {
      continue; // not an input: left as written
    }
    out.append(text.substr(copied, placeholder.offset - copied));
    auto answer = answers.find(placeholder.name);
    out += answer != answers.end() ? answer->second : "(" + placeholder.name + " not given)";
    copied = placeholder.offset + placeholder.name.size() + 2;
  }
  out.append(text.substr(copied));
  return out;
}

Runbook with_answers(const Runbook& runbook, const std::map<std::string, std::string>& answers) {
  Runbook filled = runbook;
  auto fill = [&](std::string& text) { text = fill_placeholders(text, runbook.inputs, answers); };
  for (Step& step : filled.steps) {
    fill(step.title);
    fill(step.instructions);
    if (step.subject) {
      fill(*step.subject);
    }
    if (step.template_name) {
      fill(*step.template_name);
    }
  }
  return filled;
}

std::vector<RunbookProblem> unknown_placeholders(const Runbook& runbook) {
  std::vector<RunbookProblem> problems;
  for (std::size_t i = 0; i < runbook.steps.size(); ++i) {
    const Step& step = runbook.steps[i];
    auto check = [&](const char* field, const std::optional<std::string>& text) {
      if (!text) {
        return;
      }
      for (const Placeholder& placeholder : placeholders_in(*text)) {
        if (find_input(runbook.inputs, placeholder.name) == nullptr) {
          problems.push_back({"/steps/" + std::to_string(i) + "/" + field,
                              "step \"" + step.id + "\" mentions <" + placeholder.name +
                                  ">, but the runbook has no input \"" + placeholder.name +
                                  "\", so it is shown as written — add the input, or fix the name"});
        }
      }
    };
    check("title", step.title);
    check("do", step.instructions);
    check("subject", step.subject);
    check("template", step.template_name);
  }
  return problems;
}

} // namespace core
