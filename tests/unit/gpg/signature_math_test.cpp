#include "gpg/gpgme_signer.hpp"
#include "gpg/openpgp.hpp"
#include "gpg/private_keyring.hpp"
#include "gpg/signature_math.hpp"
#include "gpg/user_keys.hpp"
#include "support/gnupg_home.hpp"
#include "support/shell.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace signature_math_test {

// Runs a shell command (gpg, to make fixtures) and returns what it printed.
std::string run(const std::string& command) { return test_support::shell_output(command); }

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class SignatureMathTest : public testing::Test {
protected:
  gpg::CheckableKey checkable(const std::string& fingerprint) {
    std::optional<std::string> bytes = gpg::openpgp::dearmor(gpg::export_public_key(fingerprint));
    EXPECT_TRUE(bytes.has_value());
    std::vector<gpg::CheckableKey> keys = gpg::checkable_keys(bytes.value_or(""));
    EXPECT_EQ(keys.size(), 1u);
    return keys.empty() ? gpg::CheckableKey{} : keys.front();
  }

  gpg::MathVerdict check(const gpg::CheckableKey& key, const std::string& armored, const std::string& payload) {
    std::string storage;
    std::optional<gpg::openpgp::Signature> sig = gpg::single_signature(armored, storage);
    if (!sig) {
      return gpg::MathVerdict::not_sure;
    }
    return gpg::check_signature(key, *sig, payload);
  }

  // gpg itself signing `payload` (detached, armored) with extra options.
  std::string gpg_sign(const std::string& key, const std::string& payload, const std::string& options = "") {
    std::filesystem::path file = home.path() / "payload";
    std::ofstream(file, std::ios::binary) << payload;
    return run("gpg --batch --no-tty -q " + options + " -u " + key + " --detach-sign --armor -o - " + file.string() +
               " 2>/dev/null");
  }

  test_support::GnupgHome home;
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
  std::string bob = home.make_key("Bob Chen", "bob@example.com");
};

TEST_F(SignatureMathTest, KeyFingerprintIsComputedAsGnupgDoes) {
  EXPECT_EQ(checkable(alice).fingerprint, alice);
  EXPECT_EQ(checkable(alice).algorithm, gpg::openpgp::k_eddsa);
}

TEST_F(SignatureMathTest, Ed25519SignatureByTheKeyIsGood) {
  gpg::GpgmeSigner signer(alice);
  std::string payload = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nA record\n";
  EXPECT_EQ(check(checkable(alice), signer.sign(payload), payload), gpg::MathVerdict::good);
}

TEST_F(SignatureMathTest, ChangedPayloadOrOtherKeyIsLeftToGnupg) {
  gpg::GpgmeSigner signer(alice);
  std::string signature = signer.sign("original\n");
  EXPECT_EQ(check(checkable(alice), signature, "original!\n"), gpg::MathVerdict::not_sure);
  EXPECT_EQ(check(checkable(bob), signature, "original\n"), gpg::MathVerdict::not_sure);
}

TEST_F(SignatureMathTest, FlippedSignatureByteIsLeftToGnupg) {
  gpg::GpgmeSigner signer(alice);
  std::string payload = "payload\n";
  std::string signature = signer.sign(payload);
  std::optional<std::string> bytes = gpg::openpgp::dearmor(signature);
  ASSERT_TRUE(bytes);
  std::string storage;
  auto sig = gpg::single_signature(signature, storage);
  ASSERT_TRUE(sig);
  // Flip the last byte of `s`: the digest check still passes, the curve math does not.
  std::string changed = storage;
  changed.back() = static_cast<char>(changed.back() ^ 0x01);
  auto packets = gpg::openpgp::split_packets(changed);
  ASSERT_TRUE(packets && packets->size() == 1);
  auto flipped = gpg::openpgp::parse_signature(packets->front().body);
  ASSERT_TRUE(flipped);
  EXPECT_EQ(gpg::check_signature(checkable(alice), *flipped, payload), gpg::MathVerdict::not_sure);
  EXPECT_EQ(gpg::check_signature(checkable(alice), *sig, payload), gpg::MathVerdict::good);
}

TEST_F(SignatureMathTest, RsaSignatureIsGood) {
  run("gpg --batch --no-tty -q --passphrase '' --quick-gen-key 'Carol Diaz <carol@example.com>' rsa2048 sign never "
      "2>/dev/null");
  std::string listing = run("gpg --batch --with-colons --list-keys carol@example.com 2>/dev/null");
  std::size_t at = listing.find("\nfpr:::::::::");
  ASSERT_NE(at, std::string::npos);
  std::string carol = listing.substr(at + 13, 40);
  gpg::CheckableKey key = checkable(carol);
  EXPECT_EQ(key.algorithm, gpg::openpgp::k_rsa);
  std::string payload = "tree 0\n\nsigned with RSA\n";
  for (const char* hash : {"SHA256", "SHA512"}) {
    std::string signature = gpg_sign(carol, payload, std::string("--digest-algo ") + hash);
    EXPECT_EQ(check(key, signature, payload), gpg::MathVerdict::good) << hash;
    EXPECT_EQ(check(key, signature, payload + "x"), gpg::MathVerdict::not_sure) << hash;
  }
}

TEST_F(SignatureMathTest, SignatureWithAnExpiryIsLeftToGnupg) {
  std::string payload = "expiring\n";
  std::string signature = gpg_sign(alice, payload, "--default-sig-expire 1y");
  ASSERT_FALSE(signature.empty());
  EXPECT_EQ(check(checkable(alice), signature, payload), gpg::MathVerdict::not_sure);
  EXPECT_EQ(check(checkable(alice), gpg_sign(alice, payload), payload), gpg::MathVerdict::good);
}

TEST_F(SignatureMathTest, ArmorWithABadChecksumIsRefused) {
  gpg::GpgmeSigner signer(alice);
  std::string signature = signer.sign("x\n");
  std::size_t crc = signature.find("\n=");
  ASSERT_NE(crc, std::string::npos);
  signature[crc + 2] = signature[crc + 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(gpg::openpgp::dearmor(signature).has_value());
}

TEST_F(SignatureMathTest, GarbageIsNeverAcceptedAndNeverCrashes) {
  gpg::CheckableKey key = checkable(alice);
  for (std::string text : {"", "-----BEGIN PGP SIGNATURE-----\n\n-----END PGP SIGNATURE-----\n",
                           "-----BEGIN PGP SIGNATURE-----\n\niQ==\n-----END PGP SIGNATURE-----\n",
                           "-----BEGIN PGP SIGNATURE-----\n\n!!!!\n-----END PGP SIGNATURE-----\n"}) {
    EXPECT_EQ(check(key, text, "x"), gpg::MathVerdict::not_sure) << text;
  }
}

TEST_F(SignatureMathTest, RevokedKeyIsJudgedByGnupgNotInProcess) {
  gpg::GpgmeSigner signer(alice);
  std::string payload = "before the revocation\n";
  std::string signature = signer.sign(payload);
  std::string revocation = read_text(home.path() / "openpgp-revocs.d" / (alice + ".rev"));
  std::size_t colon = revocation.find(":-----BEGIN");
  ASSERT_NE(colon, std::string::npos);
  revocation.erase(colon, 1); // gpg guards the stored certificate against import by accident

  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  EXPECT_EQ(keyring.verify_detached(payload, signature).status, gpg::SignatureStatus::good);
  keyring.import(revocation);
  gpg::SignatureCheck after = keyring.verify_detached(payload, signature);
  EXPECT_NE(after.status, gpg::SignatureStatus::good);
}

} // namespace signature_math_test

namespace signature_math_test {

TEST(OpenpgpArmor, GluedBlocksOrTextAroundTheBlockAreRefused) {
  test_support::GnupgHome home;
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
  std::string one = gpg::GpgmeSigner(alice).sign("x\n");
  EXPECT_TRUE(gpg::openpgp::dearmor(one).has_value());
  EXPECT_TRUE(gpg::openpgp::dearmor(one + "\n\n").has_value());
  EXPECT_FALSE(gpg::openpgp::dearmor(one + one).has_value());
  EXPECT_FALSE(gpg::openpgp::dearmor("text\n" + one).has_value());
}

} // namespace signature_math_test
