#include "gpg/signature_shape.hpp"

#include "gpg/openpgp.hpp"
#include "gpg/signature_math.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

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

std::vector<std::string> batchable_primaries(const std::string& file) {
  constexpr std::string_view k_begin = "-----BEGIN PGP ";
  constexpr std::string_view k_public = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
  std::size_t first = file.find(k_begin);
  if (first == std::string::npos || file.compare(first, k_public.size(), k_public) != 0 ||
      file.find(k_begin, first + 1) != std::string::npos) {
    return {};
  }
  std::optional<std::string> bytes = openpgp::dearmor(file);
  if (!bytes) {
    return {};
  }
  auto packets = openpgp::split_packets(*bytes);
  if (!packets) {
    return {};
  }
  std::size_t primaries = 0;
  for (const openpgp::Packet& packet : *packets) {
    primaries += packet.tag == openpgp::k_tag_public_key ? 1 : 0;
  }
  std::vector<std::string> fingerprints;
  for (const CheckableKey& key : checkable_keys(*bytes)) {
    fingerprints.push_back(key.fingerprint);
  }
  return fingerprints.size() == primaries ? fingerprints : std::vector<std::string>{};
}

} // namespace gpg
