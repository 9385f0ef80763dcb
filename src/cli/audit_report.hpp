#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/audit_render.hpp"
#include "cli/workspace.hpp"
#include "trust/problem.hpp"

namespace cli {

// What an audit report is made from besides the repository: its filters, the trust
// root, the moment it describes and the repository's name. Fixed values give the same
// report bytes from the same history (an evidence package regenerates its reports).
struct AuditParameters {
  std::optional<std::string> since; // YYYY-MM-DD, on the run's start
  std::optional<std::string> until;
  std::optional<std::string> runbook;
  std::optional<std::string> trust_root; // nullopt: runbook.trustRoot, else the first commit
  std::int64_t generated_ms = 0;         // "now" for the report: clock flags, missed periods
  std::string repository;                // the name the report shows
};

// Throws util::UsageError unless `date` is empty or a date YYYY-MM-DD; `option` names
// the option in the message.
void check_date(const std::optional<std::string>& date, const char* option);

// The audit report of `workspace` (verify's verdict, the runs, schedules, training).
// `verified`: verify's report of this history from the options' trust root, when the
// caller has it already; else history is verified here.
AuditReport build_audit_report(Workspace& workspace, const AuditParameters& options,
                               const trust::VerifyReport* verified = nullptr);

// The report in `format` (md, csv, json or html).
std::string render_report(const AuditReport& report, std::string_view format);

} // namespace cli
