#include "gpg/gcrypt_handles.hpp"

#include "util/error.hpp"

#include <array>
#include <mutex>

namespace gpg {

std::string gcrypt_version() {
  initialise_gcrypt();
  const char* version = gcry_check_version(nullptr);
  return version != nullptr ? version : "unknown";
}

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
    // libgcrypt fills some values for the process on first use, without a lock: a
    // table of field primes (mpi/ec.c, field_table_mpis) when the first elliptic-curve
    // context is made, and three constants (p58, seven and m1, the square root of -1,
    // in cipher/ecc-eddsa.c) when Ed25519 points are decoded; m1 only for a point whose
    // first guess at x is wrong (about half of them). Two threads checking their first
    // Ed25519 signatures at once would each fill them, and one copy would leak (the
    // sanitizer build once saw m1's 24 + 32 bytes). Contexts made here, once, from two
    // points — the curve's base point, and the point with y = 3, whose x needs m1 —
    // fill them all before any thread starts.
    constexpr std::array<unsigned char, 32> base_point = {
        0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
        0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};
    constexpr std::array<unsigned char, 32> y_is_three = {0x03}; // little-endian y, x even
    for (const std::array<unsigned char, 32>& point : {base_point, y_is_three}) {
      gcry_sexp_t raw_key = nullptr;
      if (gcry_sexp_build(&raw_key, nullptr, "(public-key(ecc(curve Ed25519)(flags eddsa)(q %b)))",
                          static_cast<int>(point.size()), point.data()) == 0) {
        SexpPtr key(raw_key);
        gcry_ctx_t curve = nullptr;
        if (gcry_mpi_ec_new(&curve, key.get(), nullptr) == 0) {
          gcry_ctx_release(curve);
        }
      }
    }
  });
}

} // namespace gpg
