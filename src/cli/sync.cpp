#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "git/raw_commit.hpp"
#include "git/remote.hpp"
#include "git/signed_commit_writer.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "yaml/record_yaml.hpp"

#include <chrono>

namespace cli {

namespace {

constexpr int k_attempts = 10;
constexpr auto k_lock_patience = std::chrono::seconds(5); // as long as recording waits for a lock

struct SyncOptions {
  std::string remote = "origin";
  std::optional<std::string> key;
};

// A log commit that exists only here: the files it added and its message.
struct LocalRecord {
  std::string commit;
  std::vector<git::FileWrite> files;
  std::string message;
  core::Record record;
};

std::optional<LocalRecord> read_local_record(Workspace& workspace, const std::string& commit) {
  auto raw = workspace.repo().read_raw(commit);
  auto parsed = raw ? git::parse_raw_commit(raw->bytes) : util::Result<git::RawCommit>::failure("missing");
  if (!parsed) {
    return std::nullopt;
  }
  std::optional<std::string> parent_tree;
  if (!parsed->parents.empty()) {
    parent_tree = workspace.repo().tree_of(parsed->parents.front());
  }
  LocalRecord local{commit, {}, parsed->message, {}};
  bool found = false;
  for (const std::string& path : workspace.repo().changed_paths(parent_tree, parsed->tree)) {
    auto content = workspace.repo().read_file_at(commit, path);
    if (!content) {
      continue;
    }
    if (path.find("/evidence/") == std::string::npos) {
      auto record = yaml::load_record(*content, path);
      if (!record) {
        return std::nullopt;
      }
      local.record = std::move(record).value();
      found = true;
    }
    local.files.push_back({path, *content});
  }
  if (!found) {
    return std::nullopt;
  }
  return local;
}

// Keeps commits that could not be sent on a ref of their own, so nothing is lost.
void keep_aside(Workspace& workspace, const std::string& tip) {
  std::string ref = "refs/runbook/unsent/" + util::SystemClock().now().compact_second;
  git::move_ref(workspace.repo(), ref, tip, std::nullopt, "git-runbook sync: kept records that were not sent");
  say("the records that were not sent stay in this repository under " + ref + ".");
}

// The records reached the remote, but the local branch is locked by another program.
std::string catch_up_locked(const std::string& remote, const std::string& ref, const std::string& lock) {
  return "your records reached " + remote + ", but " + ref + " here could not catch up: it is locked by " +
         lock + ". If no other git or git-runbook command is running, remove it (rm " + lock +
         ") and run `git runbook sync` again. Nothing was lost.";
}

void run_sync(const SyncOptions& options) {
  Workspace workspace = Workspace::open();
  std::string branch = workspace.policy().log_branch;
  std::string local_ref = log_ref(workspace);
  std::string sending_ref = "refs/runbook/sync";
  // A stale lock on a ref that sync moves is refused before anything is sent: found
  // after the push, it would leave this repository behind the server.
  for (const std::string& ref : {local_ref, sending_ref, "refs/remotes/" + options.remote + "/" + branch}) {
    git::wait_until_unlocked(workspace.repo(), ref, k_lock_patience);
  }
  for (int attempt = 0; attempt < k_attempts; ++attempt) {
    auto remote_tip = git::fetch_branch(workspace.repo(), options.remote, branch);
    auto local_tip = workspace.repo().resolve_ref(local_ref);
    if (!local_tip && !remote_tip) {
      say("nothing recorded here or on " + options.remote + " yet.");
      return;
    }
    if (!local_tip || (remote_tip && workspace.repo().is_ancestor(*local_tip, *remote_tip))) {
      if (local_tip == remote_tip || git::move_ref(workspace.repo(), local_ref, *remote_tip, local_tip, "git-runbook sync: fetch")) {
        say("up to date with " + options.remote + ".");
        return;
      }
      continue; // recorded something meanwhile: go round again
    }
    std::string new_tip = *local_tip;
    std::size_t replayed = 0;
    if (remote_tip && !workspace.repo().is_ancestor(*remote_tip, *local_tip)) {
      // Both sides recorded: put the local-only records on top of the remote's, each
      // re-checked and re-signed by its author, who must be the person syncing.
      const core::Signer& signer = workspace.signer(options.key);
      const core::Person* me = workspace.policy().find_by_fingerprint(signer.fingerprint());
      std::vector<std::string> left_alone;
      new_tip = *remote_tip;
      for (const std::string& commit : workspace.repo().commits_between(*local_tip, {*remote_tip})) {
        auto local = read_local_record(workspace, commit);
        if (!local || me == nullptr || local->record.by != me->id) {
          left_alone.push_back(local ? local->files.front().path + " (by " + local->record.by + ")" : commit);
          continue;
        }
        auto view = load_run(workspace, new_tip, local->record.run);
        core::RunState state = view ? view->state : core::RunState{};
        if (view) {
          if (auto problem = core::event_problem(state, view->runbook, *me, local->record)) {
            left_alone.push_back(local->files.front().path + " (" + *problem + ")");
            continue;
          }
        }
        new_tip = git::create_signed_commit(workspace.repo(), new_tip, local->files, local->message, signer);
        ++replayed;
      }
      if (!left_alone.empty()) {
        warn("these records were not sent:\n  " + util::join(left_alone, "\n  ") +
             "\nRecords by someone else are sent by their author's own `git runbook sync`.");
        keep_aside(workspace, *local_tip);
      }
    }
    auto sending = workspace.repo().resolve_ref(sending_ref);
    git::move_ref(workspace.repo(), sending_ref, new_tip, sending, "git-runbook sync: to send");
    if (!git::push_ref(workspace.repo(), options.remote, sending_ref, branch)) {
      continue; // someone else pushed first: fetch and replay again
    }
    bool moved = false;
    try {
      moved = git::move_ref(workspace.repo(), local_ref, new_tip, local_tip, "git-runbook sync");
    } catch (const git::RefLocked&) {
      std::string lock = git::ref_lock_path(workspace.repo(), local_ref).string();
      throw util::EnvironmentError(catch_up_locked(options.remote, local_ref, lock));
    } catch (const util::EnvironmentError& error) {
      throw util::EnvironmentError("your records reached " + options.remote + ", but " + local_ref + " here could "
                                   "not catch up: " + error.what() + "\nOnce that is fixed, run `git runbook sync` "
                                   "again. Nothing was lost.");
    }
    if (!moved) {
      continue; // a record was made here meanwhile: it is sent on the next round
    }
    say("sent to " + options.remote + (replayed > 0 ? " (" + std::to_string(replayed) + " of your records re-signed "
                                                      "on top of theirs)" : "") + ".");
    return;
  }
  throw util::EnvironmentError("others kept sending records to " + options.remote + " while syncing; nothing was "
                               "lost. Run `git runbook sync` again in a moment.");
}

} // namespace

void register_sync(CLI::App& app) {
  auto options = std::make_shared<SyncOptions>();
  CLI::App* command = app.add_subcommand(
      "sync", "Exchange run records with the shared server: fetch theirs, send yours, nothing lost.");
  command->add_option("remote", options->remote, "The remote to sync with (default: origin)");
  command->add_option("--key", options->key, "Your GnuPG key, to re-sign your records on top of the server's");
  command->footer("Example:\n  git runbook sync\nRecords made offline are sent the next time you sync.");
  command->callback([options] { run_sync(*options); });
}

} // namespace cli
