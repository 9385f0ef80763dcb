#include "gpg/weak_algorithms.hpp"

namespace gpg {

std::optional<std::string> weak_digest(gpgme_hash_algo_t digest) {
  switch (digest) {
  case GPGME_MD_MD5:
    return "an MD5 digest";
  case GPGME_MD_SHA1:
    return "a SHA-1 digest";
  case GPGME_MD_RMD160:
    return "a RIPEMD-160 digest";
  case GPGME_MD_MD2:
  case GPGME_MD_MD4:
  case GPGME_MD_TIGER:
  case GPGME_MD_HAVAL:
    return std::string("a ") + gpgme_hash_algo_name(digest) + " digest";
  default:
    return std::nullopt;
  }
}

std::optional<std::string> weak_key(gpgme_pubkey_algo_t algorithm, unsigned int bits) {
  constexpr unsigned int k_least_bits = 2048;
  if (bits >= k_least_bits || bits == 0) {
    return std::nullopt;
  }
  switch (algorithm) {
  case GPGME_PK_RSA:
  case GPGME_PK_RSA_E:
  case GPGME_PK_RSA_S:
    return "a " + std::to_string(bits) + "-bit RSA key";
  case GPGME_PK_DSA:
    return "a " + std::to_string(bits) + "-bit DSA key";
  default:
    return std::nullopt;
  }
}

std::optional<std::string> weak_signing_key(gpgme_key_t key, const std::string& fingerprint) {
  if (key == nullptr || key->subkeys == nullptr) {
    return std::nullopt;
  }
  gpgme_subkey_t used = key->subkeys;
  for (gpgme_subkey_t sub = key->subkeys; sub != nullptr; sub = sub->next) {
    if (sub->fpr != nullptr && fingerprint == sub->fpr) {
      used = sub;
    }
  }
  return weak_key(used->pubkey_algo, used->length);
}

} // namespace gpg
