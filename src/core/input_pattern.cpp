#include "core/input_pattern.hpp"

namespace core {

std::regex compile_input_pattern(const std::string& pattern) {
  return std::regex(pattern, std::regex::ECMAScript | std::regex_constants::__polynomial);
}

} // namespace core
