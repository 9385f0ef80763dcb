#pragma once

#include <gpgme.h>

#include <optional>
#include <string>

namespace gpg {

// Signatures no longer safe to trust (issue 15 point 5): SHA-1, RIPEMD-160 and MD5
// digests, and RSA or DSA keys under 2048 bits. Each returns plain words naming what
// is weak ("a SHA-1 digest", "a 1024-bit RSA key"), or nullopt when it is not.
std::optional<std::string> weak_digest(gpgme_hash_algo_t digest);
std::optional<std::string> weak_key(gpgme_pubkey_algo_t algorithm, unsigned int bits);

// The weakness of the key a signature was made with: the subkey `fingerprint` of `key`
// (its primary key when no subkey has that fingerprint).
std::optional<std::string> weak_signing_key(gpgme_key_t key, const std::string& fingerprint);

// What to do about a weak signature or key, for messages.
constexpr const char* k_weak_fix =
    "sign with a key of at least 2048 bits (Ed25519 is best: `gpg --quick-gen-key "
    "\"Name <address>\" ed25519 sign`) and a SHA-256 digest (GnuPG's default; remove any "
    "`personal-digest-preferences` or `digest-algo` SHA1 line from gpg.conf)";

} // namespace gpg
