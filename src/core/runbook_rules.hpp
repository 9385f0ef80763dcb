#pragma once

#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/runbook.hpp"
#include "core/runbook_paths.hpp"

namespace core {

// A problem in one runbook file, at a JSON pointer into it ("/steps/2/id"); the YAML
// layer turns the pointer into a line and column.
struct RunbookProblem {
  std::string pointer;
  std::string message; // what is wrong — what to do
};

// The rules of DESIGN §3 that a schema cannot say: the id equals the folder, the
// version equals the file's number, `change` from version 2 on, unique step and input
// ids, input patterns that are valid regular expressions, `due` times of the form 30m,
// 4h or 2d, and — with a policy — an
// owner who is an active person and roles that some active person holds.
[[nodiscard]] std::vector<RunbookProblem> check_runbook(const Runbook& runbook,
                                          const VersionPath& where,
                                          const Policy* policy);

// Team roles (issue 17): the steps that ask for more distinct approvers than active
// people of the policy hold the role. Warnings, not problems: a team may publish first
// and grant the role to more people after.
std::vector<RunbookProblem> role_holder_warnings(const Runbook& runbook, const Policy& policy);

} // namespace core
