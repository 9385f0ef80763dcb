#pragma once

#include <filesystem>

namespace util {

// The folder that holds templates/ and hooks/: beside the installed binary
// (<prefix>/share/git-runbook, found from the binary's own location, so an unpacked
// package works from any prefix); for the binary in its own build folder only, the
// source tree it was built from. Throws EnvironmentError when there is none.
std::filesystem::path data_dir();

// The absolute path of the running binary.
std::filesystem::path own_executable();

} // namespace util
