#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gpg/handles.hpp"
#include "gpg/signature_math.hpp"
#include "util/temp_dir.hpp"

namespace gpg {

// Who a public key says it is.
struct KeyIdentity {
  std::string fingerprint; // primary key, upper-case hex
  std::string name;
  std::string email;
  bool revoked = false;
  bool expired = false;
  std::optional<std::string> weakness; // "a 1024-bit RSA key" (weak_algorithms.hpp)
};

enum class SignatureStatus {
  good,               // exactly one signature, mathematically good, by a key of this keyring
  bad,                // the signature does not match the signed bytes
  unknown_key,        // made by a key this keyring does not hold
  not_one_signature,  // none, or more than one signature in the blob
  weak,               // good, but with a digest or key too weak to trust (detail says which)
  unusable,           // anything else: malformed data, expired or revoked key, …
};

struct SignatureCheck {
  SignatureStatus status = SignatureStatus::unusable;
  std::string fingerprint; // of the primary key that made it (when known)
  std::string detail;      // GnuPG's reason, for messages
  // Good, made while its key was valid, by a key that has expired since (seconds since
  // 1970); 0 when the key has not expired. History keeps it; a server refuses new ones.
  long key_expired_on = 0;
};

// A throwaway GnuPG home that holds only the public keys we import into it: verifying
// against it never consults the user's keyring, and a key that arrives with a push
// never judges that same push. Removed with the object.
class PrivateKeyring {
public:
  PrivateKeyring();
  ~PrivateKeyring();
  PrivateKeyring(const PrivateKeyring&) = delete;
  PrivateKeyring& operator=(const PrivateKeyring&) = delete;

  // Imports the public keys of a key file (armored or binary) and returns who they
  // are. Refuses (util::RuleError) a file with secret key material. Throws util::EnvironmentError
  // when GnuPG fails.
  std::vector<KeyIdentity> import(const std::string& armored);

  // What one key file of import_all brought: its keys, or why it was refused.
  struct Imported {
    std::vector<KeyIdentity> keys;
    std::optional<std::string> refusal; // a secret key file: why, and what to do
  };
  // Imports many key files, each judged on its own (one refused file does not stop the
  // others), and lists the keyring once for all of them: a policy of many people costs
  // two gpg processes (one import for all files of plain public keys, one listing),
  // not three per file. Throws
  // util::EnvironmentError when GnuPG fails.
  std::vector<Imported> import_all(const std::vector<std::string>& files);

  // The public key `fingerprint` as this keyring holds it, armored: what to store in a
  // repository instead of the bytes a person handed in.
  std::string export_public(const std::string& fingerprint) const;

  // Checks a detached signature over `payload`. Counts the signatures itself: GPGME
  // reports success for a blob with one good and one unknown signature. The plain case
  // (one signature by a valid primary key) is checked in-process (signature_math.hpp);
  // everything else by GnuPG. Safe to call from several threads.
  SignatureCheck verify_detached(const std::string& payload, const std::string& signature) const;

  // A payload and its detached signature, as verify_detached takes them.
  struct Signed {
    std::string payload;
    std::string signature;
  };
  // Checks many plain signatures at once on every core and keeps the good ones for the
  // verify_detached calls that follow (each answer is used once; the rest are checked
  // then, as usual).
  void check_in_advance(const std::vector<Signed>& batch) const;

private:
  using Checkable = std::vector<CheckableKey>;
  std::optional<SignatureCheck> quick_verify(const std::string& payload, const std::string& signature) const;
  std::shared_ptr<const Checkable> checkable() const;
  SignatureCheck gnupg_verify(const std::string& payload, const std::string& signature) const;
  // Reads what the keyring holds after an import, in one listing: who each primary key
  // is, and for each (sub)key its primary key, weakness and expiry. m_mutex held.
  std::map<std::string, KeyIdentity> list_keys();
  // One gpg import of `file`: the primary fingerprints it brought, or a refusal.
  void import_one(gpgme_ctx_t ctx, const std::string& file, Imported& imported, std::vector<std::string>& fingerprints);
  gpgme_ctx_t context() const; // m_mutex held

  util::TempDir m_home;
  bool m_agent_started = false; // secret key material makes gpg start an agent here
  // One context for every operation, and what the last listing found. Guarded by m_mutex.
  mutable std::mutex m_mutex;
  mutable ContextPtr m_context;
  std::vector<std::string> m_usable; // primary keys valid for signing
  mutable std::map<std::string, std::string> m_primary_of;
  mutable std::map<std::string, std::optional<std::string>> m_weakness_of; // signing key -> weakness
  mutable std::map<std::string, long> m_expiry_of;                          // signing key -> expiry
  // The primary keys GnuPG lists as valid for signing, with their public values: what
  // quick_verify may use. Loaded at the first verification after an import.
  mutable std::shared_ptr<const Checkable> m_checkable;
  // Answers of check_in_advance not yet asked for: signature -> (payload, answer).
  mutable std::map<std::string, std::pair<std::string, SignatureCheck>> m_answers;
};

} // namespace gpg
