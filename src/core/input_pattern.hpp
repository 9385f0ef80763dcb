#pragma once

#include <regex>
#include <string>

namespace core {

// A runbook input's `pattern`, compiled as an ECMAScript regular expression that the
// whole answer must match. It uses libstdc++'s __polynomial matcher, whose stack does
// not grow with the answer (the default one recurses once a character). Throws
// std::regex_error when the pattern is invalid or uses a back-reference (\1), which
// that matcher cannot do.
std::regex compile_input_pattern(const std::string& pattern);

} // namespace core
