#include "util/fault_point.hpp"

#include <csignal>
#include <cstdlib>
#include <string>

namespace util {

void fault_point(std::string_view name) {
  static const std::string chosen = [] {
    const char* value = std::getenv("GIT_RUNBOOK_FAULT");
    return std::string(value != nullptr ? value : "");
  }();
  if (!chosen.empty() && chosen == name) {
    std::raise(SIGKILL);
  }
}

} // namespace util
