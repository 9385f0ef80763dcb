#pragma once

#include "core/runbook.hpp"

#include <optional>
#include <string>
#include <vector>

namespace test_support {

// An input of a runbook, for tests that build runbooks in code: the fields a test names,
// every other field (and any field added later) at its default.
inline core::Input make_input(std::string name, std::string prompt, std::optional<std::string> pattern = std::nullopt,
                              bool required = false, std::vector<std::string> options = {}) {
  core::Input input;
  input.name = std::move(name);
  input.prompt = std::move(prompt);
  input.pattern = std::move(pattern);
  input.required = required;
  input.options = std::move(options);
  return input;
}

} // namespace test_support
