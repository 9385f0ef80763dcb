// Weak signatures (issue 15 point 5): SHA-1 and RIPEMD-160 digests and RSA keys under
// 2048 bits are refused when judging (the hook and `verify` alike, through
// PrivateKeyring) and when signing, and a key file with such a key or a revoked or
// expired key is reported as such on import. Signatures are made by real gpg here.
#include "gpg/gpgme_signer.hpp"
#include "gpg/private_keyring.hpp"
#include "gpg/user_keys.hpp"
#include "gpg/weak_algorithms.hpp"
#include "support/gnupg_home.hpp"
#include "support/shell.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace weak_signature_test {

using testing::HasSubstr;

class WeakSignatures : public testing::Test {
protected:
  test_support::GnupgHome home;
  std::string alice = home.make_key("Alice Martin", "alice@example.com");

  std::string gpg() const { return "gpg --batch --pinentry-mode loopback --passphrase '' --homedir '" + home.path().string() + "' "; }

  // A new key of `algorithm` ("rsa1024", "rsa3072") that signs; its fingerprint.
  std::string make_key(const std::string& name, const std::string& algorithm) {
    test_support::shell_output(gpg() + "--quick-gen-key '" + name + " <" + name + "@example.com>' " + algorithm +
                               " sign never >/dev/null 2>&1");
    std::string listing = test_support::shell_output(gpg() + "--with-colons --list-keys '" + name + "@example.com' 2>/dev/null");
    std::size_t at = listing.find("\nfpr:");
    return at == std::string::npos ? "" : listing.substr(at + 13, 40);
  }

  // A detached armored signature of `payload` by `key` with `digest`, made by gpg.
  std::string signed_by_gpg(const std::string& key, const std::string& payload, const std::string& digest) {
    std::filesystem::path file = home.path() / "payload.txt";
    util::write_file_atomic(file, payload);
    return test_support::shell_output(gpg() + "--armor --detach-sign --digest-algo " + digest + " -u " + key +
                                      " -o - '" + file.string() + "' 2>/dev/null");
  }
};

TEST_F(WeakSignatures, NamesWeakDigestsAndShortKeys) {
  EXPECT_EQ(gpg::weak_digest(GPGME_MD_SHA1).value_or(""), "a SHA-1 digest");
  EXPECT_EQ(gpg::weak_digest(GPGME_MD_RMD160).value_or(""), "a RIPEMD-160 digest");
  EXPECT_FALSE(gpg::weak_digest(GPGME_MD_SHA256).has_value());
  EXPECT_FALSE(gpg::weak_digest(GPGME_MD_SHA512).has_value());
  EXPECT_EQ(gpg::weak_key(GPGME_PK_RSA, 1024).value_or(""), "a 1024-bit RSA key");
  EXPECT_EQ(gpg::weak_key(GPGME_PK_DSA, 1024).value_or(""), "a 1024-bit DSA key");
  EXPECT_FALSE(gpg::weak_key(GPGME_PK_RSA, 2048).has_value());
  EXPECT_FALSE(gpg::weak_key(GPGME_PK_EDDSA, 255).has_value());
}

TEST_F(WeakSignatures, ASha1OrRipemdDigestIsWeakWhatTheSha256OneIsNot) {
  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  std::string payload = "tree 0000\n\nmessage\n";
  gpg::SignatureCheck sha256 = keyring.verify_detached(payload, signed_by_gpg(alice, payload, "SHA256"));
  EXPECT_EQ(sha256.status, gpg::SignatureStatus::good);
  for (const char* digest : {"SHA1", "RIPEMD160"}) {
    gpg::SignatureCheck check = keyring.verify_detached(payload, signed_by_gpg(alice, payload, digest));
    EXPECT_EQ(check.status, gpg::SignatureStatus::weak) << digest;
    EXPECT_THAT(check.detail, HasSubstr(std::string(digest) == "SHA1" ? "SHA-1" : "RIPEMD-160"));
    EXPECT_EQ(check.fingerprint, alice);
  }
}

TEST_F(WeakSignatures, AShortRsaKeyIsWeakAndALongOneIsNot) {
  std::string short_key = make_key("shorty", "rsa1024");
  std::string long_key = make_key("longy", "rsa2048");
  ASSERT_EQ(short_key.size(), 40U);
  ASSERT_EQ(long_key.size(), 40U);
  gpg::PrivateKeyring keyring;
  std::vector<gpg::KeyIdentity> found = keyring.import(gpg::export_public_key(short_key));
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].weakness.value_or(""), "a 1024-bit RSA key");
  std::vector<gpg::KeyIdentity> strong = keyring.import(gpg::export_public_key(long_key));
  ASSERT_EQ(strong.size(), 1U);
  EXPECT_FALSE(strong[0].weakness.has_value());
  std::string payload = "tree 0000\n\nmessage\n";
  gpg::SignatureCheck weak = keyring.verify_detached(payload, signed_by_gpg(short_key, payload, "SHA256"));
  EXPECT_EQ(weak.status, gpg::SignatureStatus::weak);
  EXPECT_THAT(weak.detail, HasSubstr("1024-bit RSA key"));
  EXPECT_EQ(keyring.verify_detached(payload, signed_by_gpg(long_key, payload, "SHA256")).status,
            gpg::SignatureStatus::good);
}

TEST_F(WeakSignatures, SigningWithAShortKeyIsRefusedBeforeAnythingIsWritten) {
  std::string short_key = make_key("shorty", "rsa1024");
  ASSERT_EQ(short_key.size(), 40U);
  gpg::GpgmeSigner signer(short_key);
  try {
    (void)signer.sign("tree 0000\n\nmessage\n");
    FAIL() << "a 1024-bit RSA key signed";
  } catch (const util::RuleError& refused) {
    EXPECT_THAT(refused.what(), HasSubstr("1024-bit RSA key"));
    EXPECT_THAT(refused.what(), HasSubstr("nothing was written"));
  }
}

TEST_F(WeakSignatures, ImportSaysWhenAKeyIsRevoked) {
  std::string bob = make_key("bob", "ed25519");
  ASSERT_EQ(bob.size(), 40U);
  std::filesystem::path cert = home.path() / "openpgp-revocs.d" / (bob + ".rev");
  std::string text = util::read_file(cert).value_or("");
  ASSERT_NE(text.find(":-----BEGIN PGP PUBLIC KEY BLOCK"), std::string::npos);
  text.erase(text.find(":-----BEGIN PGP PUBLIC KEY BLOCK"), 1); // GnuPG's guard against an import by mistake
  util::write_file_atomic(cert, text);
  test_support::shell_output(gpg() + "--import '" + cert.string() + "' 2>/dev/null");
  gpg::PrivateKeyring keyring;
  std::vector<gpg::KeyIdentity> found = keyring.import(gpg::export_public_key(bob));
  ASSERT_EQ(found.size(), 1U);
  EXPECT_TRUE(found[0].revoked);
  gpg::PrivateKeyring other;
  std::vector<gpg::KeyIdentity> fine = other.import(gpg::export_public_key(alice));
  ASSERT_EQ(fine.size(), 1U);
  EXPECT_FALSE(fine[0].revoked);
  EXPECT_FALSE(fine[0].expired);
}

} // namespace weak_signature_test
