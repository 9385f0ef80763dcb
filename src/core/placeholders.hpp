#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/runbook.hpp"
#include "core/runbook_rules.hpp"

namespace core {

// `<name>` in a step's text names one of the runbook's inputs (DESIGN §3); wherever a
// run is shown (`run`, `status RUN`, `show --run`, the audit) it is filled with that
// run's answer. The name has an input name's form: a small letter, then small letters,
// digits and _ (at most 41 characters).

// One `<name>` found in a text: the name, and where the `<` is (bytes from the start).
struct Placeholder {
  std::string name;
  std::size_t offset = 0;
};

// Every `<name>` in `text`, in order.
std::vector<Placeholder> placeholders_in(std::string_view text);

// `text` with each `<name>` of a declared input replaced: by the run's answer, or by
// "(name not given)" when the run has none (an optional input left out). A `<name>`
// that names no input of `inputs` is left as written.
std::string fill_placeholders(std::string_view text,
                              const std::vector<Input>& inputs,
                              const std::map<std::string, std::string>& answers);

// The runbook with every step's title, instructions, subject and template filled with
// the run's answers; ids, roles and everything the rules read stay as they are.
Runbook with_answers(const Runbook& runbook, const std::map<std::string, std::string>& answers);

// Each `<name>` in a step's title, instructions, subject or template that names no
// input of the runbook, at the field that holds it ("/steps/2/do"). For warnings: such
// text is left as written (it may be meant literally), so it is never refused.
std::vector<RunbookProblem> unknown_placeholders(const Runbook& runbook);

} // namespace core
