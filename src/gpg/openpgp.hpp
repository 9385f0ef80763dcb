#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Just enough of OpenPGP (RFC 4880) to read one version-4 signature and one version-4
// public key packet, so that the common case of checking a signature needs no gpg
// process (gpg/signature_math.hpp). Every parser returns nullopt on anything it does
// not fully understand; the caller then asks GnuPG, which has the last word.
namespace gpg::openpgp {

// The bytes of an ASCII-armored block (any "-----BEGIN PGP …-----" kind). The CRC-24
// line, when present, must match.
std::optional<std::string> dearmor(std::string_view armored);

// The CRC-24 of RFC 4880 §6.1, which an armor's "=" line carries.
std::uint32_t crc24(std::string_view bytes);

struct Packet {
  int tag = 0;
  std::string_view body;
};

// The packets of `bytes`, in order (old and new header formats, no partial lengths).
std::optional<std::vector<Packet>> split_packets(std::string_view bytes);

struct Subpacket {
  int type = 0; // without the critical bit
  bool critical = false;
  std::string_view body;
};

// A version-4 signature packet (tag 2).
struct Signature {
  int type = 0;
  int public_key_algorithm = 0;
  int hash_algorithm = 0;
  std::string_view hashed_part; // version through the hashed subpackets: what the digest covers
  std::vector<Subpacket> hashed;
  std::vector<Subpacket> unhashed;
  std::uint8_t left16[2] = {0, 0};
  std::vector<std::string_view> mpis; // the algorithm's values, without bit counts
  std::uint32_t created = 0;          // from the first hashed creation-time subpacket
  std::string issuer_fingerprint;     // upper-case hex, from the first subpacket 33 (hashed area first)
  std::string issuer_key_id;          // upper-case hex, from the first subpacket 16 (hashed area first)
};
std::optional<Signature> parse_signature(std::string_view body);

// A version-4 public key packet (tag 6 or 14).
struct PublicKey {
  std::uint32_t created = 0;
  int algorithm = 0;
  std::string_view curve_oid;         // ECC algorithms: the curve's OID bytes
  std::vector<std::string_view> mpis; // RSA: n, e. EdDSA: q
  std::string_view body;              // the whole packet body, which the fingerprint covers
};
std::optional<PublicKey> parse_public_key(std::string_view body);

// Algorithm ids (RFC 4880 §9).
constexpr int k_rsa = 1;
constexpr int k_rsa_sign_only = 3;
constexpr int k_eddsa = 22;
constexpr int k_tag_signature = 2;
constexpr int k_tag_public_key = 6;
constexpr int k_subpacket_creation_time = 2;
constexpr int k_subpacket_issuer = 16;
constexpr int k_subpacket_issuer_fingerprint = 33;

} // namespace gpg::openpgp
