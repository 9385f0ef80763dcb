#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/diagnostic.hpp"
#include "util/result.hpp"

namespace yaml {

// Where a value starts in its file (1-based).
struct Position {
  int line = 1;
  int column = 1;
};

// A YAML file read strictly into JSON, with the position of every value by its JSON
// pointer ("" for the root, "/people/alice/roles/0").
struct Document {
  nlohmann::json value;
  std::map<std::string, Position> positions;     // where each value starts
  std::map<std::string, Position> key_positions; // where the key of each mapping member starts

  // The position of a pointer, or of its nearest parent that has one.
  Position position_of(std::string pointer) const;
};

inline constexpr std::size_t k_max_file_size = std::size_t{1024} * 1024;
inline constexpr int k_max_depth = 32;
inline constexpr std::size_t k_max_values = 20000;

// Reads one YAML document in a single streaming pass and refuses, with positions, what
// yaml-cpp would accept silently (DESIGN §10): files over 1 MiB, NUL bytes, invalid
// UTF-8, tabs in indentation, anchors and aliases, "<<" merge keys, duplicate keys,
// non-scalar keys, a second document, nesting deeper than k_max_depth, more than
// k_max_values values, a quoted text without its closing quote, and tags other than
// YAML 1.2's core schema's (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map). Plain
// scalars become null, booleans, numbers or strings as in the core schema; quoted ones
// stay strings; a core tag gives its own meaning ("!!str 5" is a string, "!!int '5'" a
// number) and refuses a value that does not fit it. `file` names the file in
// diagnostics.
util::Result<Document, core::Diagnostics> parse_strict(std::string_view text, const std::string& file);

} // namespace yaml
