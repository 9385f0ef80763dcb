#include "gpg/signature_shape.hpp"

#include "gpg/openpgp.hpp"
#include "gpg/signature_math.hpp"

#include <algorithm>
#include <optional>

namespace gpg {

bool holds_message(const std::string& armored) {
  constexpr int k_one_pass = 4;
  constexpr int k_compressed = 8;
  constexpr int k_literal = 11;
  std::optional<std::string> bytes = openpgp::dearmor(armored);
  auto packets = bytes ? openpgp::split_packets(*bytes) : std::nullopt;
  if (!packets) {
    return false;
  }
  return std::any_of(packets->begin(), packets->end(), [](const openpgp::Packet& packet) {
    return packet.tag == k_one_pass || packet.tag == k_compressed || packet.tag == k_literal;
  });
}

bool has_critical_notation(const std::string& armored) {
  constexpr int k_notation = 20;
  std::string storage;
  std::optional<openpgp::Signature> sig = single_signature(armored, storage);
  return sig && std::any_of(sig->hashed.begin(), sig->hashed.end(), [](const openpgp::Subpacket& sub) {
           return sub.critical && sub.type == k_notation;
         });
}

} // namespace gpg
