#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.hpp"
#include "core/record.hpp"
#include "core/runbook.hpp"

namespace core {

// Training on every version (issue 17, DESIGN §3): a runbook with `training: required`
// is followed only by people who acknowledged (`git runbook ack`) the exact version.
// An acknowledgement is a record (event `ack`) that belongs to no run:
//   training/<runbook>/v<N>/<YYYYMMDDTHHMMSS>Z-ack-<person>-<4 hex>.yaml
// The person is in the name, so whether someone acknowledged a version is one folder
// listing; the judge holds every name to its record (path == ack_path(record)).

inline constexpr const char* k_training_folder = "training";

// training/<runbook>/v<N>
std::string ack_folder(const std::string& runbook, int version);

// The path of a new acknowledgement (its event must be `ack`).
std::string ack_path(const Record& ack, const std::string& compact_second, const std::string& random4);

// A path of the training folder, taken apart.
struct AckPath {
  std::string runbook;
  int version = 0;
  std::string by;
  std::string compact_second; // "20261129T215012Z"
  std::string random4;
};

// The parts of exactly training/<runbook>/v<N>/<stamp>-ack-<person>-<4 hex>.yaml with
// a valid runbook id, N >= 1 without leading zeros and a valid person id; nullopt for
// anything else (nothing looser is accepted on the log branch).
std::optional<AckPath> parse_ack_path(std::string_view path);

// Whether `event` of a run of `runbook` needs the signer's acknowledgement of that
// version: `training: required`, and a start or a step. (Approving a step, notes and
// the finish do not: the people a version trains are its operators and the roles its
// steps name, who start runs and record steps.)
[[nodiscard]] bool needs_acknowledgement(const Runbook& runbook, EventKind event);

// The training rule, a hard rule (DESIGN §4): the record's signer must have
// acknowledged the version the record follows, earlier in the log. `acknowledged`:
// the people with an ack of that version in the log before the record. It holds
// offline and under concurrency because only the signer's own records decide it, and
// `sync` replays them in the order they were made (the ack before the step). Plain
// words naming the exact `ack` command; nullopt when the rule holds.
[[nodiscard]] std::optional<std::string> training_problem(const Runbook& runbook,
                                                          const Record& record,
                                                          const std::set<std::string>& acknowledged);

// The hard rules of an acknowledgement itself: an active signer, a real UTC time, the
// runbook and version it pins are `runbook`, and no run, step, outcome, evidence or
// inputs. (Signature, `by` and the pin are judged in src/trust.)
[[nodiscard]] std::optional<std::string> ack_problem(const Runbook& runbook, const Person& signer, const Record& ack);

// What recording refuses besides: acknowledging a version twice. Two acks of one
// version by one person that meet when logs merge are accepted as they are (not an
// error): the first one counts. `earlier`: the signer's ack already in the log.
[[nodiscard]] std::string ack_again_refusal(const Record& earlier);

// Who must acknowledge a version: the active people of the policy who may perform one
// of its steps (operators, holding the step's own `role:`, built-in or the team's, when
// it names one), sorted.
std::vector<std::string> people_to_train(const Runbook& runbook, const Policy& policy);

// One acknowledgement as a report shows it.
struct Acknowledgement {
  std::string by;
  std::string at;
  std::optional<std::string> note;
};

// Where training stands for one published version that requires it.
struct VersionTraining {
  std::string runbook;
  std::string title;
  int version = 0;
  std::string published_at;                  // when it was published (UTC); "" when not known
  std::vector<Acknowledgement> acknowledged; // each person's first ack, in time order
  std::vector<std::string> missing;          // people_to_train who have not acknowledged
};

// The training of `runbook` (a version with `training: required`) from the acks of
// that version (any order, duplicates allowed) and the policy.
VersionTraining version_training(const Runbook& runbook,
                                 const Policy& policy,
                                 const std::vector<Record>& acks,
                                 std::string published_at);

} // namespace core
