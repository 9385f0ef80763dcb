#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/diagnostic.hpp"
#include "core/policy.hpp"
#include "core/runbook.hpp"
#include "util/result.hpp"
#include "yaml/schema_check.hpp"

namespace yaml {

// The line editors use to find the schema, from runbooks/<id>/v<N>.yaml.
inline constexpr const char* k_runbook_schema_line =
    "# yaml-language-server: $schema=../../.runbook/schemas/runbook.schema.json";

// Reads a runbook version file: strict YAML and the compiled-in runbook schema. Every
// problem is reported, with its position.
util::Result<core::Runbook, core::Diagnostics> load_runbook(std::string_view text, const std::string& file,
                                                            SchemaCheck check = SchemaCheck::full);

// Everything `validate` checks for the file at `path` (relative to the repository's
// top): its name, its YAML, the schema and the rules of core::check_runbook, with
// `policy` when there is one. Empty when the file is valid.
core::Diagnostics validate_runbook_file(std::string_view text, const std::string& path, const core::Policy* policy);

// What `validate` warns about in a valid runbook file, at its line and column, without
// refusing it: `<name>` in a step's text that names no input (core::unknown_placeholders),
// and with `policy`, a role too few people hold (core::role_holder_warnings). Empty for
// a file with problems (they come first).
core::Diagnostics runbook_file_warnings(std::string_view text, const std::string& path,
                                        const core::Policy* policy = nullptr);

// The runbook as JSON, with the field names of the file.
nlohmann::json runbook_to_json(const core::Runbook& runbook);

} // namespace yaml
