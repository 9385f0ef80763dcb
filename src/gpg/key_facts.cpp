#include "gpg/key_facts.hpp"

#include "gpg/openpgp.hpp"
#include "gpg/signature_math.hpp"

namespace gpg {

namespace {

constexpr int k_tag_public_subkey = 14;
constexpr int k_subpacket_key_expiration = 9;

std::uint32_t big_endian(std::string_view bytes) {
  std::uint32_t value = 0;
  for (char byte : bytes) {
    value = (value << 8U) | static_cast<unsigned char>(byte);
  }
  return value;
}

// A certification of a user id (0x10-0x13) or a direct-key signature (0x1F) by the key
// itself.
bool is_self_signature(const openpgp::Signature& sig, const std::string& fingerprint) {
  bool self_type = (sig.type >= 0x10 && sig.type <= 0x13) || sig.type == 0x1F;
  bool by_key = sig.issuer_fingerprint.empty() ? sig.issuer_key_id == fingerprint.substr(fingerprint.size() - 16)
                                               : sig.issuer_fingerprint == fingerprint;
  return self_type && by_key;
}

} // namespace

std::optional<std::int64_t> key_expiry(std::string_view key_file, const std::string& fingerprint) {
  std::optional<std::string> bytes = openpgp::dearmor(key_file);
  std::string_view binary = bytes ? std::string_view(*bytes) : key_file;
  auto packets = openpgp::split_packets(binary);
  if (!packets || fingerprint.size() != 40) {
    return std::nullopt;
  }
  std::optional<std::uint32_t> created;
  bool in_key = false;
  std::uint32_t newest = 0;
  std::int64_t expires = 0;
  for (const openpgp::Packet& packet : *packets) {
    if (packet.tag == openpgp::k_tag_public_key) {
      auto key = packet.body.size() <= 0xFFFF ? openpgp::parse_public_key(packet.body) : std::nullopt;
      in_key = key && v4_fingerprint(packet.body) == fingerprint;
      if (in_key) {
        created = key->created;
      }
    } else if (packet.tag == k_tag_public_subkey) {
      in_key = false; // a subkey's binding signatures speak of the subkey
    } else if (in_key && packet.tag == openpgp::k_tag_signature) {
      auto sig = openpgp::parse_signature(packet.body);
      if (!sig || !is_self_signature(*sig, fingerprint) || sig->created < newest) {
        continue;
      }
      newest = sig->created;
      expires = 0;
      for (const openpgp::Subpacket& sub : sig->hashed) {
        if (sub.type == k_subpacket_key_expiration && sub.body.size() == 4) {
          std::uint32_t after = big_endian(sub.body);
          expires = after == 0 ? 0 : static_cast<std::int64_t>(*created) + after;
        }
      }
    }
  }
  if (!created) {
    return std::nullopt;
  }
  return expires;
}

} // namespace gpg
