#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/checkpoint.hpp"
#include "git/repository.hpp"
#include "trust/policy_store.hpp"
#include "trust/problem.hpp"

namespace trust {

// Witnessed time (issue 18): what a clone's copy of the server's checkpoints proves.
struct WitnessedHistory {
  std::size_t checkpoints = 0;           // on the chain, good or not
  std::vector<core::Checkpoint> trusted; // signed by a witness of the policy, oldest first
  std::vector<Problem> problems;
  std::vector<std::string> warnings; // what could not be checked here (a tip not fetched)
};

// Judges the checkpoint chain that ends at `tip` (refs/runbook/checkpoints), for
// `verify`, `audit` and the server alike:
// - the chain is linear: each checkpoint has at most one parent;
// - each is signed by an active person who holds `witness` in the policy at the tip of
//   `policy_branch` that the checkpoint itself names (the policy the server held when
//   it signed; so a witness key retired later leaves earlier checkpoints valid);
// - each is a fast-forward of the one before: every branch tip it names holds the
//   previous checkpoint's tip of that branch (else "the server rewound <branch>");
// - every tip it names is here and in the history of today's tip of that branch, the
//   local branch or a remote-tracking copy (else "the server showed two histories");
//   a tip not fetched yet is a warning, not a problem.
WitnessedHistory judge_checkpoints(const git::Repository& repo, PolicyStore& policies, const std::string& tip,
                                   const std::string& policy_branch);

// The window in which the server received each commit of the log ending at
// `log_tip`, by commit id, from the trusted checkpoints.
std::map<std::string, core::ReceivedWindow> witnessed_windows(const git::Repository& repo,
                                                              const std::vector<core::Checkpoint>& trusted,
                                                              const std::string& log_tip);

// The checkpoint a server would write now: its time and the tip of each protected
// branch of the policy at `policy_branch` and of the log branch. nullopt when the
// repository has no such branch or policy yet.
std::optional<core::Checkpoint> current_checkpoint(const git::Repository& repo, PolicyStore& policies,
                                                   const std::string& policy_branch, const std::string& now);

} // namespace trust
