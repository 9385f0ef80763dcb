#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <thread>

#include "core/diagnostic.hpp"
#include "yaml/strict_yaml.hpp"

namespace yaml {

// Whether a loader runs the schema check, or knows that these same bytes passed it
// before (cli::CheckedFiles). A document that then does not have the schema's shape
// after all gets the full check and its diagnostics.
enum class SchemaCheck { full, passed_before };

// Validates a document against one of the JSON Schemas compiled into the binary
// ("policy.schema.json"), and turns each failure into a diagnostic at the position of
// the value it concerns, in plain words. Empty when the document is valid.
core::Diagnostics check_schema(const Document& document, std::string_view schema_name,
                               const std::string& file);

// Compiles schemas ahead of their first check_schema, on a thread of its own, so that
// the work (mostly their patterns' regular expressions, a few milliseconds) overlaps
// with what the caller does meanwhile, such as opening the repository. check_schema
// waits for a schema that is still being compiled. A schema that cannot be compiled is
// left for check_schema to report. The thread is joined when this goes out of scope.
class SchemaPrewarm {
public:
  SchemaPrewarm(std::initializer_list<std::string_view> schema_names);
  ~SchemaPrewarm();
  SchemaPrewarm(const SchemaPrewarm&) = delete;
  SchemaPrewarm& operator=(const SchemaPrewarm&) = delete;

private:
  std::thread m_thread;
};

} // namespace yaml
