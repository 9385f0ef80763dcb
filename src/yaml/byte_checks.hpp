#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.hpp"

namespace yaml {

// The checks that must happen before yaml-cpp sees a file's bytes: its size (at most
// k_max_file_size), NUL bytes, invalid UTF-8 (overlong forms and surrogates included)
// and tabs in indentation. The first problem found, with its line and column.
std::optional<core::Diagnostic> check_bytes(std::string_view text, const std::string& file);

} // namespace yaml
