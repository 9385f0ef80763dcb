#include "cli/sync_replay.hpp"

#include "cli/run_log.hpp"
#include "core/record_rules.hpp"
#include "core/training.hpp"
#include "git/raw_commit.hpp"
#include "trust/training_log.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "yaml/policy_yaml.hpp"
#include "yaml/record_yaml.hpp"

namespace cli {

std::optional<LocalRecord> read_local_record(Workspace& workspace, const std::string& commit) {
  auto raw = workspace.repo().read_raw(commit);
  auto parsed =
      raw ? git::parse_raw_commit(raw->bytes) : util::Result<git::RawCommit>::failure("missing");
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

std::optional<std::string> Replayer::refusal(const LocalRecord& local,
                                             const std::optional<std::string>& tip) {
  const core::Person* author =
      (m_policy ? *m_policy : m_workspace.policy()).find_person(local.record.by);
  if (author == nullptr) {
    return local.record.by + " is not a person of the policy";
  }
  if (local.record.event == core::EventKind::ack) {
    // Two acks of one version by one person meet here when two clones made one each:
    // not an error, the first one counts (core::ack_again_refusal is for recording).
    auto pinned = pinned_version(m_workspace, local.record.runbook_blob);
    if (!pinned) {
      return "the runbook version it acknowledges (" + local.record.runbook_blob +
             ") is not in this repository; fetch the protected branch (`git fetch`) and sync again";
    }
    return core::hard_problem(core::RunState{}, *pinned, *author, local.record);
  }
  auto view = load_run(m_workspace, tip, local.record.run);
  if (local.record.event == core::EventKind::start) {
    if (view) {
      return "the run " + local.record.run + " was already started";
    }
    auto pinned = pinned_version(m_workspace, local.record.runbook_blob);
    if (!pinned) {
      return "the runbook version it follows (" + local.record.runbook_blob +
             ") is not in this repository; fetch the protected branch (`git fetch`) and sync again";
    }
    if (auto hard = core::hard_problem(core::RunState{}, *pinned, *author, local.record)) {
      return hard;
    }
    return trained(*pinned, local.record, tip);
  }
  if (!view) {
    return "the server has no start of run " + local.record.run +
           " (its start is not sent yet, or was refused)";
  }
  if (auto hard = core::hard_problem(view->state, view->runbook, *author, local.record)) {
    return hard;
  }
  return trained(view->runbook, local.record, tip);
}

// The training rule against what the target holds: the author's own ack, made before
// the record, was replayed before it (records are replayed in the order they were made).
std::optional<std::string> Replayer::trained(const core::Runbook& runbook,
                                             const core::Record& record,
                                             const std::optional<std::string>& tip) const {
  if (!core::needs_acknowledgement(runbook, record.event)) {
    return std::nullopt;
  }
  return core::training_problem(
      runbook, record, trust::acknowledged_by(m_workspace.repo(), tip, record.runbook, record.version));
}

std::optional<std::string>
Replayer::place(const LocalRecord& local, const std::optional<std::string>& tip, std::string& why) {
  if (local.parent == tip.value_or("")) {
    return local.commit;
  }
  const core::Signer& signer = m_workspace.signer(m_key);
  const core::Person* me = m_workspace.policy().find_by_fingerprint(signer.fingerprint());
  if (me == nullptr || me->id != local.record.by) {
    why = "recorded in this repository by " + local.record.by +
          ", whose key must sign it again on top of the "
          "server's records: " +
          local.record.by + " sends it with `git runbook sync --key <their key>`";
    return std::nullopt;
  }
  ++m_resigned;
  return git::create_signed_commit(m_workspace.repo(), tip, local.files, local.message, signer);
}

Replay Replayer::run(const std::vector<std::string>& commits,
                     const std::optional<std::string>& base) {
  Replay replay;
  replay.tip = base;
  m_resigned = 0;
  for (const std::string& commit : commits) {
    auto local = read_local_record(m_workspace, commit);
    if (!local) {
      replay.refusals[commit] = "commit " + util::shorten(commit) +
                                " does not add exactly one record, so it "
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

namespace {

// Keeps `commit` under `ref` (from `expected`); another sync that keeps it there
// meanwhile is as good. Throws util::EnvironmentError when the ref went elsewhere.
void keep_under(Workspace& workspace,
                const std::string& ref,
                const std::string& commit,
                const std::optional<std::string>& expected,
                const std::string& log_message) {
  if (!git::move_ref(workspace.repo(), ref, commit, expected, log_message) &&
      workspace.repo().resolve_ref(ref) != commit) {
    throw util::EnvironmentError("could not keep commit " + util::shorten(commit) + " under " + ref +
                                 ": that name changed while this sync ran (is another `git runbook sync` "
                                 "running here?). Nothing was lost: the commit is still on your log branch. "
                                 "Run `git runbook sync` again.");
  }
}

} // namespace

std::optional<std::string> keep_back(Workspace& workspace,
                                     Replayer& replayer,
                                     const Replay& replay,
                                     std::vector<std::string>& set_aside) {
  std::optional<std::string> tip = replay.tip;
  for (const std::string& commit : replay.not_records) {
    std::string ref = "refs/runbook/unsent/commit-" + util::shorten(commit);
    keep_under(workspace, ref, commit, workspace.repo().resolve_ref(ref), "git-runbook sync: not a record");
    set_aside.push_back("commit " + util::shorten(commit) + " is kept under " + ref);
  }
  for (const LocalRecord& local : replay.kept_back) {
    std::string cannot;
    if (auto placed = replayer.place(local, tip, cannot)) {
      tip = placed;
    } else {
      std::string ref = "refs/runbook/unsent/" + local.record.by + "-" +
                        util::SystemClock().now().compact_second + "-" + util::random_hex(4);
      keep_under(workspace, ref, local.commit, std::nullopt, "git-runbook sync: another person's record");
      set_aside.push_back(local.path + " (by " + local.record.by + ") is kept under " + ref);
    }
  }
  return tip;
}

} // namespace cli
