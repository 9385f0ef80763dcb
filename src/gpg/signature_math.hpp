#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpg/openpgp.hpp"

// Checking an OpenPGP signature in-process with libgcrypt, GnuPG's own cryptography,
// for the common case only: a version-4 binary signature by the primary key (RSA or
// Ed25519) of a key GnuPG has already found valid. It answers "good" only when it is
// sure; anything else goes back to GnuPG, whose answer (and wording) counts. Verifying
// ten thousand commits then costs no ten thousand gpg processes.
namespace gpg {

// The public values of a primary key GnuPG listed as usable for signing.
struct CheckableKey {
  std::string fingerprint; // upper-case hex
  std::uint32_t created = 0;
  int algorithm = 0;
  std::string curve_oid;
  std::vector<std::string> mpis;
};

// The version-4 fingerprint of a public key packet's body (at most 65535 bytes), upper-case hex.
std::string v4_fingerprint(std::string_view key_body);

// The primary keys found in exported key bytes (binary), with their fingerprints.
std::vector<CheckableKey> checkable_keys(std::string_view exported);

enum class MathVerdict {
  good,     // the signature is by `key` and matches the payload
  not_sure, // something this check does not handle, or a mismatch: ask GnuPG
};

// The one signature of an armored block, when it is one plain version-4 signature.
std::optional<openpgp::Signature> single_signature(std::string_view armored, std::string& storage);

// Checks `sig` (a binary-document signature) over `payload` with `key`.
MathVerdict check_signature(const CheckableKey& key, const openpgp::Signature& sig, std::string_view payload);

} // namespace gpg
