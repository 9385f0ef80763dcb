#pragma once

#include <string>

namespace cli {

// True when standard input and standard error are a terminal: the person can answer.
bool is_interactive();

// Asks a question on stderr and reads one line from stdin (without the line break).
// Throws UsageError when input has ended.
std::string ask(const std::string& question);

} // namespace cli
