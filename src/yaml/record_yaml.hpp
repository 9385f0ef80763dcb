#pragma once

#include <optional>
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

// A record in exactly the form dump_record writes, read without a YAML parser (about
// nine times cheaper: a run's state is read from all its records at every event).
// Each line of that form is `key: <JSON value>`, JSON being a subset of YAML, with the
// evidence list and the inputs indented under their key. Only a text that dump_record
// gives back byte for byte is accepted, so the record is the one the YAML parser reads
// (the tests compare both); any other text, nullopt.
std::optional<core::Record> read_canonical_record(std::string_view text);

// The record as YAML, every string quoted, in a fixed order.
std::string dump_record(const core::Record& record);

} // namespace yaml
