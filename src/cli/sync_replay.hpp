#pragma once
// How `sync` puts the records made here on top of the server's (DESIGN §4, "Records
// under concurrency"): what the server already holds is skipped, what breaks a hard
// rule is kept back with the reason, the rest is re-signed by its author when it no
// longer builds on the server's tip.

#include "cli/workspace.hpp"
#include "core/policy.hpp"
#include "core/record.hpp"
#include "core/runbook.hpp"
#include "git/signed_commit_writer.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cli {

// A log commit that exists only here: the files it added and its message.
struct LocalRecord {
  std::string commit;
  std::string parent; // empty for a first commit
  std::string path;   // the record file
  std::vector<git::FileWrite> files;
  std::string message;
  core::Record record;
};

// nullopt when `commit` is not a record commit (a merge, a removal, no record or two).
std::optional<LocalRecord> read_local_record(Workspace& workspace, const std::string& commit);

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
core::Policy server_policy(Workspace& workspace, const std::string& remote);

class Replayer {
public:
  Replayer(Workspace& workspace, const std::optional<std::string>& key)
      : m_workspace(workspace), m_key(key) {}

  // The policy records are judged by from now on (the server's, once fetched).
  void judge_by(core::Policy policy) { m_policy = std::move(policy); }

  // Why `local` cannot go on top of `tip`, by the hard rules (DESIGN §4); nullopt when it can.
  std::optional<std::string> refusal(const LocalRecord& local,
                                     const std::optional<std::string>& tip);

  // Puts `local` on top of `tip`: as it is when it already builds on it, else re-signed by
  // its author, who must be the person syncing. nullopt, with the reason in `why`, when
  // it cannot be.
  std::optional<std::string>
  place(const LocalRecord& local, const std::optional<std::string>& tip, std::string& why);

  // Replays `commits` (parents first) on top of `base`.
  Replay run(const std::vector<std::string>& commits, const std::optional<std::string>& base);

private:
  // The training rule (core::training_problem) for `record` on top of `tip`.
  std::optional<std::string> trained(const core::Runbook& runbook,
                                     const core::Record& record,
                                     const std::optional<std::string>& tip) const;

  Workspace& m_workspace;
  const std::optional<std::string>& m_key;
  std::optional<core::Policy> m_policy;
  std::size_t m_resigned = 0;
};

// The records kept back go on top of what was sent, so they stay on the local log
// branch as "not sent": the author's own re-signed, anyone else's as they are when they
// still build on it. Anyone else's that cannot stay there is kept under
// refs/runbook/unsent/ and named in `set_aside`. Returns the new local tip.
std::optional<std::string> keep_back(Workspace& workspace,
                                     Replayer& replayer,
                                     const Replay& replay,
                                     std::vector<std::string>& set_aside);

} // namespace cli
