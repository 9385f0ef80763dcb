#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Writing the one kind of OpenPGP packet the agent signer needs: a version-4 signature
// over a binary document (type 0x00), laid out as GnuPG 2.2 lays out its own, and its
// ASCII armor. The reading side is gpg/openpgp.hpp.
namespace gpg::openpgp {

// One subpacket with a one-octet length (every subpacket written here is short).
std::string subpacket(int type, std::string_view body);

// The part of a signature packet that the digest covers: version 4, type 0x00, the
// algorithms and `hashed_area` (subpackets).
std::string
signature_hashed_part(int public_key_algorithm, int hash_algorithm, std::string_view hashed_area);

// The part of a signature packet that the digest covers: version 4, type 0x00, the
// algorithms, and the hashed subpackets issuer fingerprint (33) and creation time (2).
// `issuer_fingerprint` is the signing key's 20-byte version-4 fingerprint.
std::string binary_signature_hashed_part(int public_key_algorithm,
                                         int hash_algorithm,
                                         std::string_view issuer_fingerprint,
                                         std::uint32_t created);

// What follows the payload and the hashed part in the digest: 0x04 0xFF and the
// hashed part's length in four octets.
std::string signature_trailer(std::string_view hashed_part);

// A whole signature packet (tag 2): the hashed part, the unhashed area (subpackets;
// GnuPG 2.2 writes the issuer key id (16) there), the digest's first two octets, and the
// algorithm's values (big-endian, leading zeros allowed; written as MPIs).
std::string signature_packet(std::string_view hashed_part,
                             std::string_view unhashed_area,
                             std::string_view digest,
                             const std::vector<std::string>& values);

// `bytes` armored as "-----BEGIN PGP SIGNATURE-----", a blank line, base64 in lines of
// 64 characters, the CRC-24 line and the END line, as GnuPG writes it.
std::string armor_signature(std::string_view bytes);

} // namespace gpg::openpgp
