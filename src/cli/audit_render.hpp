#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/training.hpp"

namespace cli {

// Everything an audit report shows.
struct AuditReport {
  std::string repository;   // the folder's name
  std::string generated_at; // UTC
  std::string trust_root;   // empty when history could not be verified at all
  std::size_t problems = 0; // what `verify` found
  std::string filters;      // "runbook payroll, since 2026-11-01", or ""
  std::vector<core::RunAudit> runs;
  std::vector<core::RunbookAudit> runbooks;
  // Schedules (issue 17): scheduled runbooks' periods with no run, in plain words
  std::vector<std::string> missed_periods;
  // Training on every version (issue 17): the versions that require it, as they stand now
  std::vector<core::VersionTraining> training;
  // An audit report people read (issue 18): person id -> name, from the policy
  std::map<std::string, std::string> names;
};

// The report as Markdown, CSV (one row per event; then one row per acknowledgement,
// event "ack", and per person who has not acknowledged a version that requires
// training, event "not-acknowledged", dated when the version was published), JSON, or
// one self-contained HTML page (no external assets) that reads and prints well. Each
// has a training section. Each names people by name and id (`names`), steps by number
// and title, each event's signing key (fingerprint), and per run the approvals (who,
// when, whether the requirement was met), the flags and, when the version requires
// training, whether each person had acknowledged it. CSV adds one row per step that
// asks for approval (event "approval-requirement", outcome met / not met / not
// needed) and per person of a run that requires training (event "training").
// Deterministic: the same report gives the same text.
std::string render_markdown(const AuditReport& report);
std::string render_csv(const AuditReport& report);
std::string render_json(const AuditReport& report);
std::string render_html(const AuditReport& report);

} // namespace cli
