#pragma once

#include <ostream>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/policy_description.hpp"
#include "core/policy_diff.hpp"

namespace cli {

// Policy in plain words (issue 18): how `policy describe|diff` and `review` print.

// Plain text, Markdown (for a pull request's page or a CI summary), or JSON.
enum class ReportFormat { text, md, json };

// Adds `--format text|md|json` (the value `format` holds is the default).
void add_report_format_option(CLI::App& command, ReportFormat& format);

// The policy's description in text or Markdown.
void print_description(std::ostream& out, const core::PolicyDescription& description, ReportFormat format);
nlohmann::json description_json(const core::PolicyDescription& description);

// The changes as a list ("- …" lines in both text and Markdown), or a line saying the
// two policies grant the same.
void print_policy_changes(std::ostream& out, const std::vector<core::PolicyChange>& changes);
nlohmann::json policy_changes_json(const std::vector<core::PolicyChange>& changes);

} // namespace cli
