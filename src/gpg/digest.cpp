#include "gpg/digest.hpp"

#include "gpg/gcrypt_handles.hpp"

#include <array>

namespace gpg {

std::string sha256_hex(std::string_view bytes) {
  initialise_gcrypt();
  std::array<unsigned char, 32> digest{};
  gcry_md_hash_buffer(GCRY_MD_SHA256, digest.data(), bytes.data(), bytes.size());
  constexpr std::string_view k_digits = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * digest.size());
  for (unsigned char byte : digest) {
    hex += k_digits[byte >> 4U];
    hex += k_digits[byte & 0x0fU];
  }
  return hex;
}

} // namespace gpg
