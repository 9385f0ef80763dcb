#include "gpg/digest.hpp"

#include "gpg/gcrypt_handles.hpp"
#include "util/encoding.hpp"

#include <array>

namespace gpg {

std::string sha256_hex(std::string_view bytes) {
  initialise_gcrypt();
  std::array<unsigned char, 32> digest{};
  gcry_md_hash_buffer(GCRY_MD_SHA256, digest.data(), bytes.data(), bytes.size());
  return util::hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

} // namespace gpg
