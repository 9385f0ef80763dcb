#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "core/record.hpp"
#include "util/result.hpp"

namespace yaml {

// Reads a record file: strict YAML and the compiled-in record schema.
util::Result<core::Record, core::Diagnostics> load_record(std::string_view text, const std::string& file);

// The record as YAML, every string quoted, in a fixed order.
std::string dump_record(const core::Record& record);

} // namespace yaml
