#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "core/runbook.hpp"
#include "core/runbook_rules.hpp"

namespace core {

// Conditions, optional steps and steps repeated per item (issue 17, DESIGN §3), decided
// once here for `validate`, recording, `sync`, the server's hook and `verify`.

using Answers = std::map<std::string, std::string>; // a run's inputs, from its start

// Why `step` is not needed in a run with these answers, in plain words ("severity is
// SEV3", "severity was not given", "no item was given for systems"); nullopt when it is
// needed. A step without `when:` or `for_each:` is always needed.
[[nodiscard]] std::optional<std::string> not_needed_reason(const Step& step, const Answers& answers);

// The items a `for_each` step is recorded for in a run with these answers; empty for
// a step without `for_each` or a list that was not given.
[[nodiscard]] std::vector<std::string> step_items(const Step& step, const Answers& answers);

// "step 5" or "step 5 for crm".
[[nodiscard]] std::string step_label(const std::string& step_id, const std::optional<std::string>& item);

// The key of a step's (or one item's) state in RunState::steps: the step id, or the id,
// a line break and the item (an item holds no line break). Never taken apart again.
[[nodiscard]] std::string step_key(const std::string& step_id, const std::optional<std::string>& item);

// The runbook rules of `when:` and `for_each:` that a schema cannot say: the input they
// name exists; `when:` has exactly one of `in` and `equals`, names an input with one
// answer, and its values are among that input's options when it has options;
// `for_each:` names a list input. Appended to `problems`, at JSON pointers.
void check_conditions(const Runbook& runbook, std::vector<RunbookProblem>& problems);

// The hard rules of items and conditions for a step or approval record of `step` in a
// run with these answers: an item exactly when the step is repeated per item, and one of
// the run's items; a step that is not needed is only skipped (as a whole); `not_needed`
// only on such a skip. Plain words with what to do; nullopt when none is broken.
[[nodiscard]] std::optional<std::string> item_problem(const Step* step, const Record& record, const Answers& answers);

} // namespace core
