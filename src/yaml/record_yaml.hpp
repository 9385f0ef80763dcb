#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "core/record.hpp"
#include "util/result.hpp"

namespace yaml {

// Reads a record file: strict YAML and the compiled-in record schema.
util::Result<core::Record, core::Diagnostics> load_record(std::string_view text, const std::string& file);

// Reads a record that a full check accepted before: one on the log branch, checked
// when it was written and again by every `verify` and the server hook. Strict YAML and
// the fields the record needs, without the schema check, which costs more than the
// rest. A file that lacks a field or holds a wrong kind of value gets the full check,
// so its diagnostics are those of load_record.
util::Result<core::Record, core::Diagnostics> read_checked_record(std::string_view text, const std::string& file);

// The record as YAML, every string quoted, in a fixed order.
std::string dump_record(const core::Record& record);

} // namespace yaml
