#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "core/policy.hpp"
#include "util/result.hpp"
#include "yaml/schema_check.hpp"

namespace yaml {

// Reads .runbook/policy.yaml: strict YAML, the compiled-in policy schema, then the
// rules a schema cannot say (unique fingerprints and key files, runbook authors who
// exist, at least one active admin). Every problem is reported, with its position.
util::Result<core::Policy, core::Diagnostics> load_policy(std::string_view text, const std::string& file,
                                                          SchemaCheck check = SchemaCheck::full);

// The policy as YAML, in a stable order, with a schema line for editors.
std::string dump_policy(const core::Policy& policy);

} // namespace yaml
