#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace valijson {
class Schema;
}

// The embedded JSON Schemas, compiled once for valijson, and what valijson finds wrong
// with a value. (schema_check.hpp says it in words, with positions.)
namespace yaml {

// Where each failure is (a JSON pointer) and valijson's description of it.
using SchemaErrors = std::vector<std::pair<std::string, std::string>>;

// How a pattern that could not judge a value is reported (the explanation reads it back).
inline constexpr std::string_view k_unchecked_pattern = "Could not check the pattern: ";

// The schema named `name` (an embedded file such as "runbook.schema.json"), compiled
// by whichever thread asks first; throws EnvironmentError when this build lacks it.
const valijson::Schema& compiled_schema(std::string_view name);

// Every failure of `value` against `schema`; empty when it is valid.
SchemaErrors errors_of(const valijson::Schema& schema, const nlohmann::json& value);

} // namespace yaml
