#include "gpg/user_keys.hpp"

#include "gpg/bounded_operation.hpp"
#include "gpg/check.hpp"
#include "gpg/context.hpp"
#include "util/error.hpp"

#include <map>

namespace gpg {

namespace {

// The secret keys already listed in this process, so that signing with one of them
// needs no second look-up (each look-up is a gpg process).
std::map<std::string, KeyPtr>& listed_keys() {
  static std::map<std::string, KeyPtr> keys;
  return keys;
}

KeyPtr share(gpgme_key_t key) {
  gpgme_key_ref(key);
  return KeyPtr(key);
}

} // namespace

std::vector<core::SecretKey> list_secret_keys() {
  gpgme_ctx_t ctx = user_context();
  BoundedResult listing =
      run_bounded(ctx, "listing your secret keys", [&] { return gpgme_op_keylist_start(ctx, nullptr, 1); });
  check(listing.error, "listing your secret keys");
  std::vector<core::SecretKey> keys;
  for (KeyPtr& key : listing.keys) {
    if (key->subkeys == nullptr || key->subkeys->fpr == nullptr) {
      continue;
    }
    core::SecretKey info;
    info.fingerprint = key->subkeys->fpr;
    bool signing_subkey = false;
    for (gpgme_subkey_t sub = key->subkeys; sub != nullptr; sub = sub->next) {
      if (sub != key->subkeys && sub->fpr != nullptr) {
        info.subkey_fingerprints.emplace_back(sub->fpr);
      }
      if (sub->can_sign && sub->secret && !sub->expired && !sub->revoked && !sub->disabled &&
          !sub->invalid) {
        signing_subkey = true;
      }
    }
    for (gpgme_user_id_t uid = key->uids; uid != nullptr; uid = uid->next) {
      if (uid->email != nullptr && *uid->email != '\0' && !uid->revoked) {
        info.emails.emplace_back(uid->email);
      }
    }
    info.can_sign = signing_subkey && key->can_sign && !key->expired && !key->revoked &&
                    !key->disabled && !key->invalid;
    listed_keys()[info.fingerprint] = share(key.get());
    keys.push_back(std::move(info));
  }
  return keys;
}

KeyPtr secret_key(const std::string& fingerprint) {
  auto listed = listed_keys().find(fingerprint);
  if (listed != listed_keys().end()) {
    return share(listed->second.get());
  }
  gpgme_ctx_t ctx = user_context();
  BoundedResult listing = run_bounded(ctx, "reading secret key " + fingerprint,
                                      [&] { return gpgme_op_keylist_start(ctx, fingerprint.c_str(), 1); });
  check(listing.error, "reading secret key " + fingerprint);
  for (KeyPtr& key : listing.keys) {
    for (gpgme_subkey_t sub = key->subkeys; sub != nullptr; sub = sub->next) {
      if (sub->fpr != nullptr && fingerprint == sub->fpr) {
        return std::move(key);
      }
    }
  }
  throw util::EnvironmentError("your keyring has no secret key " + fingerprint +
                               ". List your keys with `gpg --list-secret-keys`.");
}

std::string export_public_key(const std::string& fingerprint) {
  gpgme_ctx_t ctx = user_context();
  DataPtr out = empty_data();
  check(run_bounded(ctx, "exporting public key " + fingerprint,
                    [&] { return gpgme_op_export_start(ctx, fingerprint.c_str(), GPGME_EXPORT_MODE_MINIMAL, out.get()); })
            .error,
        "exporting public key " + fingerprint);
  std::string armored = data_to_string(out.get());
  if (armored.empty()) {
    throw util::EnvironmentError("GnuPG has no public key " + fingerprint +
                                 ". Check the key with `gpg --list-keys " + fingerprint + "`.");
  }
  return armored;
}

} // namespace gpg
