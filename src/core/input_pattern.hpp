#pragma once

#include "core/runbook.hpp"
#include "util/pattern.hpp"

#include <optional>
#include <string>

namespace core {

// A runbook input's `pattern`, which the whole answer must match (util::Pattern: the
// syntax of JSON Schema's patterns, matched without back-references in time that grows
// with the answer's length, never exponentially).
util::Result<util::Pattern, util::Pattern::Refusal> compile_input_pattern(const std::string& pattern);

// Why a pattern was refused, in words that follow "the pattern of input \"x\" ": "is not
// a valid regular expression (missing closing parenthesis after character 9)".
std::string pattern_fault(const util::Pattern::Refusal& refusal);

// What is wrong with an answer under the input's pattern: it does not have the form
// (said with the input's `hint` when it has one, else with the pattern), or
// it could not be checked (and why, and what to do). nullopt when it fits or there is no
// pattern.
std::optional<std::string> pattern_problem(const Input& input, const std::string& value);

} // namespace core
