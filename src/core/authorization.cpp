#include "core/authorization.hpp"

#include "util/text.hpp"

#include <algorithm>

namespace core {

namespace {

// The runbook id of a path under runbooks/, or nullopt.
std::optional<std::string> runbook_of(const std::string& path) {
  if (!util::starts_with(path, "runbooks/")) {
    return std::nullopt;
  }
  std::string rest = path.substr(9);
  std::size_t slash = rest.find('/');
  return slash == std::string::npos ? rest : rest.substr(0, slash);
}

std::string lacks(const Person& person, const std::string& what, const std::string& needed) {
  return person.id + " " + what + ", which needs the " + needed + " role; " + person.id +
         " has " + describe_roles(person);
}

std::optional<std::string> protected_problem(const Policy& policy,
                                             const Person& signer,
                                             CommitShape shape,
                                             const std::vector<std::string>& paths) {
  if (shape == CommitShape::merge && !has_role(signer, Role::admin) && !has_role(signer, Role::author)) {
    return lacks(signer, "made a merge commit on a protected branch", "author or admin");
  }
  for (const std::string& path : paths) {
    if (util::starts_with(path, ".runbook/")) {
      if (!has_role(signer, Role::admin)) {
        return lacks(signer, "changed " + path, "admin");
      }
    } else if (auto runbook = runbook_of(path)) {
      if (!has_role(signer, Role::author)) {
        return lacks(signer, "changed " + path, "author");
      }
      auto narrowed = policy.runbook_authors.find(*runbook);
      if (narrowed != policy.runbook_authors.end() &&
          std::find(narrowed->second.begin(), narrowed->second.end(), signer.id) ==
              narrowed->second.end()) {
        return signer.id + " changed " + path + ", but the policy names only " +
               util::join(narrowed->second, ", ") + " as authors of runbook \"" + *runbook + "\"";
      }
    } else if (!has_role(signer, Role::admin) && !has_role(signer, Role::author)) {
      return lacks(signer, "changed " + path + " on a protected branch", "author or admin");
    }
  }
  return std::nullopt;
}

} // namespace

std::string describe_roles(const Person& person) {
  std::vector<std::string> names;
  for (Role role : person.roles) {
    names.emplace_back(to_string(role));
  }
  names.insert(names.end(), person.team_roles.begin(), person.team_roles.end()); // issue 17
  return names.empty() ? "no role" : util::join(names, ", ");
}

std::optional<std::string> authorization_problem(const Policy& policy,
                                                 const Person& signer,
                                                 BranchKind kind,
                                                 CommitShape shape,
                                                 const std::vector<std::string>& paths) {
  if (signer.status == PersonStatus::revoked) {
    return "the key of " + signer.id + " is revoked in the policy; it signs nothing any more";
  }
  if (signer.status == PersonStatus::retired) {
    return signer.id + " is retired in the policy and may no longer sign";
  }
  switch (kind) {
  case BranchKind::protected_branch:
    return protected_problem(policy, signer, shape, paths);
  case BranchKind::log:
    if (!has_role(signer, Role::operator_) && !has_role(signer, Role::approver)) {
      return lacks(signer, "recorded on the log branch", "operator or approver");
    }
    return std::nullopt;
  case BranchKind::review:
    // Anyone of the policy may propose runbook versions for review, but the policy
    // itself changes only by admins, wherever the commit is made: otherwise a merge
    // could bring in a policy change that no admin signed.
    for (const std::string& path : paths) {
      if (util::starts_with(path, ".runbook/") && !has_role(signer, Role::admin)) {
        return lacks(signer, "changed " + path, "admin");
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

} // namespace core
