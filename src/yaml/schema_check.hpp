#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "yaml/strict_yaml.hpp"

namespace yaml {

// Validates a document against one of the JSON Schemas compiled into the binary
// ("policy.schema.json"), and turns each failure into a diagnostic at the position of
// the value it concerns, in plain words. Empty when the document is valid.
core::Diagnostics check_schema(const Document& document, std::string_view schema_name,
                               const std::string& file);

} // namespace yaml
