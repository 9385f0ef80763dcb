#pragma once

#include <optional>
#include <string>
#include <vector>

namespace core {

// What an operator must attach to a step (DESIGN §3).
enum class Evidence { none, text, link, file };

struct Input {
  std::string name;
  std::string prompt;
  std::optional<std::string> pattern;
  std::vector<std::string> options;
  bool required = false;
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
  // Team roles (issue 17): how many distinct people of the approval's role must
  // approve (`approval: {role: R, count: N}`); 1 for the plain `approval: R`.
  int approvals_needed = 1;
};

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

  const Step* find_step(const std::string& step_id) const;
};

std::string_view to_string(Evidence evidence);

} // namespace core
