// How the parse is put off: this executable defines mbedtls_x509_crt_parse_file, the
// one function of libmbedx509 that libgit2's TLS start-up calls to read the bundle. A
// definition in the executable comes first in the dynamic linker's search order, so
// libgit2's call reaches this one (the link exports it, see CMakeLists.txt). While
// libgit2 starts, it remembers the file and reports success with no certificate
// loaded; at any other time it hands the call on to the real function (RTLD_NEXT).
// When libgit2 uses another TLS library, nothing calls it and nothing changes.
#include "git/tls_certificates.hpp"

#include "git/check.hpp"
#include "util/error.hpp"

#include <git2.h>

#include <atomic>
#include <dlfcn.h>
#include <mutex>

namespace git {

namespace {

std::atomic<bool> g_starting{false};
std::mutex g_mutex;
std::optional<std::string> g_deferred; // the file put off, while not loaded yet
std::optional<std::string> g_remembered;

using ParseFile = int (*)(void*, const char*);

ParseFile real_parse_file() {
  static ParseFile real = reinterpret_cast<ParseFile>(dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"));
  return real;
}

} // namespace

void start_without_certificates(int (*start)()) {
  g_starting = true;
  start();
  g_starting = false;
}

void load_deferred_certificates() {
  std::lock_guard lock(g_mutex);
  if (!g_deferred) {
    return;
  }
  std::string file = *g_deferred;
  g_deferred.reset();
  check(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file.c_str(), nullptr),
        "reading the system's certificates for HTTPS (" + file + ")");
}

std::optional<std::string> deferred_certificate_file() {
  std::lock_guard lock(g_mutex);
  return g_remembered;
}

} // namespace git

// NOLINTNEXTLINE(readability-identifier-naming): the name libgit2 calls.
extern "C" int mbedtls_x509_crt_parse_file(void* chain, const char* path) {
  if (git::g_starting && path != nullptr) {
    std::lock_guard lock(git::g_mutex);
    git::g_deferred = path;
    git::g_remembered = path;
    return 0;
  }
  git::ParseFile real = git::real_parse_file();
  return real != nullptr ? real(chain, path) : -1;
}
