#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace util {

// The whole content of a file; nullopt when it does not exist. Throws EnvironmentError
// on any other failure.
std::optional<std::string> read_file(const std::filesystem::path& path);

// Writes a file so that readers see either the old or the whole new content: a
// temporary file beside it, fsync, rename. Creates missing parent folders. Throws
// EnvironmentError on failure, leaving the old file in place.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

} // namespace util
