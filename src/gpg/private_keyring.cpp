#include "gpg/private_keyring.hpp"

#include "gpg/check.hpp"
#include "gpg/context.hpp"
#include "util/error.hpp"

namespace gpg {

namespace {

constexpr const char* k_secret_key_refusal =
    "the key file holds a secret (private) key, which must never be shared. Export only the public "
    "key with `gpg --armor --export <you@example.com>`.";

KeyIdentity identity_of(gpgme_key_t key) {
  KeyIdentity identity;
  identity.fingerprint = key->subkeys != nullptr && key->subkeys->fpr != nullptr ? key->subkeys->fpr : "";
  if (key->uids != nullptr) {
    identity.name = key->uids->name != nullptr ? key->uids->name : "";
    identity.email = key->uids->email != nullptr ? key->uids->email : "";
  }
  return identity;
}

} // namespace

PrivateKeyring::PrivateKeyring() : m_home("git-runbook-keyring") {}

PrivateKeyring::~PrivateKeyring() {
  if (m_agent_started) {
    stop_agent(m_home.path());
  }
}

std::vector<KeyIdentity> PrivateKeyring::import(const std::string& armored) {
  if (armored.find("PRIVATE KEY BLOCK") != std::string::npos) {
    throw util::RuleError(k_secret_key_refusal);
  }
  ContextPtr ctx = make_context(m_home.path());
  DataPtr data = data_from(armored);
  check(gpgme_op_import(ctx.get(), data.get()), "reading a public key");
  gpgme_import_result_t result = gpgme_op_import_result(ctx.get());
  std::vector<KeyIdentity> identities;
  if (result == nullptr) {
    return identities;
  }
  if (result->secret_read > 0 || result->secret_imported > 0) {
    m_agent_started = true;
    throw util::RuleError(k_secret_key_refusal);
  }
  for (gpgme_import_status_t status = result->imports; status != nullptr; status = status->next) {
    if (status->result != GPG_ERR_NO_ERROR || status->fpr == nullptr) {
      continue;
    }
    gpgme_key_t raw = nullptr;
    if (gpgme_get_key(ctx.get(), status->fpr, &raw, 0) != GPG_ERR_NO_ERROR || raw == nullptr) {
      continue;
    }
    KeyPtr key(raw);
    KeyIdentity identity = identity_of(key.get());
    bool seen = false;
    for (const KeyIdentity& known : identities) {
      seen = seen || known.fingerprint == identity.fingerprint;
    }
    if (!seen) {
      identities.push_back(identity);
    }
  }
  return identities;
}

std::string PrivateKeyring::export_public(const std::string& fingerprint) const {
  ContextPtr ctx = make_context(m_home.path());
  DataPtr out = empty_data();
  check(gpgme_op_export(ctx.get(), fingerprint.c_str(), GPGME_EXPORT_MODE_MINIMAL, out.get()),
        "exporting public key " + fingerprint);
  std::string armored = data_to_string(out.get());
  if (armored.empty()) {
    throw util::EnvironmentError("GnuPG could not export the public key " + fingerprint);
  }
  return armored;
}

SignatureCheck PrivateKeyring::verify_detached(const std::string& payload,
                                               const std::string& signature) const {
  std::lock_guard lock(m_mutex);
  if (!m_verify_context) {
    m_verify_context = make_context(m_home.path());
  }
  gpgme_ctx_t ctx = m_verify_context.get();
  DataPtr sig = data_from(signature);
  DataPtr text = data_from(payload);
  gpgme_error_t error = gpgme_op_verify(ctx, sig.get(), text.get(), nullptr);
  SignatureCheck outcome;
  if (gpgme_err_code(error) != GPG_ERR_NO_ERROR) {
    outcome.detail = gpgme_strerror(error);
    return outcome;
  }
  gpgme_verify_result_t result = gpgme_op_verify_result(ctx);
  int count = 0;
  for (gpgme_signature_t s = result != nullptr ? result->signatures : nullptr; s != nullptr; s = s->next) {
    ++count;
  }
  if (count != 1) {
    outcome.status = SignatureStatus::not_one_signature;
    outcome.detail = std::to_string(count) + " signatures";
    return outcome;
  }
  gpgme_signature_t s = result->signatures;
  std::string signing_fpr = s->fpr != nullptr ? s->fpr : "";
  switch (gpgme_err_code(s->status)) {
  case GPG_ERR_NO_ERROR:
    outcome.status = SignatureStatus::good;
    break;
  case GPG_ERR_BAD_SIGNATURE:
    outcome.status = SignatureStatus::bad;
    break;
  case GPG_ERR_NO_PUBKEY:
    outcome.status = SignatureStatus::unknown_key;
    outcome.fingerprint = signing_fpr;
    return outcome;
  default:
    outcome.status = SignatureStatus::unusable;
    break;
  }
  outcome.detail = gpgme_strerror(s->status);
  auto known = m_primary_of.find(signing_fpr);
  gpgme_key_t raw = nullptr;
  if (known != m_primary_of.end()) {
    outcome.fingerprint = known->second;
  } else if (!signing_fpr.empty() && gpgme_get_key(ctx, signing_fpr.c_str(), &raw, 0) == GPG_ERR_NO_ERROR &&
             raw != nullptr) {
    KeyPtr key(raw);
    outcome.fingerprint = identity_of(key.get()).fingerprint;
    m_primary_of[signing_fpr] = outcome.fingerprint;
  } else if (outcome.status == SignatureStatus::good) {
    outcome.status = SignatureStatus::unknown_key;
    outcome.fingerprint = signing_fpr;
  }
  return outcome;
}

} // namespace gpg
