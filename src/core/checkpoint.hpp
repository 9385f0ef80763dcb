#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace core {

// Witnessed time (issue 18): a server's signed statement of what it had received and
// when. Each accepted push adds one checkpoint commit on this ref, written only by the
// server's post-receive hook with its witness key.
inline constexpr const char* k_checkpoints_ref = "refs/runbook/checkpoints";
// The one file of a checkpoint commit's tree.
inline constexpr const char* k_checkpoint_file = "checkpoint.yaml";

// What one checkpoint says: the server's time and the tip of every protected branch
// and of the log branch at that time.
struct Checkpoint {
  std::string at;                          // the server's clock, RFC 3339 UTC
  std::string log_branch;                  // which of `tips` is the log branch
  std::map<std::string, std::string> tips; // branch name -> commit id
};

// The checkpoint file's text (a small YAML document; the format is fixed, so that
// the file is read back by one strict parser).
std::string format_checkpoint(const Checkpoint& checkpoint);
// The checkpoint a file holds; an error in plain words when it is not exactly what
// format_checkpoint writes.
util::Result<Checkpoint> parse_checkpoint(const std::string& text);

// Whether `ancestor` is `commit` or in its history.
using AncestorTest = std::function<bool(const std::string& ancestor, const std::string& commit)>;

// The branches whose tip in `before` is not the tip, or in the history of the tip, of
// the same branch in `after` (a branch `after` no longer names counts too): the
// server rewound them between the two checkpoints.
std::vector<std::string> rewound_branches(const Checkpoint& before, const Checkpoint& after,
                                          const AncestorTest& is_ancestor_or_equal);

// When the server received a record: after `after` (the time of the last checkpoint
// that does not hold it; empty when none) and by `by` (the first checkpoint that holds
// it; empty: not yet witnessed).
struct ReceivedWindow {
  std::string after;
  std::string by;
};

// The window of every commit of a linear log, given oldest first: a checkpoint holds
// the commits up to its log tip. Checkpoints are given oldest first; a checkpoint whose
// log tip is not in `log` (rewound, or not fetched) is left out.
std::vector<ReceivedWindow> received_windows(const std::vector<std::string>& log,
                                             const std::vector<Checkpoint>& checkpoints);

// "received between 2026-12-06 02:30 UTC and 2026-12-06 02:41 UTC", "received by …",
// or "not yet witnessed".
std::string describe_window(const ReceivedWindow& window);

// How far a claimed time may stray from the witnessed window before it is flagged:
// recorders' clocks are a little off, and recording offline for a while is normal.
inline constexpr std::int64_t k_claim_after_tolerance_ms = std::int64_t{5} * 60 * 1000;
inline constexpr std::int64_t k_claim_before_tolerance_ms = std::int64_t{24} * 60 * 60 * 1000;

// Plain words when a record's claimed time (`at`) falls outside its window: after the
// server already held it (the recorder's clock was ahead), or more than a day before
// the server received it (recorded offline for long, or a clock behind). nullopt when
// the claim fits, or when there is no window to compare with.
std::optional<std::string> claim_outside_window(const std::string& claimed, const ReceivedWindow& window);

} // namespace core
