#include "gpg/key_generation.hpp"

#include "gpg/check.hpp"
#include "gpg/context.hpp"
#include "util/error.hpp"

namespace gpg {

std::string generate_signing_key(const std::filesystem::path& home, const std::string& user_id) {
  ContextPtr ctx = make_context(home);
  unsigned flags = GPGME_CREATE_SIGN | GPGME_CREATE_NOPASSWD | GPGME_CREATE_NOEXPIRE | GPGME_CREATE_FORCE;
  check(gpgme_op_createkey(ctx.get(), user_id.c_str(), "ed25519", 0, 0, nullptr, flags),
        "making a key for " + user_id);
  gpgme_genkey_result_t result = gpgme_op_genkey_result(ctx.get());
  if (result == nullptr || result->fpr == nullptr) {
    throw util::EnvironmentError("GnuPG made no key for " + user_id);
  }
  return result->fpr;
}

} // namespace gpg
