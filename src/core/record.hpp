#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace core {

inline constexpr const char* k_runs_folder = "runs";

// `ack` (issue 17, training): a person acknowledges having read a published version;
// it belongs to no run and lives under training/ (core/training.hpp).
enum class EventKind { start, step, approve, note, finish, ack };
enum class Outcome { done, skipped, failed, completed, aborted };

// An attachment: a link, or a file stored beside the record.
struct EvidenceItem {
  std::optional<std::string> link;
  std::optional<std::string> file; // "evidence/<sha256 prefix>-<name>", relative to the run's folder
  std::string name;                // the file's original name
  std::string sha256;
  std::uint64_t size = 0;
};

// One event of one run (DESIGN §4), as a record file holds it.
struct Record {
  std::string run; // empty for an `ack`, which belongs to no run
  std::string runbook;
  int version = 0;
  std::string runbook_blob;  // object id of the version file followed
  std::string source_commit; // the protected-branch commit it was read from
  EventKind event = EventKind::note;
  std::optional<std::string> step;
  std::optional<Outcome> outcome;
  std::string by; // the policy person who signed it
  std::string at; // UTC, RFC 3339 with milliseconds
  std::optional<std::string> note;
  std::vector<EvidenceItem> evidence;
  std::map<std::string, std::string> inputs; // on start
  // Conditions and repeats (issue 17)
  std::optional<std::string> item; // the item of a for_each step this step or approval is for
  bool not_needed = false;         // a skip because the step's `when:` does not hold in this run
};

std::string_view to_string(EventKind kind);
std::string_view to_string(Outcome outcome);
std::optional<EventKind> parse_event(std::string_view text);
std::optional<Outcome> parse_outcome(std::string_view text);

// Run ids: "<runbook>-<YYYYMMDD>T<HHMM>Z-<4 hex>", e.g. payroll-change-20261129T2150Z-7f3a.
std::string make_run_id(const std::string& runbook, const std::string& compact_minute, const std::string& random4);
// The folder of a run: runs/<YYYY>/<MM>/<DD>/<run>; nullopt when the id is malformed.
std::optional<std::string> run_folder(const std::string& run);
// The path of a new record in its run's folder:
// <folder>/<YYYYMMDDTHHMMSS>Z-<event>[-<step>]-<4 hex>.yaml; an `ack` goes where
// core::ack_path puts it (training/<runbook>/v<N>/…).
std::string record_path(const Record& record, const std::string& compact_second, const std::string& random4);

// What a record says happened, in a few words: "step 3 done", "approved step 6".
std::string describe_event(const Record& record);

} // namespace core
