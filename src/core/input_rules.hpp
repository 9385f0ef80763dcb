#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/runbook.hpp"

namespace core {

// The rules a run's inputs keep (DESIGN §4), written once: `start` asks with them, and
// recording, `sync`, the server's hook and `verify` refuse a start that breaks them.

// What is wrong with one answer to `input` (too long, not one of its options, not of
// its pattern's form); nullopt when it fits.
[[nodiscard]] std::optional<std::string> answer_problem(const Input& input, const std::string& value);

// What is wrong with a start's inputs for `runbook`: one it does not declare, a
// required one missing, an answer that does not fit. nullopt when they fit.
[[nodiscard]] std::optional<std::string> start_inputs_problem(const Runbook& runbook,
                                                const std::map<std::string, std::string>& inputs);

// Conditions and repeats (issue 17): a `list: true` input's answer is items separated by
// commas ("payroll, crm,okta"); each item, trimmed, must be non-empty, on one line, at
// most 200 characters, listed once, and fit the input's options and pattern.

// The items of a list answer, split at commas and trimmed (empty items kept, for the
// rule to refuse).
[[nodiscard]] std::vector<std::string> list_items(std::string_view answer);

// A list answer as it is recorded: its items joined by ", ".
[[nodiscard]] std::string canonical_list(std::string_view answer);

} // namespace core
