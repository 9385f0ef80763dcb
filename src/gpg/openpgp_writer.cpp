#include "gpg/openpgp_writer.hpp"

#include "gpg/openpgp.hpp"
#include "util/encoding.hpp"

#include <algorithm>

namespace gpg::openpgp {

namespace {

void put_number(std::string& out, std::uint32_t value, int octets) {
  for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> static_cast<unsigned>(shift)) & 0xFFU));
  }
}

// A multiprecision integer: the bit count of the value without leading zeros, then
// its octets.
void put_mpi(std::string& out, std::string_view value) {
  std::size_t first = value.find_first_not_of('\0');
  value = first == std::string_view::npos ? std::string_view() : value.substr(first);
  std::uint32_t bits = 0;
  if (!value.empty()) {
    auto top = static_cast<std::uint8_t>(value.front());
    bits = static_cast<std::uint32_t>((value.size() - 1) * 8);
    for (; top != 0; top = static_cast<std::uint8_t>(top >> 1U)) {
      ++bits;
    }
  }
  put_number(out, bits, 2);
  out += value;
}

} // namespace

std::string subpacket(int type, std::string_view body) {
  std::string out;
  put_number(out, static_cast<std::uint32_t>(body.size() + 1), 1);
  put_number(out, static_cast<std::uint32_t>(type), 1);
  out += body;
  return out;
}

std::string
signature_hashed_part(int public_key_algorithm, int hash_algorithm, std::string_view hashed_area) {
  std::string out = {'\x04', '\x00'};
  put_number(out, static_cast<std::uint32_t>(public_key_algorithm), 1);
  put_number(out, static_cast<std::uint32_t>(hash_algorithm), 1);
  put_number(out, static_cast<std::uint32_t>(hashed_area.size()), 2);
  return out + std::string(hashed_area);
}

std::string binary_signature_hashed_part(int public_key_algorithm,
                                         int hash_algorithm,
                                         std::string_view issuer_fingerprint,
                                         std::uint32_t created) {
  std::string time;
  put_number(time, created, 4);
  return signature_hashed_part(public_key_algorithm,
                               hash_algorithm,
                               subpacket(k_subpacket_issuer_fingerprint,
                                         std::string("\x04", 1) + std::string(issuer_fingerprint)) +
                                   subpacket(k_subpacket_creation_time, time));
}

std::string signature_trailer(std::string_view hashed_part) {
  std::string out = {'\x04', '\xFF'};
  put_number(out, static_cast<std::uint32_t>(hashed_part.size()), 4);
  return out;
}

std::string signature_packet(std::string_view hashed_part,
                             std::string_view unhashed_area,
                             std::string_view digest,
                             const std::vector<std::string>& values) {
  std::string body(hashed_part);
  put_number(body, static_cast<std::uint32_t>(unhashed_area.size()), 2);
  body += unhashed_area;
  body += digest.substr(0, 2);
  for (const std::string& value : values) {
    put_mpi(body, value);
  }
  // An old-format header, as GnuPG writes signatures: one length octet when it fits.
  std::string packet;
  if (body.size() < 256) {
    packet.push_back(static_cast<char>(0x88));
    put_number(packet, static_cast<std::uint32_t>(body.size()), 1);
  } else {
    packet.push_back(static_cast<char>(0x89));
    put_number(packet, static_cast<std::uint32_t>(body.size()), 2);
  }
  return packet + body;
}

std::string armor_signature(std::string_view bytes) {
  std::string encoded = util::base64(bytes);
  std::string out = "-----BEGIN PGP SIGNATURE-----\n\n";
  for (std::size_t at = 0; at < encoded.size(); at += 64) {
    out += encoded.substr(at, 64);
    out += '\n';
  }
  std::string crc;
  put_number(crc, crc24(bytes), 3);
  out += "=" + util::base64(crc) + "\n-----END PGP SIGNATURE-----\n";
  return out;
}

} // namespace gpg::openpgp
