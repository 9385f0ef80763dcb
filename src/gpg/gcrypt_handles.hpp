#pragma once

#include <gcrypt.h>
#include <memory>
#include <string>
#include <type_traits>

namespace gpg {

// Initialises libgcrypt once per process, before its first use (public-key checks and
// digests only, so without secure memory). Throws util::EnvironmentError when the
// installed libgcrypt is older than the one the program was built with. Threads may
// use libgcrypt once it returns.
void initialise_gcrypt();

// The version of the libgcrypt this process runs with, asked of the library ("1.10.1").
std::string gcrypt_version();

// Every libgcrypt handle is owned by one of these.
struct SexpDeleter {
  void operator()(gcry_sexp_t sexp) const { gcry_sexp_release(sexp); }
};
using SexpPtr = std::unique_ptr<std::remove_pointer_t<gcry_sexp_t>, SexpDeleter>;

struct MdDeleter {
  void operator()(gcry_md_hd_t md) const { gcry_md_close(md); }
};
using MdPtr = std::unique_ptr<std::remove_pointer_t<gcry_md_hd_t>, MdDeleter>;

} // namespace gpg
