// `git runbook sync`: sends the records made here and takes the server's (DESIGN §4,
// "Records under concurrency"). A record is never set aside silently and never sent
// twice: replay skips every record whose path the server already holds, a record that
// breaks a hard rule stays on the local log branch as "not sent" (status lists it) and
// the command exits 1, and killing the command at any point leaves a state that the
// next sync completes (the fault points below).
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "cli/sync.hpp"
#include "cli/unsent.hpp"
#include "core/record_rules.hpp"
#include "git/raw_commit.hpp"
#include "git/remote.hpp"
#include "git/signed_commit_writer.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fault_point.hpp"
#include "util/text.hpp"
#include "yaml/policy_yaml.hpp"
#include "yaml/record_yaml.hpp"

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

// A log commit that exists only here: the files it added and its message.
struct LocalRecord {
  std::string commit;
  std::string parent; // empty for a first commit
  std::string path;   // the record file
  std::vector<git::FileWrite> files;
  std::string message;
  core::Record record;
};

std::optional<LocalRecord> read_local_record(Workspace& workspace, const std::string& commit) {
  auto raw = workspace.repo().read_raw(commit);
  auto parsed = raw ? git::parse_raw_commit(raw->bytes) : util::Result<git::RawCommit>::failure("missing");
  if (!parsed || parsed->parents.size() > 1) {
    return std::nullopt;
  }
  std::optional<std::string> parent_tree;
  LocalRecord local{commit, "", "", {}, parsed->message, {}};
  if (!parsed->parents.empty()) {
    local.parent = parsed->parents.front();
    parent_tree = workspace.repo().tree_of(local.parent);
  }
  bool found = false;
  for (const std::string& path : workspace.repo().changed_paths(parent_tree, parsed->tree)) {
    auto content = workspace.repo().read_file_at(commit, path);
    if (!content) {
      return std::nullopt; // a removal: not a record commit
    }
    if (path.find("/evidence/") == std::string::npos) {
      auto record = yaml::load_record(*content, path);
      if (!record || found) {
        return std::nullopt;
      }
      local.record = std::move(record).value();
      local.path = path;
      found = true;
    }
    local.files.push_back({path, *content});
  }
  if (!found) {
    return std::nullopt;
  }
  return local;
}

// The records go on top of `base` one by one: what the base already holds is skipped,
// what breaks a hard rule is kept back with the reason.
struct Replay {
  std::optional<std::string> tip; // what to send
  std::size_t resigned = 0;
  std::size_t already_there = 0;
  std::vector<LocalRecord> kept_back;
  std::vector<std::string> not_records;        // commits that add no single record
  std::map<std::string, std::string> refusals; // path or commit -> why
};

// The policy the server judges with: the one on its copy of the first protected branch
// (just fetched), else this clone's.
core::Policy server_policy(Workspace& workspace, const std::string& remote) {
  const core::Policy& here = workspace.policy();
  if (here.protected_branches.empty()) {
    return here;
  }
  std::string tracking = "refs/remotes/" + remote;
  tracking += "/" + here.protected_branches.front();
  auto tip = workspace.repo().resolve_ref(tracking);
  auto text = tip ? workspace.repo().read_file_at(*tip, core::k_policy_path) : std::nullopt;
  auto theirs = text ? yaml::load_policy(*text, core::k_policy_path)
                     : util::Result<core::Policy, core::Diagnostics>::failure({});
  return theirs ? std::move(theirs).value() : here;
}

class Replayer {
public:
  Replayer(Workspace& workspace, const std::optional<std::string>& key) : m_workspace(workspace), m_key(key) {}

  // The policy records are judged by from now on (the server's, once fetched).
  void judge_by(core::Policy policy) { m_policy = std::move(policy); }

  // Why `local` cannot go on top of `tip`, by the hard rules (DESIGN §4); nullopt when it can.
  std::optional<std::string> refusal(const LocalRecord& local, const std::optional<std::string>& tip) {
    const core::Person* author = (m_policy ? *m_policy : m_workspace.policy()).find_person(local.record.by);
    if (author == nullptr) {
      return local.record.by + " is not a person of the policy";
    }
    auto view = load_run(m_workspace, tip, local.record.run);
    if (local.record.event == core::EventKind::start) {
      core::Runbook none;
      return view ? std::optional<std::string>("the run " + local.record.run + " was already started")
                  : core::hard_problem(core::RunState{}, none, *author, local.record);
    }
    if (!view) {
      return "the server has no start of run " + local.record.run + " (its start is not sent yet, or was refused)";
    }
    return core::hard_problem(view->state, view->runbook, *author, local.record);
  }

  // Puts `local` on top of `tip`: as it is when it already builds on it, else re-signed by
  // its author, who must be the person syncing. nullopt, with the reason in `why`, when
  // it cannot be.
  std::optional<std::string> place(const LocalRecord& local, const std::optional<std::string>& tip, std::string& why) {
    if (local.parent == tip.value_or("")) {
      return local.commit;
    }
    const core::Signer& signer = m_workspace.signer(m_key);
    const core::Person* me = m_workspace.policy().find_by_fingerprint(signer.fingerprint());
    if (me == nullptr || me->id != local.record.by) {
      why = "recorded in this repository by " + local.record.by + ", whose key must sign it again on top of the "
            "server's records: " + local.record.by + " sends it with `git runbook sync --key <their key>`";
      return std::nullopt;
    }
    ++m_resigned;
    return git::create_signed_commit(m_workspace.repo(), tip, local.files, local.message, signer);
  }

  Replay run(const std::vector<std::string>& commits, const std::optional<std::string>& base) {
    Replay replay;
    replay.tip = base;
    m_resigned = 0;
    for (const std::string& commit : commits) {
      auto local = read_local_record(m_workspace, commit);
      if (!local) {
        replay.refusals[commit] = "commit " + util::shorten(commit) + " does not add exactly one record, so it "
                                  "cannot be sent";
        replay.not_records.push_back(commit);
        continue;
      }
      if (replay.tip && m_workspace.repo().entry_at(*replay.tip, local->path)) {
        ++replay.already_there; // sent before (record paths are unique)
        continue;
      }
      std::optional<std::string> why = refusal(*local, replay.tip);
      std::string cannot;
      std::optional<std::string> placed = why ? std::nullopt : place(*local, replay.tip, cannot);
      if (!placed) {
        replay.refusals[local->path] = why ? *why : cannot;
        replay.kept_back.push_back(std::move(*local));
        continue;
      }
      replay.tip = placed;
    }
    replay.resigned = m_resigned;
    return replay;
  }

private:
  Workspace& m_workspace;
  const std::optional<std::string>& m_key;
  std::optional<core::Policy> m_policy;
  std::size_t m_resigned = 0;
};

// The records kept back go on top of what was sent, so they stay on the local log
// branch as "not sent": the author's own re-signed, anyone else's as they are when they
// still build on it. Anyone else's that cannot stay there is kept under
// refs/runbook/unsent/ and said loudly.
std::optional<std::string> keep_back(Workspace& workspace,
                                     Replayer& replayer,
                                     const Replay& replay,
                                     std::vector<std::string>& set_aside) {
  std::optional<std::string> tip = replay.tip;
  for (const std::string& commit : replay.not_records) {
    std::string ref = "refs/runbook/unsent/commit-" + util::shorten(commit);
    git::move_ref(workspace.repo(), ref, commit, workspace.repo().resolve_ref(ref), "git-runbook sync: not a record");
    set_aside.push_back("commit " + util::shorten(commit) + " is kept under " + ref);
  }
  for (const LocalRecord& local : replay.kept_back) {
    std::string cannot;
    if (auto placed = replayer.place(local, tip, cannot)) {
      tip = placed;
    } else {
      std::string ref = "refs/runbook/unsent/" + local.record.by + "-" + util::SystemClock().now().compact_second +
                        "-" + util::random_hex(4);
      git::move_ref(workspace.repo(), ref, local.commit, std::nullopt, "git-runbook sync: another person's record");
      set_aside.push_back(local.path + " (by " + local.record.by + ") is kept under " + ref);
    }
  }
  return tip;
}

// The records reached the remote, but the local branch is locked by another program.
std::string catch_up_locked(const std::string& remote, const std::string& ref, const std::string& lock) {
  return "your records reached " + remote + ", but " + ref + " here could not catch up: it is locked by " +
         lock + ". If no other git or git-runbook command is running, remove it (rm " + lock +
         ") and run `git runbook sync` again. Nothing was lost.";
}

bool follow(Workspace& workspace, const std::string& ref, const std::string& to, const std::optional<std::string>& from,
            const std::string& remote) {
  try {
    return git::move_ref(workspace.repo(), ref, to, from, "git-runbook sync");
  } catch (const git::RefLocked&) {
    std::string lock = git::ref_lock_path(workspace.repo(), ref).string();
    throw util::EnvironmentError(catch_up_locked(remote, ref, lock));
  } catch (const util::EnvironmentError& error) {
    throw util::EnvironmentError("your records reached " + remote + ", but " + ref + " here could not catch up: " +
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
void conclude(Workspace& workspace, const std::string& remote, const Replay& replay, bool pushed,
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
                        (replay.refusals.size() == 1 ? " record was" : " records were") + " not sent:" +
                        refusal_report(replay.refusals);
  if (!set_aside.empty()) {
    message += "\nKept aside, because they could not stay on the log branch:\n  " + util::join(set_aside, "\n  ");
  }
  throw util::RuleError(message + "\nThey stay here and `git runbook status` lists them. Fix the cause and run "
                        "`git runbook sync` again, or drop one with `git runbook sync --drop RECORD-PATH` "
                        "(the decision is noted in its run).");
}

std::vector<std::string> branches_to_fetch(Workspace& workspace) {
  std::vector<std::string> branches = workspace.policy().protected_branches;
  branches.push_back(workspace.policy().log_branch);
  return branches;
}

} // namespace

void sync_records(Workspace& workspace, const std::string& remote, const std::optional<std::string>& key) {
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
    auto remote_tip = git::fetch_branches(workspace.repo(), remote, branches_to_fetch(workspace)).at(branch);
    util::fault_point("sync-after-fetch");
    replayer.judge_by(server_policy(workspace, remote));
    auto local_tip = workspace.repo().resolve_ref(local_ref);
    if (!local_tip && !remote_tip) {
      say("nothing recorded here or on " + remote + " yet.");
      return;
    }
    if (!local_tip || (remote_tip && workspace.repo().is_ancestor(*local_tip, *remote_tip))) {
      if (local_tip == remote_tip || git::move_ref(workspace.repo(), local_ref, *remote_tip, local_tip, "git-runbook sync: fetch")) {
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
      auto sending = workspace.repo().resolve_ref(sending_ref);
      git::move_ref(workspace.repo(), sending_ref, *replay.tip, sending, "git-runbook sync: to send");
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
        throw util::RuleError(std::string(refused.what()) + "\nNothing was sent; every record stays here "
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
    conclude(workspace, remote, replay, pushed, set_aside);
    return;
  }
  throw util::EnvironmentError("others kept sending records to " + remote + " while syncing; nothing was "
                               "lost. Run `git runbook sync` again in a moment.");
}

namespace {

void run_sync(const SyncOptions& options) {
  Workspace workspace = Workspace::open();
  sync_records(workspace, options.remote.value_or(default_remote(workspace).value_or("origin")), options.key);
}

// `sync --drop PATH`: takes one unsent record off the local log branch, on purpose, and
// notes the decision in its run.
void run_drop(const SyncOptions& options) {
  Workspace workspace = Workspace::open();
  std::string local_ref = log_ref(workspace);
  git::wait_until_unlocked(workspace.repo(), local_ref, k_lock_patience);
  UnsentRecords unsent = unsent_records(workspace);
  const std::string& path = *options.drop;
  auto dropped = std::find_if(unsent.records.begin(), unsent.records.end(), [&](const UnsentRecord& item) {
    return item.path == path || item.commit == path;
  });
  if (dropped == unsent.records.end()) {
    throw util::UsageError("\"" + path + "\" is not a record waiting to be sent. `git runbook status` lists them "
                           "under \"Not sent\"; records the server holds are never removed.");
  }
  auto local_tip = workspace.repo().resolve_ref(local_ref);
  if (!local_tip || !workspace.repo().is_ancestor(dropped->commit, *local_tip)) {
    throw util::UsageError(path + " is not on this repository's log branch but " + dropped->refusal.value_or("kept aside") +
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
      throw util::RuleError("cannot drop " + path + ": a later unsent record (" +
                            (local ? local->path + ", " + cannot : "commit " + util::shorten(commit)) +
                            ") would have to be signed again. Nothing was changed.");
    }
    tip = placed;
  }
  if (!tip || !git::move_ref(workspace.repo(), local_ref, *tip, local_tip, "git-runbook sync --drop " + path)) {
    throw util::EnvironmentError("the log branch changed while dropping; nothing was changed. Try again.");
  }
  std::map<std::string, std::string> refusals = remembered_refusals(workspace);
  std::string why = refusals.count(path) > 0 ? refusals[path] : "dropped before it was sent";
  refusals.erase(path);
  remember_refusals(workspace, refusals);
  std::string what = dropped->record ? core::describe_event(*dropped->record) + " by " + dropped->record->by
                                     : "commit " + util::shorten(dropped->commit);
  say("dropped " + path + " (" + what + "); it was not sent and is no longer waiting.");
  if (!dropped->record) {
    return;
  }
  const core::Person* me = server_policy(workspace, default_remote(workspace).value_or("origin"))
                               .find_by_fingerprint(workspace.signer(options.key).fingerprint());
  if (me == nullptr || me->status != core::PersonStatus::active || me->roles.count(core::Role::operator_) == 0) {
    warn("the decision is not noted in run " + dropped->record->run + ": the server's policy does not let you record "
         "any more. The log branch's reflog keeps it (`git reflog " + local_ref + "`).");
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
      "sync", "Exchange run records with the shared server: fetch theirs, send yours, nothing lost.");
  command->add_option("remote", options->remote, "The remote to sync with (default: origin)");
  command->add_option("--key", options->key, "Your GnuPG key, to re-sign your records on top of the server's");
  command->add_option("--drop", options->drop,
                      "Take one record that was not sent off this repository's log (by its path, as `status` "
                      "lists it); the decision is noted in its run");
  command->footer("Examples:\n  git runbook sync\n  git runbook sync --drop runs/2026/11/29/<run>/<record>.yaml\n"
                  "Records made offline are sent the next time you sync; a record the server would refuse stays "
                  "here, listed by `git runbook status` as not sent, and sync exits 1 until it is fixed or dropped.");
  command->callback([options] {
    if (options->drop) {
      run_drop(*options);
    } else {
      run_sync(*options);
    }
  });
}

} // namespace cli
