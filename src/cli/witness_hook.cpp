// Witnessed time (issue 18): the server's post-receive hook signs a checkpoint of what
// it received, and when, after each accepted push.
#include "cli/witness_hook.hpp"

#include "cli/hook.hpp"
#include "cli/output.hpp"
#include "cli/workspace.hpp"
#include "core/checkpoint.hpp"
#include "git/log_append.hpp"
#include "trust/checkpoint_judge.hpp"
#include "trust/push_start.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fault_point.hpp"
#include "util/text.hpp"

#include <iostream>

namespace cli {

namespace {

constexpr const char* k_witness_key = "runbook.witnessKey";

// The protected branch whose policy says who the witness is: the one the server's trust
// starts from.
std::optional<std::string> policy_branch(const git::Repository& repo, trust::PolicyStore& policies) {
  trust::PushStart start = trust::find_push_start(repo, policies, repo.config_string("runbook.trustRoot"), {});
  const std::string heads = "refs/heads/";
  if (!start.protected_tip || !util::starts_with(start.protected_ref, heads)) {
    return std::nullopt;
  }
  return start.protected_ref.substr(heads.size());
}

// Why the policy at `branch`'s tip does not let `fingerprint` sign checkpoints; empty
// when it does.
std::string not_a_witness(const git::Repository& repo, trust::PolicyStore& policies, const std::string& branch,
                          const std::string& fingerprint) {
  auto tip = repo.resolve_ref("refs/heads/" + branch);
  const trust::PolicyState* state = tip ? &policies.at(*tip) : nullptr;
  if (state == nullptr || !state->policy) {
    return branch + " has no usable policy yet";
  }
  const core::Person* person = state->policy->find_by_fingerprint(fingerprint);
  if (person == nullptr) {
    return "no person of the policy on " + branch + " holds the key " + fingerprint;
  }
  if (!core::holds_role(*person, "witness") || person->status != core::PersonStatus::active) {
    return person->id + " (the key " + fingerprint + ") does not hold the witness role in the policy on " + branch +
           ", or no longer signs";
  }
  return "";
}

void write_checkpoint(git::Repository& repo) {
  auto key = repo.config_string(k_witness_key);
  if (!key) {
    return; // the witness was turned off after the hook was installed
  }
  trust::PolicyStore policies(repo);
  auto branch = policy_branch(repo, policies);
  if (!branch) {
    return; // nothing protected yet: nothing to vouch for
  }
  std::unique_ptr<core::Signer> signer = choose_signer(&repo, *key, nullptr);
  if (std::string why = not_a_witness(repo, policies, *branch, signer->fingerprint()); !why.empty()) {
    throw util::EnvironmentError(why + ". An admin gives the server's key the role: `git runbook keys add <id> "
                                       "<key-file> --roles witness`");
  }
  auto previous = repo.resolve_ref(core::k_checkpoints_ref);
  auto now = [] { return util::SystemClock().now().rfc3339; };
  if (previous) {
    // A push that changed nothing a checkpoint names (a review branch, say) needs none.
    auto text = repo.read_file_at(*previous, core::k_checkpoint_file);
    auto last = text ? core::parse_checkpoint(*text) : util::Result<core::Checkpoint>::failure("");
    auto fresh = trust::current_checkpoint(repo, policies, *branch, now());
    if (last && fresh && last->tips == fresh->tips) {
      return;
    }
  }
  util::fault_point("witness-before-sign");
  std::string commit = git::append_commit(
      repo, core::k_checkpoints_ref,
      [&](const std::optional<std::string>&) {
        auto checkpoint = trust::current_checkpoint(repo, policies, *branch, now());
        if (!checkpoint) {
          throw util::EnvironmentError(*branch + " has no usable policy");
        }
        std::string message = "Checkpoint " + checkpoint->at + "\n\nWhat this server had received at that time, "
                               "signed with its witness key.\n";
        return git::Addition{{git::FileWrite{core::k_checkpoint_file, core::format_checkpoint(*checkpoint)}}, message};
      },
      *signer);
  std::cerr << "git-runbook: the server witnessed this push (checkpoint " << util::shorten(commit) << ").\n";
}

} // namespace

void run_post_receive() {
  std::string line;
  while (std::getline(std::cin, line)) {
    // Git must be able to write every line; what changed is read from the refs.
  }
  try {
    git::Repository repo = git::Repository::open_from_environment();
    write_checkpoint(repo);
  } catch (const std::exception& failure) {
    // The push is accepted already: say so plainly, and never fail it.
    std::cerr << "git-runbook: warning: your push was accepted, but the server could not sign a checkpoint of it: "
              << failure.what()
              << "\ngit-runbook: nothing is lost: the next push's checkpoint covers this one. Tell the server's "
                 "admin if this warning repeats.\n";
  }
}

void install_witness_hook(git::Repository& repo) {
  auto key = repo.config_string(k_witness_key);
  if (!key) {
    return;
  }
  std::unique_ptr<core::Signer> signer;
  try {
    signer = choose_signer(&repo, *key, nullptr);
  } catch (const util::Error& reason) {
    throw util::EnvironmentError(std::string(k_witness_key) + " is \"" + *key +
                                 "\", but it cannot sign here: " + reason.what() +
                                 "\nMake the key in this user's GnuPG home (GNUPGHOME) or fix the setting "
                                 "(`git config " + k_witness_key + " <fingerprint>`), then install again.");
  }
  install_shim(repo, "post-receive", true);
  say("installed the post-receive hook in " + (repo.git_dir() / "hooks" / "post-receive").string() +
      ": each accepted push gets a checkpoint signed by " + signer->fingerprint() + " on " +
      core::k_checkpoints_ref + ".");
  trust::PolicyStore policies(repo);
  if (auto branch = policy_branch(repo, policies)) {
    if (std::string why = not_a_witness(repo, policies, *branch, signer->fingerprint()); !why.empty()) {
      warn(why + ": until an admin gives it the witness role (`git runbook keys add server <key-file> --roles "
                 "witness`), pushes get no checkpoint.");
    }
  }
}

} // namespace cli
