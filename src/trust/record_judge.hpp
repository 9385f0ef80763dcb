#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/run_state.hpp"
#include "core/runbook.hpp"
#include "core/training.hpp"
#include "git/repository.hpp"
#include "trust/problem.hpp"

namespace trust {

// The largest evidence file a record may carry (the recording commands refuse larger).
inline constexpr std::uint64_t k_max_evidence_bytes = 50ull * 1024 * 1024;

// Where the versions a record may follow count as published (DESIGN §4).
struct PublishedCopies {
  // Protected-branch commits: a server's own protected tip; in a clone, every local and
  // remote-tracking copy of each protected branch. A record's version must be the file
  // at one of them, read from a commit in that tip's history.
  std::vector<std::string> tips;
  // In a clone, the command that brings what it lacks (`git fetch origin`): a version
  // or source commit missing from the repository was published where this clone has
  // not looked yet. nullopt on a server, where a version it lacks was never published.
  std::optional<std::string> fetch_command;
};

// Judges commits of the log branch as records (DESIGN §4, §6), after their signature
// was found good: each adds exactly one valid record file (and the evidence files it
// names) under runs/ and changes nothing else; the record's `by` is its signer; it is
// pinned to a version published on a protected branch; its step exists; the event
// fits the run so far (core::event_problem, the same rule the recording commands
// apply). An acknowledgement (core/training.hpp) is one record under
// training/<runbook>/v<N>/, pinned like a start; a start or step of a version with
// `training: required` needs its signer's ack earlier in the log. Commits are given parents first; what each run holds is remembered between
// them, so a push or a whole log is read once.
class RecordJudge {
public:
  // `protected_tip`: the server's protected-branch commit whose published versions
  // count (the hook: only the server's own protected branch counts).
  RecordJudge(const git::Repository& repo, std::string protected_tip)
      : RecordJudge(repo, PublishedCopies{{std::move(protected_tip)}, std::nullopt}) {}
  // `published`: the protected copies whose published versions count (`verify`).
  RecordJudge(const git::Repository& repo, PublishedCopies published)
      : m_repo(repo), m_published(std::move(published)) {}

  [[nodiscard]] std::vector<Problem> judge(const std::string& commit,
                             const std::optional<std::string>& parent,
                             const core::Person& signer);

  // Forgets what it knows of every run: after commits it did not see (found sound
  // before), each run is read again from the tree when it next comes up.
  void forget_runs();

  // The flags (DESIGN §4: accepted, but needs a look) of every run a judged commit
  // added to, as the run's whole set of records gives them (core::replay), with the
  // commits judged here that added to each flagged run. `now_ms`: the judging clock.
  std::vector<Notice> notices(std::int64_t now_ms) const;

  // The protected-branch commit the record a log commit adds was read from (its
  // source_commit), when the commit adds one readable record.
  std::optional<std::string> pinned_source(const std::string& commit, const std::optional<std::string>& parent) const;

private:
  struct RunSoFar {
    core::RunState state;
    std::shared_ptr<const core::Runbook> runbook; // shared by every run of one version
    std::vector<std::pair<std::string, core::Record>> records; // path and record, as found
    std::vector<std::string> judged;                           // the commits judged here that added to it
  };
  void add_notices(std::vector<Notice>& notices, const RunSoFar& run, std::int64_t now_ms) const;
  // The version file with this blob id, read once (nullptr when it is not a runbook).
  std::shared_ptr<const core::Runbook> runbook_at(const std::string& blob);
  RunSoFar& run_before(const std::string& run, const std::string& folder, const std::optional<std::string>& parent);
  [[nodiscard]] std::optional<Problem> pin_problem(const std::string& commit, const core::Record& record, const RunSoFar& run);
  // In a clone, a start record's version or source commit that the repository lacks.
  [[nodiscard]] std::optional<Problem> not_fetched_problem(const std::string& commit,
                                             const core::Record& start) const;
  // A start record's version against the published copies: nullopt when some tip holds
  // it and its source commit.
  [[nodiscard]] std::optional<Problem> start_pin_problem(const std::string& commit,
                                           const core::Record& record) const;
  // An acknowledgement commit's one record, at `path` (taken apart in `where`).
  [[nodiscard]] std::vector<Problem> judge_ack(const std::string& commit,
                                               const std::string& path,
                                               const core::AckPath& where,
                                               const core::Record& ack,
                                               const core::Person& signer);
  // The training rule for a record of a run: its signer acknowledged the version in
  // the log before `commit` (at `parent`).
  [[nodiscard]] std::optional<Problem> training_problem(const std::string& commit,
                                                        const std::optional<std::string>& parent,
                                                        const core::Runbook& runbook,
                                                        const core::Record& record) const;
  [[nodiscard]] std::vector<Problem> evidence_problems(const std::string& commit,
                                         const std::string& folder,
                                         const core::Record& record,
                                         const std::vector<std::string>& added_evidence);

  const git::Repository& m_repo;
  PublishedCopies m_published;
  std::map<std::string, RunSoFar> m_runs;
  std::map<std::string, RunSoFar> m_forgotten; // runs judged before forget_runs(), by run id
  std::map<std::string, std::shared_ptr<const core::Runbook>> m_runbooks; // by blob id
};

} // namespace trust
