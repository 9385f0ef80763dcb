#include "gpg/gcrypt_handles.hpp"

#include "util/error.hpp"

#include <mutex>

namespace gpg {

void initialise_gcrypt() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (gcry_check_version(GCRYPT_VERSION) == nullptr) {
      throw util::EnvironmentError(
          "libgcrypt is older than the version git-runbook was built with; "
          "reinstall git-runbook's dependencies");
    }
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0); // public values only: nothing secret is held
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    // The first elliptic-curve context fills a table of field primes that libgcrypt
    // keeps for the process, without a lock (mpi/ec.c, field_table_mpis): two threads
    // checking their first Ed25519 signatures at once would each fill it, and one copy
    // would leak. One context made here, once, fills it before any thread starts.
    gcry_ctx_t curve = nullptr;
    if (gcry_mpi_ec_new(&curve, nullptr, "Ed25519") == 0) {
      gcry_ctx_release(curve);
    }
  });
}

} // namespace gpg
