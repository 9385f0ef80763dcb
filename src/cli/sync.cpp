// `git runbook sync`: sends the records made here and takes the server's (DESIGN §4,
// "Records under concurrency"). A record is never set aside silently and never sent
// twice: replay skips every record whose path the server already holds, a record that
// breaks a hard rule stays on the local log branch as "not sent" (status lists it) and
// the command exits 1, and killing the command at any point leaves a state that the
// next sync completes (the fault points below).
#include "cli/sync.hpp"

#include "cli/checkpoint_sync.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "cli/sync_judge.hpp"
#include "cli/sync_replay.hpp"
#include "cli/unsent.hpp"
#include "git/remote.hpp"
#include "util/error.hpp"
#include "util/fault_point.hpp"
#include "util/text.hpp"

#include <chrono>

namespace cli {

namespace {

constexpr int k_attempts = 10;
constexpr auto k_lock_patience = std::chrono::seconds(5); // as long as recording waits for a lock

struct SyncOptions {
  std::optional<std::string> remote;
  std::optional<std::string> key;
  std::optional<std::string> drop;
};

// The records reached the remote, but the local branch is locked by another program.
std::string
catch_up_locked(const std::string& remote, const std::string& ref, const std::string& lock) {
  return "your records reached " + remote + ", but " + ref +
         " here could not catch up: it is locked by " + lock +
         ". If no other git or git-runbook command is running, remove it (rm " + lock +
         ") and run `git runbook sync` again. Nothing was lost.";
}

bool follow(Workspace& workspace,
            const std::string& ref,
            const std::string& to,
            const std::optional<std::string>& from,
            const std::string& remote) {
  try {
    return git::move_ref(workspace.repo(), ref, to, from, "git-runbook sync");
  } catch (const git::RefLocked&) {
    std::string lock = git::ref_lock_path(workspace.repo(), ref).string();
    throw util::EnvironmentError(catch_up_locked(remote, ref, lock));
  } catch (const util::EnvironmentError& error) {
    throw util::EnvironmentError(
        "your records reached " + remote + ", but " + ref + " here could not catch up: " +
        error.what() + "\nOnce that is fixed, run `git runbook sync` again. Nothing was lost.");
  }
}

std::string refusal_report(const std::map<std::string, std::string>& refusals) {
  std::string text;
  for (const auto& [path, why] : refusals) {
    text += "\n  ";
    text += path;
    text += ": ";
    text += why;
  }
  return text;
}

// After a round: what the command says, and exit 1 when anything was not sent.
void conclude(Workspace& workspace,
              const std::string& remote,
              const Replay& replay,
              bool pushed,
              const std::vector<std::string>& set_aside) {
  remember_refusals(workspace, replay.refusals);
  std::string sent = pushed ? "sent to " + remote : "up to date with " + remote;
  if (replay.resigned > 0) {
    sent += " (" + std::to_string(replay.resigned) + " of your records re-signed on top of theirs)";
  }
  if (replay.refusals.empty() && set_aside.empty()) {
    say(sent + ".");
    return;
  }
  std::string message = sent + ", but " + std::to_string(replay.refusals.size()) +
                        (replay.refusals.size() == 1 ? " record was" : " records were") +
                        " not sent:" + refusal_report(replay.refusals);
  if (!set_aside.empty()) {
    message += "\nKept aside, because they could not stay on the log branch:\n  " +
               util::join(set_aside, "\n  ");
  }
  throw util::RuleError(
      message + "\nThey stay here and `git runbook status` lists them. Fix the cause and run "
                "`git runbook sync` again, or drop one with `git runbook sync --drop RECORD-PATH` "
                "(the decision is noted in its run).");
}

// Where this clone has taken the remote's log to (sync_judge.hpp). Best effort: when it
// cannot be written, the next sync judges a little more.
void remember_seen(Workspace& workspace, const std::string& remote, const std::string& tip) {
  try {
    auto before = workspace.repo().resolve_ref(seen_ref(remote));
    // Not moved: another sync moved it meanwhile, as far as it took the log.
    if (before != tip &&
        !git::move_ref(workspace.repo(), seen_ref(remote), tip, before, "git-runbook sync: taken")) {
      return;
    }
  } catch (const util::Error&) {
  }
}

std::vector<std::string> branches_to_fetch(Workspace& workspace) {
  std::vector<std::string> branches = workspace.policy().protected_branches;
  branches.push_back(workspace.policy().log_branch);
  return branches;
}

} // namespace

void sync_records(Workspace& workspace,
                  const std::string& remote,
                  const std::optional<std::string>& key) {
  std::string branch = workspace.policy().log_branch;
  std::string local_ref = log_ref(workspace);
  std::string sending_ref = "refs/runbook/sync";
  // A stale lock on a ref that sync moves is refused before anything is sent: found
  // after the push, it would leave this repository behind the server.
  std::string tracking_ref = "refs/remotes/" + remote;
  tracking_ref += "/" + branch;
  for (const std::string& ref : {local_ref, sending_ref, tracking_ref}) {
    git::wait_until_unlocked(workspace.repo(), ref, k_lock_patience);
  }
  Replayer replayer(workspace, key);
  for (int attempt = 0; attempt < k_attempts; ++attempt) {
    // The protected branches too: a clone that syncs can judge every record it receives.
    auto fetched = git::fetch_branches(workspace.repo(), remote, branches_to_fetch(workspace));
    auto remote_tip = fetched.at(branch);
    auto protected_tip = fetched.at(workspace.policy().protected_branches.front());
    util::fault_point("sync-after-fetch");
    // What the remote's log brings is judged before anything here takes it, from where
    // this clone last took it: a log that lost records since is refused as rewritten.
    auto seen = workspace.repo().resolve_ref(seen_ref(remote));
    if (seen && (!remote_tip || !workspace.repo().is_ancestor(*seen, *remote_tip))) {
      std::string message = remote;
      message += "'s log branch was rewritten: it no longer holds the records it held when this clone last synced "
                 "(up to commit ";
      message += util::shorten(*seen);
      message += "). Nothing was taken or sent, and every record here stays. Tell the server's admin; the records "
                 "are kept in this clone (`git log ";
      message += local_ref;
      message += "`).";
      throw util::RuleError(message);
    }
    judge_fetched_protected(workspace, remote, protected_tip);
    if (remote_tip) {
      judge_fetched(workspace, remote, protected_tip, seen, *remote_tip);
    }
    replayer.judge_by(server_policy(workspace, remote));
    auto local_tip = workspace.repo().resolve_ref(local_ref);
    if (!local_tip && !remote_tip) {
      say("nothing recorded here or on " + remote + " yet.");
      return;
    }
    if (!local_tip || (remote_tip && workspace.repo().is_ancestor(*local_tip, *remote_tip))) {
      if (local_tip == remote_tip ||
          git::move_ref(
              workspace.repo(), local_ref, *remote_tip, local_tip, "git-runbook sync: fetch")) {
        remember_seen(workspace, remote, *remote_tip);
        conclude(workspace, remote, Replay{}, false, {});
        return;
      }
      continue; // recorded something meanwhile: go round again
    }
    std::vector<std::string> hide;
    if (remote_tip) {
      hide.push_back(*remote_tip);
    }
    Replay replay = replayer.run(workspace.repo().commits_between(*local_tip, hide), remote_tip);
    util::fault_point("sync-after-replay");
    bool pushed = false;
    if (replay.tip && replay.tip != remote_tip) {
      if (git::is_local_remote(workspace.repo(), remote)) {
        judge_sending(workspace, remote, protected_tip, remote_tip, *replay.tip);
      }
      auto sending = workspace.repo().resolve_ref(sending_ref);
      if (!git::move_ref(workspace.repo(), sending_ref, *replay.tip, sending, "git-runbook sync: to send")) {
        continue; // another sync here moved it meanwhile: what it points at is not ours to send
      }
      try {
        std::string server_says;
        if (!git::push_ref(workspace.repo(), remote, sending_ref, branch, &server_says)) {
          continue; // someone else pushed first: fetch and replay again
        }
        // The server's hook names the records it accepted that need a look (DESIGN §4).
        for (const std::string& line : util::split(server_says, '\n')) {
          if (std::size_t at = line.find("accepted, but needs a look: "); at != std::string::npos) {
            warn(remote + " " + line.substr(at));
          }
        }
      } catch (const git::PushRefused& refused) {
        throw util::RuleError(
            std::string(refused.what()) +
            "\nNothing was sent; every record stays here "
            "(`git runbook status` lists them). Fix what the server names and run `git runbook "
            "sync` again.");
      }
      pushed = true;
      util::fault_point("sync-after-push");
    }
    std::vector<std::string> set_aside;
    std::optional<std::string> new_local = keep_back(workspace, replayer, replay, set_aside);
    util::fault_point("sync-before-local-follows");
    if (new_local && !follow(workspace, local_ref, *new_local, local_tip, remote)) {
      continue; // a record was made here meanwhile: it is sent on the next round
    }
    if (auto taken = pushed ? replay.tip : remote_tip) {
      remember_seen(workspace, remote, *taken);
    }
    conclude(workspace, remote, replay, pushed, set_aside);
    return;
  }
  throw util::EnvironmentError("others kept sending records to " + remote +
                               " while syncing; nothing was "
                               "lost. Run `git runbook sync` again in a moment.");
}

namespace {

void run_sync(const SyncOptions& options) {
  Workspace workspace = Workspace::open();
  std::string remote = options.remote.value_or(default_remote(workspace).value_or("origin"));
  sync_records(workspace, remote, options.key);
  take_checkpoints(workspace, remote); // issue 18: witnessed time
}

// `sync --drop PATH`: takes one unsent record off the local log branch, on purpose, and
// notes the decision in its run.
void run_drop(const SyncOptions& options) {
  Workspace workspace = Workspace::open();
  std::string local_ref = log_ref(workspace);
  git::wait_until_unlocked(workspace.repo(), local_ref, k_lock_patience);
  UnsentRecords unsent = unsent_records(workspace);
  const std::string& path = *options.drop;
  auto dropped =
      std::find_if(unsent.records.begin(), unsent.records.end(), [&](const UnsentRecord& item) {
        return item.path == path || item.commit == path;
      });
  if (dropped == unsent.records.end()) {
    throw util::UsageError("\"" + path +
                           "\" is not a record waiting to be sent. `git runbook status` lists them "
                           "under \"Not sent\"; records the server holds are never removed.");
  }
  auto local_tip = workspace.repo().resolve_ref(local_ref);
  if (!local_tip || !workspace.repo().is_ancestor(dropped->commit, *local_tip)) {
    throw util::UsageError(
        path + " is not on this repository's log branch but " +
        dropped->refusal.value_or("kept aside") +
        ": its author sends it with `git runbook sync --key <their key>`, or nobody needs it and "
        "the ref can be deleted (`git for-each-ref refs/runbook/unsent` lists them).");
  }
  std::vector<std::string> parents = workspace.repo().parents(dropped->commit);
  std::optional<std::string> base = parents.empty() ? std::nullopt : std::optional(parents.front());
  std::vector<std::string> later = workspace.repo().commits_between(*local_tip, {dropped->commit});
  Replayer replayer(workspace, options.key);
  std::vector<std::string> set_aside;
  std::optional<std::string> tip = base;
  for (const std::string& commit : later) {
    auto local = read_local_record(workspace, commit);
    std::string cannot;
    auto placed = local ? replayer.place(*local, tip, cannot) : std::nullopt;
    if (!placed) {
      throw util::RuleError(
          "cannot drop " + path + ": a later unsent record (" +
          (local ? local->path + ", " + cannot : "commit " + util::shorten(commit)) +
          ") would have to be signed again. Nothing was changed.");
    }
    tip = placed;
  }
  if (!tip ||
      !git::move_ref(
          workspace.repo(), local_ref, *tip, local_tip, "git-runbook sync --drop " + path)) {
    throw util::EnvironmentError(
        "the log branch changed while dropping; nothing was changed. Try again.");
  }
  std::map<std::string, std::string> refusals = remembered_refusals(workspace);
  std::string why = refusals.count(path) > 0 ? refusals[path] : "dropped before it was sent";
  refusals.erase(path);
  remember_refusals(workspace, refusals);
  std::string what = dropped->record
                         ? core::describe_event(*dropped->record) + " by " + dropped->record->by
                         : "commit " + util::shorten(dropped->commit);
  say("dropped " + path + " (" + what + "); it was not sent and is no longer waiting.");
  if (!dropped->record || dropped->record->event == core::EventKind::ack) {
    return; // an acknowledgement belongs to no run to note it in
  }
  const core::Policy policy =
      server_policy(workspace, default_remote(workspace).value_or("origin"));
  const core::Person* me = policy.find_by_fingerprint(workspace.signer(options.key).fingerprint());
  if (me == nullptr || me->status != core::PersonStatus::active ||
      me->roles.count(core::Role::operator_) == 0) {
    warn("the decision is not noted in run " + dropped->record->run +
         ": the server's policy does not let you record "
         "any more. The log branch's reflog keeps it (`git reflog " +
         local_ref + "`).");
    return;
  }
  core::Record note;
  note.run = dropped->record->run;
  note.event = core::EventKind::note;
  note.note = "Dropped an unsent record on purpose: " + what + " (" + path + "). Reason: " + why;
  try {
    record_event(workspace, note, {}, options.key);
    say("the decision is noted in run " + note.run + "; `git runbook sync` sends the note.");
  } catch (const util::Error& error) {
    warn("the decision could not be noted in run " + note.run + ": " + error.what() +
         " The log branch's reflog keeps it (`git reflog " + local_ref + "`).");
  }
}

} // namespace

void register_sync(CLI::App& app) {
  auto options = std::make_shared<SyncOptions>();
  CLI::App* command = app.add_subcommand(
      "sync",
      "Exchange run records with the shared server: fetch theirs, send yours, nothing lost.");
  signs(command);
  command->add_option("remote", options->remote, "The remote to sync with (default: origin)");
  command->add_option(
      "--key", options->key, "Your GnuPG key, to re-sign your records on top of the server's");
  command->add_option(
      "--drop",
      options->drop,
      "Take one record that was not sent off this repository's log (by its path, as `status` "
      "lists it); the decision is noted in its run");
  command->footer("Examples:\n  git runbook sync\n  git runbook sync --drop "
                  "runs/2026/11/29/<run>/<record>.yaml\n"
                  "Records made offline are sent the next time you sync; a record the server would "
                  "refuse stays "
                  "here, listed by `git runbook status` as not sent, and sync exits 1 until it is "
                  "fixed or dropped.\n"
                  "When the server has a witness, sync also takes its signed checkpoints (witnessed times) into\n"
                  "refs/runbook/checkpoints, only as a fast-forward; `verify` checks them.");
  command->callback([options] {
    if (options->drop) {
      run_drop(*options);
    } else {
      run_sync(*options);
    }
  });
}

} // namespace cli
