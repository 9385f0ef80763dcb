#include "cli/checkpoint_sync.hpp"

#include "cli/output.hpp"
#include "core/checkpoint.hpp"
#include "git/remote.hpp"
#include "git/signed_commit_writer.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace cli {

void take_checkpoints(Workspace& workspace, const std::string& remote) {
  git::Repository& repo = workspace.repo();
  std::string fetched_ref = "refs/runbook/fetched-checkpoints/" + remote;
  auto fetched = git::fetch_refs(repo, remote, {{core::k_checkpoints_ref, fetched_ref}});
  auto theirs = fetched.at(core::k_checkpoints_ref);
  if (!theirs) {
    return; // the server has no witness
  }
  auto ours = repo.resolve_ref(core::k_checkpoints_ref);
  if (ours == theirs) {
    return;
  }
  if (!ours || repo.is_ancestor(*ours, *theirs)) {
    // A lost race means another sync here took them meanwhile: the next sync goes on.
    if (git::move_ref(repo, core::k_checkpoints_ref, *theirs, ours, "git-runbook sync: checkpoints")) {
      say("took the server's checkpoints (witnessed times) up to " + util::shorten(*theirs) + ".");
    }
    return;
  }
  throw util::RuleError(
      remote + "'s checkpoints do not continue the ones this clone holds: the server's witnessed history was "
               "rewritten (ours end at " + util::shorten(*ours) + ", theirs at " + util::shorten(*theirs) +
      "). This clone kept its own in " + core::k_checkpoints_ref + "; the server's are in " + fetched_ref +
      ". Your records were synced. Tell the server's admin, and keep this clone as evidence; `git runbook verify` "
      "checks the checkpoints this clone holds.");
}

} // namespace cli
