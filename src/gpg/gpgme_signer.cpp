#include "gpg/gpgme_signer.hpp"

#include "gpg/check.hpp"
#include "gpg/context.hpp"
#include "util/error.hpp"

namespace gpg {

GpgmeSigner::GpgmeSigner(const std::string& fingerprint) : m_fingerprint(fingerprint) {
  ContextPtr ctx = make_context();
  gpgme_key_t raw = nullptr;
  gpgme_error_t error = gpgme_get_key(ctx.get(), fingerprint.c_str(), &raw, 1);
  if (gpgme_err_code(error) == GPG_ERR_EOF || raw == nullptr) {
    throw util::EnvironmentError("your keyring has no secret key " + fingerprint +
                                 ". List your keys with `gpg --list-secret-keys`.");
  }
  check(error, "reading secret key " + fingerprint);
  KeyPtr key(raw);
  if (key->uids != nullptr) {
    m_name = key->uids->name != nullptr ? key->uids->name : "";
    m_email = key->uids->email != nullptr ? key->uids->email : "";
  }
}

std::string GpgmeSigner::sign(std::string_view payload) const {
  ContextPtr ctx = make_context();
  gpgme_key_t raw = nullptr;
  check(gpgme_get_key(ctx.get(), m_fingerprint.c_str(), &raw, 1), "reading secret key " + m_fingerprint);
  KeyPtr key(raw);
  check(gpgme_signers_add(ctx.get(), key.get()), "choosing key " + m_fingerprint);
  DataPtr in = data_from(std::string(payload));
  DataPtr out = empty_data();
  gpgme_error_t error = gpgme_op_sign(ctx.get(), in.get(), out.get(), GPGME_SIG_MODE_DETACH);
  if (gpgme_err_code(error) != GPG_ERR_NO_ERROR) {
    throw util::EnvironmentError(
        std::string("GnuPG could not sign with key ") + m_fingerprint + ": " + gpgme_strerror(error) +
        ". Check that gpg-agent is running and the key is unlocked (try `gpg --sign` on any "
        "file), then try again. Nothing was written.");
  }
  gpgme_sign_result_t result = gpgme_op_sign_result(ctx.get());
  if (result == nullptr || result->signatures == nullptr || result->invalid_signers != nullptr) {
    throw util::EnvironmentError("GnuPG made no signature with key " + m_fingerprint +
                                 ". Nothing was written.");
  }
  return data_to_string(out.get());
}

} // namespace gpg
