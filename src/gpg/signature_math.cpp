#include "gpg/signature_math.hpp"

#include "gpg/gcrypt_handles.hpp"
#include "util/encoding.hpp"

#include <gcrypt.h>

#include <array>
#include <ctime>
#include <memory>

namespace gpg {

namespace {

// Ed25519's OID, 1.3.6.1.4.1.11591.15.1 (RFC 4880bis).
constexpr std::string_view k_ed25519_oid = "\x2B\x06\x01\x04\x01\xDA\x47\x0F\x01";

const char* hash_name(int algorithm) {
  switch (algorithm) {
  case GCRY_MD_SHA224:
    return "sha224";
  case GCRY_MD_SHA256:
    return "sha256";
  case GCRY_MD_SHA384:
    return "sha384";
  case GCRY_MD_SHA512:
    return "sha512";
  default:
    return nullptr; // SHA-1 and older: GnuPG decides
  }
}

// An RSA modulus under 2048 bits: weak (weak_algorithms.hpp), so GnuPG's path, which
// says so, judges it.
bool rsa_too_short(const std::string& modulus) {
  constexpr std::size_t k_least_bytes = 256;
  return modulus.size() < k_least_bytes ||
         (modulus.size() == k_least_bytes && static_cast<unsigned char>(modulus[0]) < 0x80U);
}

// Whether `sig` names `key` as its issuer in exactly the shape GnuPG writes a plain
// signature, so that GnuPG could not read it any other way: in the signed (hashed) area
// one creation time and at most one issuer fingerprint and one issuer key id; in the
// unsigned area at most one of each issuer subpacket and nothing else; every issuer
// named anywhere is `key` and one is named. Anything more (an expiry, a notation, an
// unknown critical subpacket, a repeated or conflicting issuer or time) has rules this
// check does not apply: GnuPG judges it (it takes the first value, preferring the
// signed area, where a naive reader takes the last).
bool issued_plainly_by(const openpgp::Signature& sig, const CheckableKey& key) {
  std::string key_id = key.fingerprint.size() == 40 ? key.fingerprint.substr(24) : "";
  int issuers = 0;
  for (const auto* area : {&sig.hashed, &sig.unhashed}) {
    int times = 0;
    int fingerprints = 0;
    int key_ids = 0;
    for (const openpgp::Subpacket& sub : *area) {
      if (sub.type == openpgp::k_subpacket_creation_time && area == &sig.hashed && sub.body.size() == 4) {
        ++times;
      } else if (sub.type == openpgp::k_subpacket_issuer_fingerprint && sub.body.size() == 21 && sub.body[0] == 4 &&
                 util::hex(sub.body.substr(1, 20), util::HexCase::upper) == key.fingerprint) {
        ++fingerprints;
      } else if (sub.type == openpgp::k_subpacket_issuer && sub.body.size() == 8 &&
                 util::hex(sub.body.substr(0, 8), util::HexCase::upper) == key_id) {
        ++key_ids;
      } else {
        return false; // another subpacket, another issuer, or a malformed one
      }
    }
    if (times != (area == &sig.hashed ? 1 : 0) || fingerprints > 1 || key_ids > 1) {
      return false;
    }
    issuers += fingerprints + key_ids;
  }
  return issuers > 0;
}

std::string left_padded(std::string_view value, std::size_t size) {
  if (value.size() >= size) {
    return std::string(value);
  }
  return std::string(size - value.size(), '\0') + std::string(value);
}

int size_of(std::string_view bytes) { return static_cast<int>(bytes.size()); }

} // namespace

std::string v4_fingerprint(std::string_view key_body) {
  initialise_gcrypt();
  // SHA-1 over 0x99, the two-octet length, the body (RFC 4880 §12.2).
  std::string framed = "\x99";
  framed.push_back(static_cast<char>(key_body.size() >> 8U));
  framed.push_back(static_cast<char>(key_body.size() & 0xFFU));
  framed += key_body;
  std::array<unsigned char, 20> digest{};
  gcry_md_hash_buffer(GCRY_MD_SHA1, digest.data(), framed.data(), framed.size());
  return util::hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()), util::HexCase::upper);
}

std::vector<CheckableKey> checkable_keys(std::string_view exported) {
  initialise_gcrypt();
  std::vector<CheckableKey> keys;
  auto packets = openpgp::split_packets(exported);
  if (!packets) {
    return keys;
  }
  for (const openpgp::Packet& packet : *packets) {
    if (packet.tag != openpgp::k_tag_public_key || packet.body.size() > 0xFFFF) {
      continue;
    }
    std::optional<openpgp::PublicKey> parsed = openpgp::parse_public_key(packet.body);
    if (!parsed) {
      continue;
    }
    CheckableKey key;
    key.fingerprint = v4_fingerprint(packet.body);
    key.created = parsed->created;
    key.algorithm = parsed->algorithm;
    key.curve_oid = std::string(parsed->curve_oid);
    for (std::string_view mpi : parsed->mpis) {
      key.mpis.emplace_back(mpi);
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

std::optional<openpgp::Signature> single_signature(std::string_view armored, std::string& storage) {
  std::optional<std::string> bytes = openpgp::dearmor(armored);
  if (!bytes) {
    return std::nullopt;
  }
  storage = std::move(*bytes);
  auto packets = openpgp::split_packets(storage);
  if (!packets || packets->size() != 1 || packets->front().tag != openpgp::k_tag_signature) {
    return std::nullopt;
  }
  return openpgp::parse_signature(packets->front().body);
}

MathVerdict check_signature(const CheckableKey& key, const openpgp::Signature& sig, std::string_view payload) {
  initialise_gcrypt();
  const char* hash = hash_name(sig.hash_algorithm);
  auto now = static_cast<std::uint32_t>(std::time(nullptr));
  if (hash == nullptr || sig.type != 0x00 || sig.public_key_algorithm != key.algorithm ||
      !issued_plainly_by(sig, key) || sig.created < key.created || key.created > now) {
    return MathVerdict::not_sure;
  }
  gcry_md_hd_t raw_md = nullptr;
  if (gcry_md_open(&raw_md, sig.hash_algorithm, 0) != 0) {
    return MathVerdict::not_sure;
  }
  MdPtr md(raw_md);
  gcry_md_write(md.get(), payload.data(), payload.size());
  gcry_md_write(md.get(), sig.hashed_part.data(), sig.hashed_part.size());
  auto length = static_cast<std::uint32_t>(sig.hashed_part.size());
  const std::array<unsigned char, 6> trailer = {0x04,
                                                0xFF,
                                                static_cast<unsigned char>(length >> 24U),
                                                static_cast<unsigned char>((length >> 16U) & 0xFFU),
                                                static_cast<unsigned char>((length >> 8U) & 0xFFU),
                                                static_cast<unsigned char>(length & 0xFFU)};
  gcry_md_write(md.get(), trailer.data(), trailer.size());
  const unsigned char* digest = gcry_md_read(md.get(), sig.hash_algorithm);
  std::size_t digest_size = gcry_md_get_algo_dlen(sig.hash_algorithm);
  if (digest == nullptr || digest[0] != sig.left16[0] || digest[1] != sig.left16[1]) {
    return MathVerdict::not_sure;
  }
  std::string_view value(reinterpret_cast<const char*>(digest), digest_size);

  gcry_sexp_t raw_key = nullptr;
  gcry_sexp_t raw_data = nullptr;
  gcry_sexp_t raw_sig = nullptr;
  if (key.algorithm == openpgp::k_eddsa && key.curve_oid == k_ed25519_oid && key.mpis.size() == 1 &&
      sig.mpis.size() == 2 && sig.mpis[0].size() <= 32 && sig.mpis[1].size() <= 32) {
    const std::string& q = key.mpis[0];
    std::string r = left_padded(sig.mpis[0], 32);
    std::string s = left_padded(sig.mpis[1], 32);
    gcry_sexp_build(&raw_key, nullptr, "(public-key(ecc(curve Ed25519)(flags eddsa)(q %b)))", size_of(q), q.data());
    gcry_sexp_build(&raw_data, nullptr, "(data(flags eddsa)(hash-algo sha512)(value %b))", size_of(value),
                    value.data());
    gcry_sexp_build(&raw_sig, nullptr, "(sig-val(eddsa(r %b)(s %b)))", 32, r.data(), 32, s.data());
  } else if ((key.algorithm == openpgp::k_rsa || key.algorithm == openpgp::k_rsa_sign_only) &&
             key.mpis.size() == 2 && sig.mpis.size() == 1 && !rsa_too_short(key.mpis[0])) {
    const std::string& n = key.mpis[0];
    const std::string& e = key.mpis[1];
    gcry_sexp_build(&raw_key, nullptr, "(public-key(rsa(n %b)(e %b)))", size_of(n), n.data(), size_of(e), e.data());
    gcry_sexp_build(&raw_data, nullptr, "(data(flags pkcs1)(hash %s %b))", hash, size_of(value), value.data());
    gcry_sexp_build(&raw_sig, nullptr, "(sig-val(rsa(s %b)))", size_of(sig.mpis[0]), sig.mpis[0].data());
  }
  SexpPtr key_sexp(raw_key);
  SexpPtr data_sexp(raw_data);
  SexpPtr sig_sexp(raw_sig);
  if (!key_sexp || !data_sexp || !sig_sexp) {
    return MathVerdict::not_sure;
  }
  return gcry_pk_verify(sig_sexp.get(), data_sexp.get(), key_sexp.get()) == 0 ? MathVerdict::good
                                                                              : MathVerdict::not_sure;
}

} // namespace gpg
