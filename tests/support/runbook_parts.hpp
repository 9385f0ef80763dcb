#pragma once

#include "core/record.hpp"
#include "core/runbook.hpp"
#include "support/policy_parts.hpp"

#include <optional>
#include <set>
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

// A runbook `id` v1 with the steps "1" … "<steps>", titled "Step 1" … .
inline core::Runbook numbered_runbook(std::string id, std::string title, int steps) {
  core::Runbook book;
  book.id = std::move(id);
  book.version = 1;
  book.title = std::move(title);
  for (int n = 1; n <= steps; ++n) {
    core::Step step;
    step.id = std::to_string(n);
    step.title = "Step " + step.id;
    book.steps.push_back(step);
  }
  return book;
}

// A record of version 1 of `runbook` in `run`: the fields every event has.
inline core::Record make_record(std::string runbook, std::string run, core::EventKind kind, std::string by,
                                std::string at) {
  core::Record record;
  record.runbook = std::move(runbook);
  record.run = std::move(run);
  record.version = 1;
  record.event = kind;
  record.by = std::move(by);
  record.at = std::move(at);
  return record;
}

} // namespace test_support
