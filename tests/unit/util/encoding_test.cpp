#include "util/encoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace encoding_test {

using util::base64;
using util::base64_decode;
using util::hex;
using util::hex_decode;
using util::HexCase;

// RFC 4648 §10: the test vectors of base16 and base64.
const std::vector<std::pair<std::string, std::string>> k_rfc_hex = {
    {"", ""},         {"f", "66"},         {"fo", "666f"},         {"foo", "666f6f"},
    {"foob", "666f6f62"}, {"fooba", "666f6f6261"}, {"foobar", "666f6f626172"}};
const std::vector<std::pair<std::string, std::string>> k_rfc_base64 = {
    {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};

std::string all_octets() {
  std::string bytes;
  for (int value = 0; value < 256; ++value) {
    bytes.push_back(static_cast<char>(value));
  }
  return bytes;
}

TEST(Hex, GivesTheRfcVectors) {
  for (const auto& [bytes, text] : k_rfc_hex) {
    EXPECT_EQ(hex(bytes), text) << bytes;
    EXPECT_EQ(hex_decode(text), bytes) << text;
  }
}

TEST(Hex, WritesEitherCase) {
  EXPECT_EQ(hex("\x01\xab\xff"), "01abff");
  EXPECT_EQ(hex("\x01\xab\xff", HexCase::upper), "01ABFF");
}

TEST(Hex, EveryOctetComesBack) {
  std::string bytes = all_octets();
  EXPECT_EQ(hex(bytes).size(), 512U);
  EXPECT_EQ(hex_decode(hex(bytes)), bytes);
  EXPECT_EQ(hex_decode(hex(bytes, HexCase::upper)), bytes);
}

TEST(Hex, ReadsUpperAndMixedCase) {
  EXPECT_EQ(hex_decode("666F6F"), "foo");
  EXPECT_EQ(hex_decode("666F6f"), "foo");
}

TEST(Hex, RefusesOddLengthAndOtherCharacters) {
  for (std::string_view bad : {"6", "666", "6g", "g6", " 66", "66 ", "0x66", "6-", "+6"}) {
    EXPECT_EQ(hex_decode(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(hex_decode(std::string("6\0", 2)), std::nullopt);
}

TEST(Base64, GivesTheRfcVectors) {
  for (const auto& [bytes, text] : k_rfc_base64) {
    EXPECT_EQ(base64(bytes), text) << bytes;
    EXPECT_EQ(base64_decode(text), bytes) << text;
  }
}

TEST(Base64, EveryOctetAndLengthComesBack) {
  std::string bytes = all_octets();
  for (std::size_t size = 0; size <= bytes.size(); ++size) {
    std::string part = bytes.substr(bytes.size() - size);
    std::string text = base64(part);
    EXPECT_EQ(text.size() % 4, 0U);
    EXPECT_EQ(base64_decode(text), part) << size;
  }
  EXPECT_EQ(base64("\xfb\xff"), "+/8=");
}

TEST(Base64, RefusesWhatIsNotPaddedStandardBase64) {
  for (std::string_view bad : {"Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Z=g=", "Zm9v\n",
                               "Zm 9", "Zm-_", "Zm\xc3\xa9"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

TEST(Base64, IgnoresLeftoverBitsAsGnupgDoes) {
  EXPECT_EQ(base64_decode("Zh=="), "f");
}

} // namespace encoding_test
