// Fuzzes the OpenPGP reading behind the in-process signature check (gpg/openpgp,
// gpg/signature_math): armor, packets, signatures and public keys from any bytes give
// a value or nothing, never a crash, and never a signature that checks out.

#include "fuzz/fuzz_check.hpp"

#include "gpg/openpgp.hpp"
#include "gpg/signature_math.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = fuzz::as_text(data, size);
  std::string storage;
  std::optional<gpg::openpgp::Signature> sig = gpg::single_signature(input, storage);
  if (std::optional<std::string> bytes = gpg::openpgp::dearmor(input)) {
    fuzz::require(!bytes->empty(), "armor that reads gives bytes");
  }
  // The same bytes read as binary packets: keys and signatures.
  std::vector<gpg::CheckableKey> keys = gpg::checkable_keys(input);
  for (const gpg::CheckableKey& key : keys) {
    fuzz::require(key.fingerprint.size() == 40, "a fingerprint is 40 hex digits");
    if (sig) {
      // A signature and a key made up from the same random bytes never agree.
      fuzz::require(gpg::check_signature(key, *sig, input) == gpg::MathVerdict::not_sure,
                    "random bytes never make a good signature");
    }
  }
  if (auto packets = gpg::openpgp::split_packets(input)) {
    for (const gpg::openpgp::Packet& packet : *packets) {
      if (packet.tag == gpg::openpgp::k_tag_signature) {
        (void)gpg::openpgp::parse_signature(packet.body);
      } else {
        (void)gpg::openpgp::parse_public_key(packet.body);
      }
    }
  }
  return 0;
}
