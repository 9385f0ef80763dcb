#include "gpg/agent_probe.hpp"

#include "gpg/bounded_operation.hpp"
#include "gpg/check.hpp"
#include "gpg/context.hpp"

namespace gpg {

namespace {

bool can_sign(gpgme_key_t key) {
  return key->can_sign && !key->expired && !key->revoked && !key->disabled && !key->invalid;
}

} // namespace

std::optional<std::string> unreachable_agent() {
  gpgme_ctx_t ctx = user_context();
  BoundedResult listing =
      run_bounded(ctx, "listing your public keys", [&] { return gpgme_op_keylist_start(ctx, nullptr, 0); });
  check(listing.error, "listing your public keys");
  gpgme_key_t probe = nullptr;
  for (const KeyPtr& key : listing.keys) {
    if (can_sign(key.get())) {
      probe = key.get();
      break;
    }
  }
  if (probe == nullptr) {
    return std::nullopt; // nothing to sign with at all: the agent plays no part
  }
  check(gpgme_signers_add(ctx, probe), "choosing a key");
  DataPtr in = data_from("probe");
  DataPtr out = empty_data();
  gpgme_error_t error = run_bounded(ctx, "checking GnuPG's agent", [&] {
                          return gpgme_op_sign_start(ctx, in.get(), out.get(), GPGME_SIG_MODE_DETACH);
                        }).error;
  gpgme_sign_result_t result = gpgme_op_sign_result(ctx);
  gpgme_signers_clear(ctx);
  if (gpgme_err_code(error) == GPG_ERR_NO_ERROR || result == nullptr || result->invalid_signers == nullptr) {
    return std::nullopt;
  }
  gpgme_error_t reason = result->invalid_signers->reason;
  if (gpgme_err_code(reason) == GPG_ERR_NO_SECKEY) {
    return std::nullopt; // the agent answered: there really is no secret key
  }
  // GnuPG reports an agent it cannot reach as an invalid signer "for no specific reason"
  // (General error); anything more specific is worth showing.
  std::string detail = gpgme_err_code(reason) == GPG_ERR_GENERAL ? "" : std::string(" (") + gpgme_strerror(reason) + ")";
  return "GnuPG cannot reach its agent (gpg-agent), which keeps your secret keys" + detail +
         ", so it shows none of them and cannot sign. `gpg --list-secret-keys` shows GnuPG's own error; fix "
         "that (a stuck agent is stopped with `gpgconf --kill gpg-agent`) and try again.";
}

} // namespace gpg
