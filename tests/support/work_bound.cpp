#include "support/work_bound.hpp"

#include <cstdlib>
#include <iostream>
#include <sstream>

namespace test_support {

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

std::string beyond_honest_cost(double cost, double honest, const std::string& what) {
  if (std::getenv("GIT_RUNBOOK_SHOW_COSTS") != nullptr) { // to see how far from the bound each input is
    std::cerr << what << ": " << cost << " s of CPU, " << cost / honest << " times the honest input\n";
  }
  if (cost <= k_hostile_cost_ratio * honest) {
    return "";
  }
  std::ostringstream report;
  report << what << " took " << cost << " s of CPU, more than " << k_hostile_cost_ratio
         << " times the largest honest input (" << honest << " s)";
  return report.str();
}

} // namespace test_support
