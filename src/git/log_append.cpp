#include "git/log_append.hpp"

#include <chrono>
#include <random>
#include <thread>

namespace git {

namespace {

constexpr int k_max_attempts = 200;
constexpr auto k_lock_patience = std::chrono::seconds(5);

void pause_briefly(int attempt) {
  static thread_local std::mt19937 engine{std::random_device{}()};
  int ceiling = std::min(50, 2 + attempt * 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(1, ceiling)(engine)));
}

} // namespace

std::string append_commit(Repository& repo,
                          const std::string& ref,
                          const std::function<Addition(const std::optional<std::string>& tip)>& prepare,
                          const core::Signer& signer) {
  auto locked_since = std::optional<std::chrono::steady_clock::time_point>();
  for (int attempt = 0;; ++attempt) {
    std::optional<std::string> tip = repo.resolve_ref(ref);
    Addition addition = prepare(tip);
    try {
      auto commit = write_signed_commit(repo, CommitDraft{ref, tip, addition.files, addition.message}, signer);
      if (commit) {
        return *commit;
      }
      locked_since.reset();
    } catch (const RefLocked&) {
      auto now = std::chrono::steady_clock::now();
      if (!locked_since) {
        locked_since = now;
      }
      if (now - *locked_since > k_lock_patience) {
        throw;
      }
    }
    if (attempt >= k_max_attempts) {
      throw util::EnvironmentError("too many other writers changed " + ref + " at the same time; nothing was "
                                   "written. Try again in a moment.");
    }
    pause_briefly(attempt);
  }
}

} // namespace git
