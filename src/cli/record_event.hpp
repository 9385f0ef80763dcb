#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/run_log.hpp"
#include "cli/workspace.hpp"
#include "core/record.hpp"
#include "yaml/schema_check.hpp"

// Writing one event of a run (or a training acknowledgement) to the log branch.
namespace cli {

// The schema that recording an event checks the new record against, compiled on a
// second thread while the command opens the repository and reads the run. (The policy
// and the runbook version were checked before, by blob: Workspace::schema_check_for.)
// Keep the result alive until the record is written.
yaml::SchemaPrewarm prewarm_recording_schemas();

// Whether an --evidence value is a link rather than a file: a scheme of small letters,
// digits and + . - starting with a letter ("https", "s3"), "://", then at least one
// character and no white space (the form of the record schema's "link").
bool is_url(std::string_view spec);

// Records one event as a signed commit on the log branch, re-checking the rules of
// core::event_problem on whatever tip it lands on. `evidence` are file paths or URLs;
// files are stored in the same commit. For `start`, `pinned` gives the runbook.
// Returns the record as written. Nothing is written when a rule fails.
core::Record record_event(Workspace& workspace,
                          core::Record draft,
                          const std::vector<std::string>& evidence,
                          const std::optional<std::string>& key,
                          const std::optional<PinnedRunbook>& pinned = std::nullopt);

} // namespace cli
