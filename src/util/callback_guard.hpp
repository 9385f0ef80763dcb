#pragma once

#include <exception>
#include <utility>

namespace util {

// Keeps C++ exceptions from crossing a C library (libgit2, GPGME) that calls back into
// our code: each callback body runs inside run(), which catches whatever it throws,
// keeps the first such exception and hands the library its error code instead. Once
// the library call has returned, the caller calls rethrow(), so the user reads the
// original message, not the library's "callback failed".
//
//   util::CallbackGuard guard;
//   State state{..., &guard};
//   int rc = git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &state);
//   guard.rethrow();
//   check(rc, "listing the files");
//
// with `visit` returning state->guard->run(GIT_EUSER, [&] { ...; return 0; }).
class CallbackGuard {
public:
  // Runs `body` and returns what it returns; if it throws, keeps the exception (the
  // first one, if several callbacks fail) and returns `on_error` (as body's type).
  template <typename Error, typename Body>
  auto run(Error on_error, Body&& body) noexcept -> decltype(std::forward<Body>(body)()) {
    using Result = decltype(std::forward<Body>(body)());
    try {
      return std::forward<Body>(body)();
    } catch (...) {
      keep(std::current_exception());
      return static_cast<Result>(on_error);
    }
  }

  // The same for a callback that returns nothing (a C library's notification).
  template <typename Body>
  void run(Body&& body) noexcept {
    try {
      std::forward<Body>(body)();
    } catch (...) {
      keep(std::current_exception());
    }
  }

  // Whether a callback has thrown since the last rethrow().
  [[nodiscard]] bool failed() const noexcept { return static_cast<bool>(m_error); }

  // Throws the exception a callback threw, if any, and forgets it.
  void rethrow() {
    if (m_error) {
      std::rethrow_exception(std::exchange(m_error, nullptr));
    }
  }

private:
  void keep(std::exception_ptr error) noexcept {
    if (!m_error) {
      m_error = std::move(error);
    }
  }

  std::exception_ptr m_error;
};

} // namespace util
