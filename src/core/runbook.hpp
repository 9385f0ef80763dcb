#pragma once

#include <optional>
#include <string>
#include <vector>

namespace core {

// What an operator must attach to a step (DESIGN §3).
enum class Evidence { none, text, link, file };

// How often a runbook is to be run, in calendar periods of UTC (issue 17, schedules).
enum class Schedule { weekly, monthly, quarterly, yearly };

struct Input {
  std::string name;
  std::string prompt;
  std::optional<std::string> pattern;
  std::vector<std::string> options;
  bool required = false;
  // Answers where they belong (issue 17)
  std::optional<std::string> hint; // plain words for errors: "a date like 2026-01-31"
  // Conditions and repeats (issue 17)
  bool list = false; // the answer is a list: items separated by commas
};

// `when:` on a step: the run's answer to `input` is one of `in`, or is `equals`
// (exactly one of the two is given; core/step_conditions.hpp checks it).
struct Condition {
  std::string input;
  std::vector<std::string> in;
  std::optional<std::string> equals;
};

struct Step {
  std::string id; // "1", "2", "5.1"
  std::string title;
  std::string instructions; // the `do` field
  std::optional<std::string> tool;
  std::optional<std::string> template_name; // the `template` field
  std::optional<std::string> subject;
  std::optional<std::string> role;
  Evidence evidence = Evidence::none;
  std::optional<std::string> approval; // the role that must approve
  // Schedules and due times (issue 17)
  std::optional<std::string> due; // "30m", "4h", "2d" after the run's start (core/schedule.hpp)
  // Conditions and repeats (issue 17)
  std::optional<Condition> when;        // the step is needed only when it holds
  bool optional = false;                // a completed run does not wait for it
  std::optional<std::string> for_each;  // a list input: the step is recorded once per item
  // Team roles (issue 17): how many distinct people of the approval's role must
  // approve (`approval: {role: R, count: N}`); 1 for the plain `approval: R`.
  int approvals_needed = 1;
};

// Training on every version (issue 17): whether people must acknowledge a version
// before they follow it (core/training.hpp).
enum class Training { none, required };

// One version of a runbook, as runbooks/<id>/v<N>.yaml holds it.
struct Runbook {
  std::string id;
  int version = 0;
  std::string title;
  std::string owner;
  std::string summary;
  std::optional<std::string> change;
  std::vector<std::string> tags;
  std::vector<Input> inputs;
  std::vector<Step> steps;
  // Schedules and due times (issue 17)
  std::optional<Schedule> schedule;
  // Training on every version (issue 17)
  Training training = Training::none; // the `training` field

  const Step* find_step(const std::string& step_id) const;
};

std::string_view to_string(Evidence evidence);

} // namespace core
