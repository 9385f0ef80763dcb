// How it is put off: the link wraps mbedtls_x509_crt_parse_file, the one function of
// mbedTLS that libgit2's TLS start-up calls to read the bundle, and libssh2_init (--wrap
// in cmake/StaticLibraries.cmake: libgit2's calls reach __wrap_..., the real functions
// are __real_...). While libgit2 starts, the wrappers remember the call and report
// success; at any other time they hand it on to the real function. (A libgit2 built
// with another TLS library would leave __real_... undefined: the link would fail on
// it, not the program.)
#include "git/network_start.hpp"

#include "git/check.hpp"
#include "util/callback_guard.hpp"
#include "util/error.hpp"

#include <git2.h>

#include <atomic>
#include <mutex>

// NOLINTBEGIN(bugprone-reserved-identifier,readability-identifier-naming): the linker's names.
extern "C" int __real_mbedtls_x509_crt_parse_file(void* chain, const char* path);
extern "C" int __real_libssh2_init(int flags);
// NOLINTEND(bugprone-reserved-identifier,readability-identifier-naming)

namespace git {

namespace {

std::atomic<bool> g_starting{false};
std::mutex g_mutex;
std::optional<std::string> g_deferred; // the file put off, while not loaded yet
std::optional<std::string> g_remembered;
std::optional<int> g_ssh_flags; // libssh2_init's, while not started yet
util::CallbackGuard g_start_guard; // what the wrappers below threw while libgit2 started

} // namespace

int start_without_network(int (*start)()) {
  g_starting = true;
  int result = start();
  g_starting = false;
  g_start_guard.rethrow();
  return result;
}

void finish_network_start() {
  std::lock_guard lock(g_mutex);
  if (g_ssh_flags) {
    int flags = *g_ssh_flags;
    g_ssh_flags.reset();
    if (__real_libssh2_init(flags) != 0) {
      throw util::EnvironmentError("starting libssh2 for an SSH remote failed. Nothing was changed.");
    }
  }
  if (g_deferred) {
    std::string file = *g_deferred;
    g_deferred.reset();
    check(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file.c_str(), nullptr),
          "reading the system's certificates for HTTPS (" + file + ")");
  }
}

std::optional<std::string> deferred_certificate_file() {
  std::lock_guard lock(g_mutex);
  return g_remembered;
}

} // namespace git

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the linker's name.
extern "C" int __wrap_mbedtls_x509_crt_parse_file(void* chain, const char* path) {
  if (git::g_starting && path != nullptr) {
    return git::g_start_guard.run(-1, [&] {
      std::lock_guard lock(git::g_mutex);
      git::g_deferred = path;
      git::g_remembered = path;
      return 0;
    });
  }
  return __real_mbedtls_x509_crt_parse_file(chain, path);
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the linker's name.
extern "C" int __wrap_libssh2_init(int flags) {
  if (git::g_starting) {
    return git::g_start_guard.run(-1, [&] {
      std::lock_guard lock(git::g_mutex);
      git::g_ssh_flags = flags;
      return 0;
    });
  }
  return __real_libssh2_init(flags);
}
