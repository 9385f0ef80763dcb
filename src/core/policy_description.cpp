#include "core/policy_description.hpp"

#include "util/clock.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <set>

namespace core {

namespace {


// Who may record a step of `role` (an operator holding it) or approve it (someone
// holding it who may sign on the log: an operator or an approver), as record_rules.cpp
// and authorization.cpp judge.
bool may(const Person& person, StepRequirement::Kind kind, const std::string& role) {
  if (person.status != PersonStatus::active || !holds_role(person, role)) {
    return false;
  }
  return kind == StepRequirement::Kind::perform ? has_role(person, Role::operator_)
                                                : has_role(person, Role::operator_) || has_role(person, Role::approver);
}

std::string people_text(const std::vector<std::string>& people) {
  return people.empty() ? std::string("nobody") : util::join(people, ", ");
}

std::string step_label(const Runbook& runbook, const Step& step) {
  return "Step " + step.id + " \"" + step.title + "\" of " + runbook.id;
}

StepRequirement requirement(const Policy& policy, const Runbook& runbook, const Step& step,
                            StepRequirement::Kind kind) {
  StepRequirement need;
  need.kind = kind;
  need.runbook = runbook.id;
  need.version = runbook.version;
  need.step = step.id;
  need.title = step.title;
  need.role = kind == StepRequirement::Kind::perform ? *step.role : *step.approval;
  need.needed = kind == StepRequirement::Kind::perform ? 1 : std::max(step.approvals_needed, 1);
  for (const Person& person : policy.people) {
    if (may(person, kind, need.role)) {
      need.people.push_back(person.id);
    }
  }
  need.can_be_met = need.people.size() >= static_cast<std::size_t>(need.needed);
  if (kind == StepRequirement::Kind::perform) {
    need.sentence = step_label(runbook, step) + " is recorded by someone with the " + need.role +
                    " role: " + people_text(need.people);
  } else {
    need.sentence = step_label(runbook, step) + " needs " + std::to_string(need.needed) +
                    (need.needed == 1 ? " approval" : " approvals") + " from " + need.role + ": " +
                    people_text(need.people);
  }
  return need;
}

std::string requirement_warning(const Policy& policy, const StepRequirement& need) {
  std::string what = need.kind == StepRequirement::Kind::perform
                         ? "needs an operator with the " + need.role + " role"
                         : "needs " + std::to_string(need.needed) + " distinct " +
                               (need.needed == 1 ? "person" : "people") + " with the " + need.role + " role";
  std::string warning = "Step " + need.step + " \"" + need.title + "\" of " + need.runbook + " (v" +
                        std::to_string(need.version) + ") " + what + ", but " +
                        (need.people.empty() ? std::string("no active person")
                                             : "only " + std::to_string(need.people.size()) + " active " +
                                                   (need.people.size() == 1 ? "person" : "people")) +
                        " can, so no run can get past it";
  // Someone who holds the role but may not sign on the log is the likely slip.
  std::vector<std::string> stuck;
  for (const Person& person : policy.people) {
    if (person.status == PersonStatus::active && holds_role(person, need.role) && !may(person, need.kind, need.role)) {
      stuck.push_back(person.id);
    }
  }
  if (!stuck.empty()) {
    warning += " (" + util::join(stuck, ", ") + (stuck.size() == 1 ? " holds" : " hold") + " the role but not " +
               (need.kind == StepRequirement::Kind::perform ? "operator" : "operator or approver") + ")";
  }
  return warning + ". An admin gives the role to more people: `git runbook keys grant PERSON " + need.role + "`.";
}

PublishRight publish_right(const Policy& policy, const std::string& runbook) {
  PublishRight right;
  right.runbook = runbook;
  auto named = policy.runbook_authors.find(runbook);
  right.narrowed = named != policy.runbook_authors.end();
  for (const Person& person : policy.people) {
    bool listed = !right.narrowed ||
                  std::find(named->second.begin(), named->second.end(), person.id) != named->second.end();
    if (person.status == PersonStatus::active && has_role(person, Role::author) && listed) {
      right.authors.push_back(person.id);
    }
  }
  right.sentence = right.narrowed ? "Only " + people_text(right.authors) + " may publish " + runbook +
                                        " (the policy names its authors)."
                                  : "Any author may publish " + runbook + ": " + people_text(right.authors) + ".";
  if (right.authors.empty()) {
    right.sentence = "Nobody may publish " + runbook + " now: no active author" +
                     (right.narrowed ? " among those the policy names for it" : "") + ".";
  }
  return right;
}

} // namespace

std::string what_role_allows(const std::string& role) {
  if (auto builtin = parse_role(role)) {
    switch (*builtin) {
    case Role::admin:
      return "change the policy and people's keys (admin)";
    case Role::author:
      return "publish runbook versions (author)";
    case Role::operator_:
      return "record runs (operator)";
    case Role::approver:
      return "sign approvals (approver)";
    case Role::witness:
      return "sign the server's checkpoints of when it received each push (witness)";
    }
  }
  return "approve " + role + " steps and record them (team role)";
}

std::string expiry_text(std::int64_t expires) {
  return expires == 0 ? std::string("never") : util::utc_day(static_cast<long>(expires));
}

PolicyDescription describe_policy(const Policy& policy, const std::vector<Runbook>& runbooks,
                                  const KeyFiles& keys) {
  PolicyDescription out;
  out.protected_branches = policy.protected_branches;
  out.log_branch = policy.log_branch;
  for (const Person& person : policy.people) {
    PersonDescription described{person.id, person.name, person.email, person.fingerprint,
                                std::string(to_string(person.status)), {}, std::nullopt};
    for (Role role : person.roles) {
      described.roles.emplace_back(to_string(role));
    }
    described.roles.insert(described.roles.end(), person.team_roles.begin(), person.team_roles.end());
    if (auto key = keys.find(person.id); key != keys.end()) {
      described.key_expires = key->second.expires;
    }
    out.people.push_back(std::move(described));
  }
  std::vector<std::string> role_names;
  for (Role role : k_all_roles) {
    role_names.emplace_back(to_string(role));
  }
  for (const TeamRole& role : policy.team_roles) {
    role_names.push_back(role.name);
    out.team_role_descriptions[role.name] = role.description;
  }
  for (const std::string& role : role_names) {
    std::vector<std::string> holders;
    for (const Person& person : policy.people) {
      if (person.status == PersonStatus::active && holds_role(person, role)) {
        holders.push_back(person.id);
      }
    }
    out.holders.emplace_back(role, std::move(holders));
  }
  std::vector<const Runbook*> ordered;
  std::set<std::string> ids;
  for (const Runbook& runbook : runbooks) {
    ordered.push_back(&runbook);
    ids.insert(runbook.id);
  }
  std::sort(ordered.begin(), ordered.end(), [](const Runbook* a, const Runbook* b) { return a->id < b->id; });
  for (const auto& [id, authors] : policy.runbook_authors) {
    ids.insert(id); // named before its first version
  }
  for (const std::string& id : ids) {
    out.publishing.push_back(publish_right(policy, id));
  }
  for (const Runbook* runbook : ordered) {
    for (const Step& step : runbook->steps) {
      for (auto kind : {StepRequirement::Kind::perform, StepRequirement::Kind::approve}) {
        const std::optional<std::string>& role = kind == StepRequirement::Kind::perform ? step.role : step.approval;
        // Every recording needs the operator role: a step "for operators" narrows nothing.
        bool narrows = kind == StepRequirement::Kind::approve || role != std::string(to_string(Role::operator_));
        if (role && narrows) {
          out.steps.push_back(requirement(policy, *runbook, step, kind));
          if (!out.steps.back().can_be_met) {
            out.warnings.push_back(requirement_warning(policy, out.steps.back()));
          }
        }
      }
    }
  }
  for (const PublishRight& right : out.publishing) {
    if (right.authors.empty()) {
      out.warnings.push_back(right.sentence + " An admin grants the author role: `git runbook keys grant PERSON author`.");
    }
  }
  return out;
}

} // namespace core
