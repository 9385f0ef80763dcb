#pragma once

#include <map>
#include <optional>
#include <string>

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

} // namespace core
