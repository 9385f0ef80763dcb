#include "gpg/openpgp.hpp"

#include "util/encoding.hpp"

#include <cstddef>

namespace gpg::openpgp {

namespace {

// Reads from a byte string, never past its end.
class Reader {
public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

  bool at_end() const { return m_at == m_bytes.size(); }
  std::size_t left() const { return m_bytes.size() - m_at; }
  std::size_t position() const { return m_at; }

  std::optional<std::uint32_t> number(std::size_t octets) {
    if (left() < octets) {
      return std::nullopt;
    }
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < octets; ++i) {
      value = (value << 8U) | static_cast<std::uint8_t>(m_bytes[m_at++]);
    }
    return value;
  }

  std::optional<std::string_view> take(std::size_t count) {
    if (left() < count) {
      return std::nullopt;
    }
    std::string_view part = m_bytes.substr(m_at, count);
    m_at += count;
    return part;
  }

  // A multiprecision integer: a two-octet bit count, then the bytes it needs.
  std::optional<std::string_view> mpi() {
    std::optional<std::uint32_t> bits = number(2);
    if (!bits) {
      return std::nullopt;
    }
    return take((*bits + 7) / 8);
  }

private:
  std::string_view m_bytes;
  std::size_t m_at = 0;
};

std::optional<std::vector<Subpacket>> parse_subpackets(std::string_view area) {
  std::vector<Subpacket> subpackets;
  Reader reader(area);
  while (!reader.at_end()) {
    std::optional<std::uint32_t> first = reader.number(1);
    std::optional<std::uint32_t> length;
    if (*first < 192) {
      length = first;
    } else if (*first < 255) {
      std::optional<std::uint32_t> second = reader.number(1);
      length = second ? std::optional(((*first - 192) << 8U) + *second + 192) : std::nullopt;
    } else {
      length = reader.number(4);
    }
    if (!length || *length == 0) {
      return std::nullopt;
    }
    std::optional<std::string_view> content = reader.take(*length);
    if (!content) {
      return std::nullopt;
    }
    auto type = static_cast<std::uint8_t>(content->front());
    subpackets.push_back({type & 0x7F, (type & 0x80U) != 0, content->substr(1)});
  }
  return subpackets;
}

} // namespace

std::uint32_t crc24(std::string_view bytes) {
  std::uint32_t crc = 0xB704CEU;
  for (char c : bytes) {
    crc ^= static_cast<std::uint32_t>(static_cast<std::uint8_t>(c)) << 16U;
    for (int i = 0; i < 8; ++i) {
      crc <<= 1U;
      if ((crc & 0x1000000U) != 0) {
        crc ^= 0x1864CFBU;
      }
    }
  }
  return crc & 0xFFFFFFU;
}

std::optional<std::string> dearmor(std::string_view armored) {
  std::size_t begin = armored.find("-----BEGIN PGP ");
  if (begin == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t line_end = armored.find('\n', begin);
  std::size_t end = armored.find("\n-----END PGP ", begin);
  if (line_end == std::string_view::npos || end == std::string_view::npos || end < line_end) {
    return std::nullopt;
  }
  // One block and nothing else: glued blocks are GnuPG's to read.
  std::size_t end_line_end = armored.find('\n', end + 1);
  std::string_view after = end_line_end == std::string_view::npos ? "" : armored.substr(end_line_end);
  if (armored.substr(0, begin).find_first_not_of(" \r\n") != std::string_view::npos ||
      after.find_first_not_of(" \r\n") != std::string_view::npos) {
    return std::nullopt;
  }
  // Armor headers ("Key: value") end at the first empty line.
  std::string_view body = armored.substr(line_end + 1, end - line_end);
  std::size_t blank = body.find("\n\n");
  if (body.find(": ") != std::string_view::npos && blank != std::string_view::npos) {
    body = body.substr(blank + 2);
  }
  std::string base64;
  std::string checksum;
  std::size_t at = 0;
  while (at < body.size()) {
    std::size_t next = body.find('\n', at);
    std::string_view line = body.substr(at, next == std::string_view::npos ? next : next - at);
    at = next == std::string_view::npos ? body.size() : next + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      continue;
    }
    if (line.front() == '=' && line.size() == 5) {
      checksum = line.substr(1);
      continue;
    }
    if (!checksum.empty()) {
      return std::nullopt; // data after the checksum line
    }
    base64 += line;
  }
  std::optional<std::string> bytes = util::base64_decode(base64);
  if (!bytes || bytes->empty()) {
    return std::nullopt;
  }
  if (!checksum.empty()) {
    std::optional<std::string> crc = util::base64_decode(checksum);
    if (!crc || crc->size() != 3 || Reader(*crc).number(3) != crc24(*bytes)) {
      return std::nullopt;
    }
  }
  return bytes;
}

std::optional<std::vector<Packet>> split_packets(std::string_view bytes) {
  std::vector<Packet> packets;
  Reader reader(bytes);
  while (!reader.at_end()) {
    std::uint32_t header = *reader.number(1);
    if ((header & 0x80U) == 0) {
      return std::nullopt;
    }
    int tag = 0;
    std::optional<std::uint32_t> length;
    if ((header & 0x40U) != 0) { // new format
      tag = static_cast<int>(header & 0x3FU);
      std::optional<std::uint32_t> first = reader.number(1);
      if (!first || (*first >= 224 && *first < 255)) {
        return std::nullopt; // partial lengths: not in a signature or a key
      }
      if (*first < 192) {
        length = first;
      } else if (*first < 224) {
        std::optional<std::uint32_t> second = reader.number(1);
        length = second ? std::optional(((*first - 192) << 8U) + *second + 192) : std::nullopt;
      } else {
        length = reader.number(4);
      }
    } else { // old format
      tag = static_cast<int>((header >> 2U) & 0x0FU);
      std::uint32_t kind = header & 0x03U;
      if (kind == 3) {
        return std::nullopt; // indeterminate length
      }
      length = reader.number(kind == 0 ? 1 : kind == 1 ? 2 : 4);
    }
    std::optional<std::string_view> body = length ? reader.take(*length) : std::nullopt;
    if (!body) {
      return std::nullopt;
    }
    packets.push_back({tag, *body});
  }
  return packets;
}

std::optional<Signature> parse_signature(std::string_view body) {
  Reader reader(body);
  Signature sig;
  if (reader.number(1) != 4U) {
    return std::nullopt;
  }
  std::optional<std::uint32_t> type = reader.number(1);
  std::optional<std::uint32_t> algorithm = reader.number(1);
  std::optional<std::uint32_t> hash = reader.number(1);
  std::optional<std::uint32_t> hashed_length = reader.number(2);
  std::optional<std::string_view> hashed = hashed_length ? reader.take(*hashed_length) : std::nullopt;
  if (!hashed) {
    return std::nullopt;
  }
  sig.type = static_cast<int>(*type);
  sig.public_key_algorithm = static_cast<int>(*algorithm);
  sig.hash_algorithm = static_cast<int>(*hash);
  sig.hashed_part = body.substr(0, reader.position());
  std::optional<std::uint32_t> unhashed_length = reader.number(2);
  std::optional<std::string_view> unhashed = unhashed_length ? reader.take(*unhashed_length) : std::nullopt;
  std::optional<std::string_view> left16 = reader.take(2);
  auto hashed_subpackets = parse_subpackets(*hashed);
  auto unhashed_subpackets = unhashed ? parse_subpackets(*unhashed) : std::nullopt;
  if (!left16 || !hashed_subpackets || !unhashed_subpackets) {
    return std::nullopt;
  }
  sig.hashed = std::move(*hashed_subpackets);
  sig.unhashed = std::move(*unhashed_subpackets);
  sig.left16[0] = static_cast<std::uint8_t>((*left16)[0]);
  sig.left16[1] = static_cast<std::uint8_t>((*left16)[1]);
  while (!reader.at_end()) {
    std::optional<std::string_view> value = reader.mpi();
    if (!value) {
      return std::nullopt;
    }
    sig.mpis.push_back(*value);
  }
  // As GnuPG reads them: the first value wins, the signed (hashed) area before the other.
  bool has_time = false;
  for (const Subpacket& sub : sig.hashed) {
    if (sub.type == k_subpacket_creation_time && sub.body.size() == 4 && !has_time) {
      sig.created = *Reader(sub.body).number(4);
      has_time = true;
    }
  }
  for (const auto* area : {&sig.hashed, &sig.unhashed}) {
    for (const Subpacket& sub : *area) {
      if (sub.type == k_subpacket_issuer_fingerprint && sub.body.size() == 21 && sub.body[0] == 4 &&
          sig.issuer_fingerprint.empty()) {
        sig.issuer_fingerprint = util::hex(sub.body.substr(1), util::HexCase::upper);
      } else if (sub.type == k_subpacket_issuer && sub.body.size() == 8 && sig.issuer_key_id.empty()) {
        sig.issuer_key_id = util::hex(sub.body, util::HexCase::upper);
      }
    }
  }
  if (!has_time) {
    return std::nullopt;
  }
  return sig;
}

std::optional<PublicKey> parse_public_key(std::string_view body) {
  Reader reader(body);
  PublicKey key;
  key.body = body;
  if (reader.number(1) != 4U) {
    return std::nullopt;
  }
  std::optional<std::uint32_t> created = reader.number(4);
  std::optional<std::uint32_t> algorithm = reader.number(1);
  if (!algorithm) {
    return std::nullopt;
  }
  key.created = *created;
  key.algorithm = static_cast<int>(*algorithm);
  std::size_t count = 0;
  if (key.algorithm == k_rsa || key.algorithm == k_rsa_sign_only) {
    count = 2;
  } else if (key.algorithm == k_eddsa) {
    std::optional<std::uint32_t> oid_length = reader.number(1);
    if (!oid_length || *oid_length == 0 || *oid_length == 255) {
      return std::nullopt;
    }
    std::optional<std::string_view> oid = reader.take(*oid_length);
    if (!oid) {
      return std::nullopt;
    }
    key.curve_oid = *oid;
    count = 1;
  } else {
    return std::nullopt; // not an algorithm this reader checks
  }
  for (std::size_t i = 0; i < count; ++i) {
    std::optional<std::string_view> value = reader.mpi();
    if (!value) {
      return std::nullopt;
    }
    key.mpis.push_back(*value);
  }
  if (!reader.at_end()) {
    return std::nullopt;
  }
  return key;
}

} // namespace gpg::openpgp
