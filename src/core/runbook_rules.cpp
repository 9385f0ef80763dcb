#include "core/runbook_rules.hpp"

#include "core/input_pattern.hpp"
#include "core/schedule.hpp"
#include "core/step_conditions.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace core {

namespace {

// The problem with a role a step names (for `what`: "is for", "needs approval by"):
// one the policy does not declare, or that no active person holds.
std::optional<std::string> role_name_problem(const Policy& policy, const Step& step, const std::string& role,
                                             const std::string& what) {
  if (!policy.knows_role(role)) {
    return "step \"" + step.id + "\" " + what + " the role \"" + role +
           "\", which the policy does not declare — check its spelling, or declare it and give it to someone "
           "with `git runbook keys grant PERSON " + role + " --describe \"what the role does\"`";
  }
  if (active_holders(policy, role) == 0) {
    return "step \"" + step.id + "\" " + what + " the role \"" + role +
           "\", which no active person holds — an admin gives it to someone with `git runbook keys grant PERSON " +
           role + "`";
  }
  return std::nullopt;
}

void check_people(const Runbook& runbook, const Policy& policy, std::vector<RunbookProblem>& problems) {
  const Person* owner = policy.find_person(runbook.owner);
  if (owner == nullptr) {
    problems.push_back({"/owner", "the owner \"" + runbook.owner +
                                      "\" is not a person of the policy — use an id from `git runbook keys list`"});
  } else if (owner->status != PersonStatus::active) {
    problems.push_back({"/owner", "the owner \"" + runbook.owner + "\" is " + std::string(to_string(owner->status)) +
                                      " — name an active person as owner"});
  }
  for (std::size_t i = 0; i < runbook.steps.size(); ++i) {
    const Step& step = runbook.steps[i];
    std::string base = "/steps/" + std::to_string(i);
    if (step.role) {
      if (auto problem = role_name_problem(policy, step, *step.role, "is for")) {
        problems.push_back({base + "/role", *problem});
      }
    }
    if (step.approval) {
      if (auto problem = role_name_problem(policy, step, *step.approval, "needs approval by")) {
        problems.push_back({base + "/approval", *problem});
      }
    }
  }
}

} // namespace

std::vector<RunbookProblem> role_holder_warnings(const Runbook& runbook, const Policy& policy) {
  std::vector<RunbookProblem> warnings;
  for (std::size_t i = 0; i < runbook.steps.size(); ++i) {
    const Step& step = runbook.steps[i];
    auto needed = static_cast<std::size_t>(std::max(step.approvals_needed, 1));
    std::size_t holders = step.approval ? active_holders(policy, *step.approval) : 0;
    if (needed > 1 && holders > 0 && holders < needed) {
      const std::string& role = *step.approval;
      std::string message = "step \"" + step.id + "\" needs " + std::to_string(needed) + " approvals by the role \"" +
                            role + "\", but only " + std::to_string(holders) + " active " +
                            (holders == 1 ? "person" : "people") + " of the policy " + (holders == 1 ? "holds" : "hold");
      message += " it, so no run can get past it yet — an admin gives the role to more people with `git runbook keys "
                 "grant PERSON ";
      message += role + "`";
      warnings.push_back({"/steps/" + std::to_string(i) + "/approval", std::move(message)});
    }
  }
  return warnings;
}

std::vector<RunbookProblem> check_runbook(const Runbook& runbook, const VersionPath& where, const Policy* policy) {
  std::vector<RunbookProblem> problems;
  if (runbook.id != where.id) {
    problems.push_back({"/id", "the id \"" + runbook.id + "\" does not match the folder runbooks/" + where.id +
                                   "/ — change it to \"" + where.id + "\""});
  }
  if (runbook.version != where.version) {
    problems.push_back({"/version", "the version " + std::to_string(runbook.version) + " does not match the file v" +
                                        std::to_string(where.version) + ".yaml — change it to " +
                                        std::to_string(where.version)});
  }
  if (where.version >= 2 && !runbook.change) {
    problems.push_back({"", "version " + std::to_string(where.version) +
                                " has no \"change\" — add a line saying why this version exists"});
  }
  std::map<std::string, std::size_t> step_ids;
  for (std::size_t i = 0; i < runbook.steps.size(); ++i) {
    auto [it, inserted] = step_ids.emplace(runbook.steps[i].id, i);
    if (!inserted) {
      problems.push_back({"/steps/" + std::to_string(i) + "/id",
                          "step id \"" + runbook.steps[i].id + "\" is used twice (also step " +
                              std::to_string(it->second + 1) + " in the list) — give each step its own number"});
    }
  }
  for (std::size_t i = 0; i < runbook.steps.size(); ++i) { // due times (issue 17)
    const Step& step = runbook.steps[i];
    if (step.due) {
      if (auto problem = due_problem(*step.due)) {
        problems.push_back({"/steps/" + std::to_string(i) + "/due",
                            "step \"" + step.id + "\": due \"" + *step.due + "\" " + *problem + " — fix it"});
      }
    }
  }
  std::set<std::string> input_names;
  for (std::size_t i = 0; i < runbook.inputs.size(); ++i) {
    const Input& input = runbook.inputs[i];
    std::string base = "/inputs/" + std::to_string(i);
    if (!input_names.insert(input.name).second) {
      problems.push_back({base + "/name", "the input \"" + input.name + "\" is listed twice — keep one"});
    }
    if (input.pattern) {
      if (auto compiled = compile_input_pattern(*input.pattern); !compiled) {
        problems.push_back({base + "/pattern", "the pattern of input \"" + input.name + "\" " +
                                                   pattern_fault(compiled.error()) + " — fix it or remove it"});
      }
    }
  }
  if (policy != nullptr) {
    check_people(runbook, *policy, problems);
  }
  check_conditions(runbook, problems); // Conditions and repeats (issue 17)
  return problems;
}

} // namespace core
