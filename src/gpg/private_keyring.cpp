#include "gpg/private_keyring.hpp"

#include "gpg/weak_algorithms.hpp"
#include "util/clock.hpp"

#include "gpg/check.hpp"
#include "gpg/context.hpp"
#include "gpg/gcrypt_handles.hpp"
#include "gpg/openpgp.hpp"
#include "gpg/signature_shape.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

namespace gpg {

namespace {

constexpr const char* k_secret_key_refusal =
    "the key file holds a secret (private) key, which must never be shared. Export only the public "
    "key with `gpg --armor --export <you@example.com>`.";

// When the subkey `fingerprint` of `key` (else its primary key) expires; 0: never.
long expiry_of(gpgme_key_t key, const std::string& fingerprint) {
  if (key == nullptr || key->subkeys == nullptr) {
    return 0;
  }
  gpgme_subkey_t used = key->subkeys;
  for (gpgme_subkey_t sub = key->subkeys; sub != nullptr; sub = sub->next) {
    if (sub->fpr != nullptr && fingerprint == sub->fpr) {
      used = sub;
    }
  }
  return used->expires;
}

KeyIdentity identity_of(gpgme_key_t key) {
  KeyIdentity identity;
  identity.fingerprint =
      key->subkeys != nullptr && key->subkeys->fpr != nullptr ? key->subkeys->fpr : "";
  if (key->uids != nullptr) {
    identity.name = key->uids->name != nullptr ? key->uids->name : "";
    identity.email = key->uids->email != nullptr ? key->uids->email : "";
  }
  identity.revoked = key->revoked != 0 || (key->subkeys != nullptr && key->subkeys->revoked != 0);
  identity.expired = key->expired != 0 || (key->subkeys != nullptr && key->subkeys->expired != 0);
  identity.weakness = weak_signing_key(key, identity.fingerprint);
  return identity;
}

} // namespace

PrivateKeyring::PrivateKeyring() : m_home("git-runbook-keyring") {
  // Public keys need no agent: without this line every import would start one (a
  // process, and a daemon left until it notices its folder is gone).
  std::ofstream conf(m_home.path() / "gpg.conf");
  conf << "no-autostart\n";
}

PrivateKeyring::~PrivateKeyring() {
  if (m_agent_started) {
    stop_agent(m_home.path());
  }
}

gpgme_ctx_t PrivateKeyring::context() const {
  if (!m_context) {
    m_context = make_context(m_home.path());
  }
  gpgme_set_armor(m_context.get(), 1);
  return m_context.get();
}

std::vector<KeyIdentity> PrivateKeyring::import(const std::string& armored) {
  Imported imported = std::move(import_all({armored}).front());
  if (imported.refusal) {
    throw util::RuleError(*imported.refusal);
  }
  return imported.keys;
}

std::vector<PrivateKeyring::Imported> PrivateKeyring::import_all(const std::vector<std::string>& files) {
  std::lock_guard lock(m_mutex);
  m_checkable.reset();
  gpgme_ctx_t ctx = context(); // first: it starts GPGME, which the data buffers need
  std::vector<std::vector<std::string>> fingerprints(files.size());
  std::vector<Imported> imported(files.size());
  // Files of public keys only, in one gpg process (batchable_primaries).
  std::string batch;
  std::vector<std::pair<std::size_t, std::vector<std::string>>> in_batch;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].find("PRIVATE KEY BLOCK") != std::string::npos) {
      imported[i].refusal = k_secret_key_refusal;
    } else if (std::vector<std::string> primaries = batchable_primaries(files[i]); !primaries.empty()) {
      batch += files[i];
      batch += '\n';
      in_batch.emplace_back(i, std::move(primaries));
    } else {
      import_one(ctx, files[i], imported[i], fingerprints[i]);
    }
  }
  if (!batch.empty()) {
    Imported together;
    std::vector<std::string> found;
    import_one(ctx, batch, together, found);
    for (auto& [i, primaries] : in_batch) {
      if (together.refusal) {
        import_one(ctx, files[i], imported[i], fingerprints[i]); // not what it seemed: one by one
        continue;
      }
      for (const std::string& fingerprint : found) {
        if (std::find(primaries.begin(), primaries.end(), fingerprint) != primaries.end()) {
          fingerprints[i].push_back(fingerprint);
        }
      }
    }
  }
  std::map<std::string, KeyIdentity> listed = list_keys();
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (const std::string& fingerprint : fingerprints[i]) {
      auto primary = m_primary_of.find(fingerprint);
      auto identity = primary != m_primary_of.end() ? listed.find(primary->second) : listed.end();
      if (identity == listed.end()) {
        continue;
      }
      bool seen = std::any_of(imported[i].keys.begin(), imported[i].keys.end(),
                              [&](const KeyIdentity& known) { return known.fingerprint == identity->first; });
      if (!seen) {
        imported[i].keys.push_back(identity->second);
      }
    }
  }
  return imported;
}

void PrivateKeyring::import_one(gpgme_ctx_t ctx,
                                const std::string& file,
                                Imported& imported,
                                std::vector<std::string>& fingerprints) {
  DataPtr data = data_from(file);
  check(gpgme_op_import(ctx, data.get()), "reading a public key");
  gpgme_import_result_t result = gpgme_op_import_result(ctx);
  if (result == nullptr) {
    return;
  }
  if (result->secret_read > 0 || result->secret_imported > 0) {
    m_agent_started = true;
    imported.refusal = k_secret_key_refusal;
    return;
  }
  for (gpgme_import_status_t status = result->imports; status != nullptr; status = status->next) {
    if (status->result == GPG_ERR_NO_ERROR && status->fpr != nullptr) {
      fingerprints.emplace_back(status->fpr);
    }
  }
}

std::map<std::string, KeyIdentity> PrivateKeyring::list_keys() {
  std::map<std::string, KeyIdentity> listed;
  m_usable.clear();
  gpgme_ctx_t ctx = context();
  if (gpgme_op_keylist_start(ctx, nullptr, 0) != GPG_ERR_NO_ERROR) {
    return listed;
  }
  gpgme_key_t raw = nullptr;
  while (gpgme_op_keylist_next(ctx, &raw) == GPG_ERR_NO_ERROR) {
    KeyPtr key(raw);
    gpgme_subkey_t primary = key->subkeys;
    if (primary == nullptr || primary->fpr == nullptr) {
      continue;
    }
    KeyIdentity identity = identity_of(key.get());
    for (gpgme_subkey_t sub = key->subkeys; sub != nullptr; sub = sub->next) {
      if (sub->fpr != nullptr) {
        m_primary_of[sub->fpr] = identity.fingerprint;
        m_weakness_of[sub->fpr] = weak_signing_key(key.get(), sub->fpr);
        m_expiry_of[sub->fpr] = expiry_of(key.get(), sub->fpr);
      }
    }
    if (key->revoked == 0 && key->expired == 0 && key->disabled == 0 && key->invalid == 0 &&
        primary->revoked == 0 && primary->expired == 0 && primary->disabled == 0 && primary->invalid == 0 &&
        primary->can_sign != 0) {
      m_usable.emplace_back(primary->fpr);
    }
    listed.emplace(identity.fingerprint, std::move(identity));
  }
  gpgme_op_keylist_end(ctx);
  return listed;
}

std::string PrivateKeyring::export_public(const std::string& fingerprint) const {
  std::lock_guard lock(m_mutex);
  gpgme_ctx_t ctx = context();
  DataPtr out = empty_data();
  // A full export of what this keyring holds (only what the file brought): a minimal
  // one would drop expired subkeys, which history signed with.
  check(gpgme_op_export(ctx, fingerprint.c_str(), 0, out.get()),
        "exporting public key " + fingerprint);
  std::string armored = data_to_string(out.get());
  if (armored.empty()) {
    throw util::EnvironmentError("GnuPG could not export the public key " + fingerprint);
  }
  return armored;
}

SignatureCheck PrivateKeyring::verify_detached(const std::string& payload,
                                               const std::string& signature) const {
  {
    std::lock_guard lock(m_mutex);
    auto answer = m_answers.find(signature);
    if (answer != m_answers.end() && answer->second.first == payload) {
      SignatureCheck known = answer->second.second;
      m_answers.erase(answer);
      return known;
    }
  }
  if (std::optional<SignatureCheck> quick = quick_verify(payload, signature)) {
    return *quick;
  }
  return gnupg_verify(payload, signature);
}

void PrivateKeyring::check_in_advance(const std::vector<Signed>& batch) const {
  checkable();         // loaded once, before the threads start
  initialise_gcrypt(); // likewise (gcrypt_handles.hpp)
  std::vector<std::optional<SignatureCheck>> answers(batch.size());
  std::atomic<std::size_t> next = 0;
  auto work = [&] {
    for (std::size_t i = next++; i < batch.size(); i = next++) {
      try {
        answers[i] = quick_verify(batch[i].payload, batch[i].signature);
      } catch (const std::exception&) {
        answers[i] = std::nullopt; // verify_detached will ask again, and report
      }
    }
  };
  std::size_t helpers =
      std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()) - 1, batch.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < helpers; ++i) {
    threads.emplace_back(work);
  }
  work();
  for (std::thread& thread : threads) {
    thread.join();
  }
  std::lock_guard lock(m_mutex);
  m_answers.clear();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (answers[i]) {
      m_answers[batch[i].signature] = {batch[i].payload, *answers[i]};
    }
  }
}

std::optional<SignatureCheck> PrivateKeyring::quick_verify(const std::string& payload,
                                                           const std::string& signature) const {
  std::string storage;
  std::optional<openpgp::Signature> sig = single_signature(signature, storage);
  if (!sig) {
    return std::nullopt;
  }
  std::shared_ptr<const Checkable> keys = checkable();
  for (const CheckableKey& key : *keys) {
    if (check_signature(key, *sig, payload) == MathVerdict::good) {
      SignatureCheck good;
      good.status = SignatureStatus::good;
      good.fingerprint = key.fingerprint;
      good.detail = "Success";
      return good;
    }
  }
  return std::nullopt;
}

std::shared_ptr<const PrivateKeyring::Checkable> PrivateKeyring::checkable() const {
  std::lock_guard lock(m_mutex);
  if (m_checkable) {
    return m_checkable;
  }
  auto keys = std::make_shared<Checkable>();
  gpgme_ctx_t ctx = context();
  gpgme_set_armor(ctx, 0);
  DataPtr out = empty_data();
  if (!m_usable.empty() &&
      gpgme_op_export(ctx, nullptr, GPGME_EXPORT_MODE_MINIMAL, out.get()) == GPG_ERR_NO_ERROR) {
    for (CheckableKey& key : checkable_keys(data_to_string(out.get()))) {
      if (std::find(m_usable.begin(), m_usable.end(), key.fingerprint) != m_usable.end()) {
        keys->push_back(std::move(key));
      }
    }
  }
  m_checkable = keys;
  return m_checkable;
}

SignatureCheck PrivateKeyring::gnupg_verify(const std::string& payload,
                                            const std::string& signature) const {
  std::lock_guard lock(m_mutex);
  gpgme_ctx_t ctx = context();
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
  for (gpgme_signature_t s = result != nullptr ? result->signatures : nullptr; s != nullptr;
       s = s->next) {
    ++count;
  }
  if (count != 1) {
    outcome.status = SignatureStatus::not_one_signature;
    outcome.detail = std::to_string(count) + " signatures";
    if (count == 0 && holds_message(signature)) {
      outcome.status = SignatureStatus::unusable;
      outcome.detail = "the signature block is a signed message with its own data inside, not a signature of "
                       "the commit";
    }
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
  case GPG_ERR_KEY_EXPIRED:
    // The signature matches, by a key that has expired since (judged below by when).
    outcome.status = SignatureStatus::good;
    break;
  case GPG_ERR_SIG_EXPIRED:
    outcome.status = SignatureStatus::unusable;
    outcome.detail = "the signature was made with an end date" +
                     (s->exp_timestamp > 0 ? " (" + util::utc_day(static_cast<long>(s->exp_timestamp)) + ")"
                                           : std::string()) +
                     ", which has passed; the signer signs again without one (GnuPG's default: remove "
                     "default-sig-expire or ask-sig-expire from their gpg.conf)";
    outcome.fingerprint = signing_fpr;
    return outcome;
  case GPG_ERR_TIME_CONFLICT:
    outcome.status = SignatureStatus::unusable;
    outcome.detail = "the time it says it was made" +
                     (s->timestamp > 0 ? " (" + util::utc_day(static_cast<long>(s->timestamp)) + ")" : std::string()) +
                     " is before its key was made, or in the future: the signer's computer clock is probably "
                     "wrong; they set it right and sign again";
    outcome.fingerprint = signing_fpr;
    return outcome;
  default:
    outcome.status = SignatureStatus::unusable;
    break;
  }
  bool expired_key = gpgme_err_code(s->status) == GPG_ERR_KEY_EXPIRED;
  if (outcome.status == SignatureStatus::bad && has_critical_notation(signature)) {
    outcome.status = SignatureStatus::unusable;
    outcome.detail = "it carries a critical notation, which GnuPG refuses, so every git user sees a BAD signature";
    return outcome;
  }
  outcome.detail = gpgme_strerror(s->status);
  auto known = m_primary_of.find(signing_fpr);
  gpgme_key_t raw = nullptr;
  if (known != m_primary_of.end()) {
    outcome.fingerprint = known->second;
  } else if (!signing_fpr.empty() &&
             gpgme_get_key(ctx, signing_fpr.c_str(), &raw, 0) == GPG_ERR_NO_ERROR &&
             raw != nullptr) {
    KeyPtr key(raw);
    outcome.fingerprint = identity_of(key.get()).fingerprint;
    m_primary_of[signing_fpr] = outcome.fingerprint;
    m_weakness_of[signing_fpr] = weak_signing_key(key.get(), signing_fpr);
    m_expiry_of[signing_fpr] = expiry_of(key.get(), signing_fpr);
  } else if (outcome.status == SignatureStatus::good) {
    outcome.status = SignatureStatus::unknown_key;
    outcome.fingerprint = signing_fpr;
  }
  if (outcome.status == SignatureStatus::good && expired_key) {
    auto expiry = m_expiry_of.find(signing_fpr);
    long expires = expiry != m_expiry_of.end() ? expiry->second : 0;
    if (expires > 0 && static_cast<long>(s->timestamp) < expires) {
      outcome.key_expired_on = expires; // made while the key was valid
    } else {
      outcome.status = SignatureStatus::unusable;
      outcome.detail = "it was made after its key expired" +
                       (expires > 0 ? " on " + util::utc_day(expires) : std::string());
    }
  }
  if (outcome.status == SignatureStatus::good) {
    std::optional<std::string> weakness = weak_digest(s->hash_algo);
    if (!weakness) {
      auto key_weakness = m_weakness_of.find(signing_fpr);
      weakness = key_weakness != m_weakness_of.end() ? key_weakness->second : std::nullopt;
    }
    if (weakness) {
      outcome.status = SignatureStatus::weak;
      outcome.detail = *weakness;
    }
  }
  return outcome;
}

} // namespace gpg
