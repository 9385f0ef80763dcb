#include "core/step_conditions.hpp"

#include "core/input_rules.hpp"

#include <algorithm>

namespace core {

namespace {

const Input* find_input(const Runbook& runbook, const std::string& name) {
  auto found = std::find_if(runbook.inputs.begin(), runbook.inputs.end(),
                            [&](const Input& input) { return input.name == name; });
  return found == runbook.inputs.end() ? nullptr : &*found;
}

std::string listed(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    out += (out.empty() ? "" : ", ") + value;
  }
  return out;
}

void check_when(const Runbook& runbook, const Step& step, const std::string& base,
                std::vector<RunbookProblem>& problems) {
  const Condition& when = *step.when;
  std::string pointer = base + "/when";
  if (!when.in.empty() && when.equals) {
    problems.push_back({pointer, "the condition of step \"" + step.id +
                                     "\" has both \"in\" and \"equals\" — keep one of them"});
  } else if (when.in.empty() && !when.equals) {
    problems.push_back({pointer, "the condition of step \"" + step.id +
                                     "\" says neither \"in: [..]\" nor \"equals: ..\" — add one of them"});
  }
  const Input* input = find_input(runbook, when.input);
  if (input == nullptr) {
    std::vector<std::string> names;
    for (const Input& known : runbook.inputs) {
      names.push_back(known.name);
    }
    problems.push_back({pointer + "/input", "the condition of step \"" + step.id + "\" names the input \"" +
                                                when.input + "\", which this runbook does not ask for — " +
                                                (names.empty() ? std::string("add it under \"inputs\"")
                                                               : "use one of: " + listed(names))});
    return;
  }
  if (input->list) {
    problems.push_back({pointer + "/input", "the condition of step \"" + step.id + "\" names the list input \"" +
                                                input->name + "\" — a condition needs an input with one answer; "
                                                "to repeat the step for each item, use \"for_each: " +
                                                input->name + "\""});
    return;
  }
  if (input->options.empty()) {
    return;
  }
  auto outside = [&](const std::string& value, const std::string& at) {
    if (std::find(input->options.begin(), input->options.end(), value) == input->options.end()) {
      problems.push_back({at, "\"" + value + "\" is not one of the choices for \"" + input->name + "\" (" +
                                  listed(input->options) + "), so this condition could never hold — use one of them"});
    }
  };
  for (std::size_t k = 0; k < when.in.size(); ++k) {
    outside(when.in[k], pointer + "/in/" + std::to_string(k));
  }
  if (when.equals) {
    outside(*when.equals, pointer + "/equals");
  }
}

} // namespace

std::optional<std::string> not_needed_reason(const Step& step, const Answers& answers) {
  if (step.when) {
    auto answer = answers.find(step.when->input);
    if (answer == answers.end()) {
      return step.when->input + " was not given";
    }
    const std::vector<std::string>& in = step.when->in;
    bool holds = step.when->equals ? answer->second == *step.when->equals
                                   : std::find(in.begin(), in.end(), answer->second) != in.end();
    if (!holds) {
      return step.when->input + " is " + answer->second;
    }
  }
  if (step.for_each && step_items(step, answers).empty()) {
    return "no item was given for " + *step.for_each;
  }
  return std::nullopt;
}

std::vector<std::string> step_items(const Step& step, const Answers& answers) {
  if (!step.for_each) {
    return {};
  }
  auto answer = answers.find(*step.for_each);
  return answer == answers.end() ? std::vector<std::string>{} : list_items(answer->second);
}

std::string step_label(const std::string& step_id, const std::optional<std::string>& item) {
  return "step " + step_id + (item ? " for " + *item : "");
}

std::string step_key(const std::string& step_id, const std::optional<std::string>& item) {
  return item ? step_id + "\n" + *item : step_id;
}

void check_conditions(const Runbook& runbook, std::vector<RunbookProblem>& problems) {
  for (std::size_t i = 0; i < runbook.steps.size(); ++i) {
    const Step& step = runbook.steps[i];
    std::string base = "/steps/" + std::to_string(i);
    if (step.when) {
      check_when(runbook, step, base, problems);
    }
    if (!step.for_each) {
      continue;
    }
    const Input* input = find_input(runbook, *step.for_each);
    if (input == nullptr) {
      problems.push_back({base + "/for_each", "step \"" + step.id + "\" is repeated for each item of \"" +
                                                  *step.for_each + "\", which this runbook does not ask for — "
                                                  "add it under \"inputs\" with \"list: true\""});
    } else if (!input->list) {
      problems.push_back({base + "/for_each", "step \"" + step.id + "\" is repeated for each item of \"" +
                                                  input->name + "\", which takes one answer, not a list — add "
                                                  "\"list: true\" to the input \"" + input->name + "\""});
    }
  }
}

std::optional<std::string> item_problem(const Step* step, const Record& record, const Answers& answers) {
  bool for_a_step = record.event == EventKind::step || record.event == EventKind::approve;
  if (record.item && !for_a_step) {
    return "only a step or an approval is recorded for an item — leave out the item";
  }
  if (record.not_needed && (record.event != EventKind::step || record.outcome != Outcome::skipped)) {
    return "only a skipped step can be marked as not needed";
  }
  if (step == nullptr || !for_a_step) {
    return std::nullopt;
  }
  std::string run = record.run;
  if (auto reason = not_needed_reason(*step, answers)) {
    if (record.event == EventKind::approve) {
      return "step " + step->id + " is not needed in this run (" + *reason + "), so there is nothing to approve";
    }
    if (record.outcome != Outcome::skipped) {
      return "step " + step->id + " is not needed in this run (" + *reason + "): it can only be skipped — if it "
             "was done all the same, say so in a note (`git runbook note " + run + " \"…\"`)";
    }
    if (record.item) {
      return "step " + step->id + " is not needed in this run (" + *reason +
             "), so it is skipped as a whole — leave out --item";
    }
    return std::nullopt;
  }
  if (record.not_needed) {
    return "step " + step->id + " is needed in this run, so it cannot be skipped as not needed — record it as "
           "skipped with a note that says why";
  }
  if (!step->for_each) {
    if (record.item) {
      return "step " + step->id + " is not repeated per item — leave out --item";
    }
    return std::nullopt;
  }
  std::vector<std::string> items = step_items(*step, answers);
  if (!record.item) {
    return "step " + step->id + " is recorded once for each of " + *step->for_each + " (" + listed(items) +
           ") — name one with --item, e.g. --item " + items.front();
  }
  if (std::find(items.begin(), items.end(), *record.item) == items.end()) {
    return "\"" + *record.item + "\" is not one of the items of step " + step->id + " in this run (" +
           *step->for_each + ": " + listed(items) + ") — use one of them with --item";
  }
  return std::nullopt;
}

} // namespace core
