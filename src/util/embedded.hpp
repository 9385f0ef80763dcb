#pragma once

#include <optional>
#include <string_view>

namespace util {

// The contents of a file from schemas/ compiled into the binary, by its file name
// ("policy.schema.json"); nullopt when no such file was embedded.
std::optional<std::string_view> embedded_file(std::string_view name);

} // namespace util
