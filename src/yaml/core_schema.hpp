#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

// YAML 1.2's core schema: what a plain scalar means, and the tags strict YAML accepts
// (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map) with what each means.
namespace yaml {

// A tag as it is written: "!!int" for YAML's own.
std::string written_tag(const std::string& tag);

// The name of one of YAML 1.2's core schema tags ("int" for "!!int"), or "" for others.
std::string core_tag(const std::string& tag);

// A plain (unquoted, untagged) scalar as the core schema reads it: a boolean, a number,
// or the text itself.
nlohmann::json plain_scalar(const std::string& text);

// The value of a scalar with one of the core schema's tags (`name` as core_tag gives
// it), or nothing when the text does not fit the tag or JSON cannot hold it.
std::optional<nlohmann::json> tagged_scalar(const std::string& name, const std::string& text);

// What a core tag means, in words ("a whole number" for "int").
std::string tag_meaning(const std::string& name);

} // namespace yaml
