#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"

namespace core {

// Which kind of branch a commit is judged for (DESIGN §2, §5).
enum class BranchKind {
  protected_branch, // holds runbooks and policy
  log,              // holds execution records only
  review,           // any other branch: any person of the policy may sign, but only admins change .runbook/
};

// How many parents a commit has, as far as authorization cares.
enum class CommitShape { ordinary, merge };

// Why a commit signed by `signer` may not make these changes according to `policy`
// (the policy of one of its parents), in plain words; nullopt when it may.
// `paths` are the files the commit adds, changes or removes compared to that parent.
[[nodiscard]] std::optional<std::string> authorization_problem(const Policy& policy,
                                                 const Person& signer,
                                                 BranchKind kind,
                                                 CommitShape shape,
                                                 const std::vector<std::string>& paths);

// The roles a person holds, as text for messages: "admin, author" or "no role".
std::string describe_roles(const Person& person);

} // namespace core
