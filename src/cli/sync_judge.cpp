#include "cli/sync_judge.hpp"

#include "cli/run_log.hpp"
#include "trust/push_check.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace cli {

namespace {

constexpr std::size_t k_problems_shown = 5;

// The problems the server's judge finds in moving `ref` from `from` (none: a new ref)
// to `to`, with the `held` refs taken as what the server already holds.
std::vector<trust::Problem> push_problems(Workspace& workspace,
                                          std::vector<std::pair<std::string, std::string>> held,
                                          const std::string& ref,
                                          const std::optional<std::string>& from,
                                          const std::string& to,
                                          bool as_history) {
  trust::PushOptions options;
  options.trust_root = workspace.repo().config_string("runbook.trustRoot");
  options.held_refs = std::move(held);
  options.as_history = as_history;
  trust::PushReport report = trust::check_push(
      workspace.repo(), {trust::RefUpdate{from.value_or(std::string(40, '0')), to, ref}}, options);
  std::vector<trust::Problem> problems;
  for (const trust::RefVerdict& verdict : report.refs) {
    problems.insert(problems.end(), verdict.problems.begin(), verdict.problems.end());
  }
  return problems;
}

// The same for the log moving from `from` to `to`, with the protected branch at
// `protected_tip` and the log at `from` held.
std::vector<trust::Problem> server_problems(Workspace& workspace,
                                            const std::optional<std::string>& protected_tip,
                                            const std::optional<std::string>& from,
                                            const std::string& to,
                                            bool as_history) {
  const core::Policy& policy = workspace.policy();
  std::vector<std::pair<std::string, std::string>> held;
  if (protected_tip) {
    held.emplace_back("refs/heads/" + policy.protected_branches.front(), *protected_tip);
  }
  std::string log = "refs/heads/" + policy.log_branch;
  if (from) {
    held.emplace_back(log, *from);
  }
  return push_problems(workspace, std::move(held), log, from, to, as_history);
}

std::string listing(const std::vector<trust::Problem>& problems) {
  std::string text;
  for (std::size_t i = 0; i < problems.size() && i < k_problems_shown; ++i) {
    const trust::Problem& problem = problems[i];
    text += "\n  commit " + util::shorten(problem.commit) + ": " + problem.message + " [" + problem.rule + "]";
  }
  if (problems.size() > k_problems_shown) {
    text += "\n  … and " + std::to_string(problems.size() - k_problems_shown) + " more";
  }
  return text;
}

} // namespace

std::string seen_ref(const std::string& remote) { return "refs/runbook/seen/" + remote; }

void judge_fetched_protected(Workspace& workspace,
                             const std::string& remote,
                             const std::optional<std::string>& protected_tip) {
  const git::Repository& repo = workspace.repo();
  std::string ref = "refs/heads/" + workspace.policy().protected_branches.front();
  std::optional<std::string> local = repo.resolve_ref(ref);
  if (!protected_tip || protected_tip == local || (local && repo.is_ancestor(*protected_tip, *local))) {
    return; // nothing this clone does not hold already
  }
  std::optional<std::string> base = local ? repo.merge_base(*local, *protected_tip) : std::nullopt;
  std::vector<std::pair<std::string, std::string>> held;
  if (local) {
    held.emplace_back(ref, *local);
  }
  std::vector<trust::Problem> problems =
      push_problems(workspace, std::move(held), ref, base, *protected_tip, true);
  if (problems.empty()) {
    return;
  }
  throw util::RuleError(
      remote + "'s " + workspace.policy().protected_branches.front() +
      " branch holds commits that its own rules refuse, so no record was taken or sent:" + listing(problems) +
      "\nEvery record made here stays (`git runbook status` lists them). Tell the server's admin: someone wrote "
      "to it past its hook (`git runbook verify` in a clone of it shows the same).");
}

void judge_fetched(Workspace& workspace,
                   const std::string& remote,
                   const std::optional<std::string>& protected_tip,
                   const std::optional<std::string>& base,
                   const std::string& remote_tip) {
  if (base == remote_tip) {
    return;
  }
  std::vector<trust::Problem> problems = server_problems(workspace, protected_tip, base, remote_tip, true);
  if (problems.empty()) {
    return;
  }
  throw util::RuleError(
      remote + "'s log holds records that its own rules refuse, so none of them was taken here:" +
      listing(problems) +
      "\nNothing was sent, and every record made here stays (`git runbook status` lists them). Tell the "
      "server's admin: someone wrote to it past its hook (`git runbook verify` in a clone of it shows the "
      "same).");
}

void judge_sending(Workspace& workspace,
                   const std::string& remote,
                   const std::optional<std::string>& protected_tip,
                   const std::optional<std::string>& remote_tip,
                   const std::string& new_tip) {
  std::vector<trust::Problem> problems = server_problems(workspace, protected_tip, remote_tip, new_tip, false);
  if (problems.empty()) {
    return;
  }
  throw util::RuleError(
      remote + " is a folder on this machine, where no server hook runs; the hook's rules refuse what "
               "would be sent, so nothing was:" +
      listing(problems) +
      "\nEvery record stays here (`git runbook status` lists them). Fix what is named, or drop a "
      "record with `git runbook sync --drop RECORD-PATH`.");
}

} // namespace cli
