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
  });
}

} // namespace gpg
