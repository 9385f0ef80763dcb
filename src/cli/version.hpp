#pragma once

#include <string>

namespace cli {

// What `git runbook --version` prints: the tool's version (CMake's project version),
// then the version of each library it runs with, asked of the libraries themselves.
std::string version_text();

} // namespace cli
