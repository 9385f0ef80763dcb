#pragma once
// Bounds on work that hold on any machine: a test must not depend on how fast or busy
// the machine is. What a hostile input costs is compared with what an honest input
// costs, measured in the same process, in CPU time of the measuring thread (other
// processes and threads do not count). Wall time is used only to tell a hang.

#include <ctime>
#include <string>
#include <utility>

namespace test_support {

// CPU seconds this thread has used so far.
double thread_cpu_seconds();

// CPU seconds `work` takes on this thread.
template <class Work> double cpu_seconds_of(Work&& work) {
  double start = thread_cpu_seconds();
  std::forward<Work>(work)();
  return thread_cpu_seconds() - start;
}

// The least CPU time of three runs of `work`: its cost without the noise of a shared
// machine.
template <class Work> double least_cpu_seconds_of(Work&& work) {
  double least = cpu_seconds_of(work);
  for (int i = 0; i < 2; ++i) {
    double again = cpu_seconds_of(work);
    least = again < least ? again : least;
  }
  return least;
}

// How many times an honest input of the largest size a hostile input may cost. Far
// above what the honest input's own cost varies by between runs and builds (the
// sanitizer build slows some code more than other), far below what a quadratic or
// exponential algorithm costs on an input of a mebibyte.
inline constexpr double k_hostile_cost_ratio = 50.0;

// Wall seconds after which a child process is taken to never end (a hang, not a slow
// machine: the slowest sanitizer run on a busy machine takes a fraction of this).
inline constexpr double k_hang_seconds = 300.0;

// "" when `cost` is within k_hostile_cost_ratio times `honest`; else what to report.
// With GIT_RUNBOOK_SHOW_COSTS set, prints every ratio on standard error.
std::string beyond_honest_cost(double cost, double honest, const std::string& what);

} // namespace test_support
