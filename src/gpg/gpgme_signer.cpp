#include "gpg/gpgme_signer.hpp"

#include "gpg/bounded_operation.hpp"
#include "gpg/check.hpp"
#include "gpg/context.hpp"
#include "gpg/user_keys.hpp"
#include "gpg/weak_algorithms.hpp"
#include "util/error.hpp"

namespace gpg {

GpgmeSigner::GpgmeSigner(const std::string& fingerprint)
    : m_fingerprint(fingerprint), m_key(secret_key(fingerprint)) {
  if (m_key->uids != nullptr) {
    m_name = m_key->uids->name != nullptr ? m_key->uids->name : "";
    m_email = m_key->uids->email != nullptr ? m_key->uids->email : "";
  }
}

std::string GpgmeSigner::sign(std::string_view payload) const {
  gpgme_ctx_t ctx = user_context();
  check(gpgme_signers_add(ctx, m_key.get()), "choosing key " + m_fingerprint);
  DataPtr in = data_from(std::string(payload));
  DataPtr out = empty_data();
  gpgme_error_t error = run_bounded(ctx, "signing with key " + m_fingerprint, [&] {
                         return gpgme_op_sign_start(ctx, in.get(), out.get(), GPGME_SIG_MODE_DETACH);
                       }).error;
  if (gpgme_err_code(error) != GPG_ERR_NO_ERROR) {
    throw util::EnvironmentError(
        std::string("GnuPG could not sign with key ") + m_fingerprint + ": " + gpgme_strerror(error) +
        ". Check that gpg-agent is running and the key is unlocked (try `gpg --sign` on any "
        "file), then try again. Nothing was written.");
  }
  gpgme_sign_result_t result = gpgme_op_sign_result(ctx);
  if (result == nullptr || result->signatures == nullptr || result->invalid_signers != nullptr) {
    throw util::EnvironmentError("GnuPG made no signature with key " + m_fingerprint +
                                 ". Nothing was written.");
  }
  gpgme_new_signature_t made = result->signatures;
  std::optional<std::string> weakness = weak_digest(made->hash_algo);
  if (!weakness) {
    weakness = weak_signing_key(m_key.get(), made->fpr != nullptr ? made->fpr : m_fingerprint);
  }
  if (weakness) {
    throw util::RuleError("GnuPG signed with " + *weakness + " (key " + m_fingerprint +
                          "), which is too weak to trust, so nothing was written. Instead, " + k_weak_fix +
                          "; an admin then adds the new key with `git runbook keys add`.");
  }
  return data_to_string(out.get());
}

} // namespace gpg
