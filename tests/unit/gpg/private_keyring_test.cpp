#include "gpg/check.hpp"
#include "gpg/context.hpp"
#include "gpg/gpgme_signer.hpp"
#include "gpg/private_keyring.hpp"
#include "gpg/user_keys.hpp"
#include "support/gnupg_home.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace private_keyring_test {

using testing::HasSubstr;

class PrivateKeyringTest : public testing::Test {
protected:
  test_support::GnupgHome home;
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
  std::string bob = home.make_key("Bob Chen", "bob@example.com");
};

TEST_F(PrivateKeyringTest, ImportReportsWhoTheKeyIs) {
  gpg::PrivateKeyring keyring;
  auto keys = keyring.import(gpg::export_public_key(alice));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].fingerprint, alice);
  EXPECT_EQ(keys[0].name, "Alice Martin");
  EXPECT_EQ(keys[0].email, "alice@example.com");
}

TEST_F(PrivateKeyringTest, ImportOfTextWithoutKeyFindsNothing) {
  gpg::PrivateKeyring keyring;
  EXPECT_TRUE(keyring.import("hello, this is not a key\n").empty());
}

TEST_F(PrivateKeyringTest, ImportRefusesSecretKeys) {
  gpg::PrivateKeyring keyring;
  EXPECT_THROW(keyring.import("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxyz\n-----END PGP PRIVATE KEY BLOCK-----\n"),
               util::RuleError);
}

TEST_F(PrivateKeyringTest, ImportAllGivesEachFileItsOwnKeysAndRefusals) {
  gpg::PrivateKeyring keyring;
  auto imported = keyring.import_all({gpg::export_public_key(alice),
                                      "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxyz\n-----END PGP PRIVATE KEY BLOCK-----\n",
                                      gpg::export_public_key(bob), "not a key\n",
                                      gpg::export_public_key(alice) + gpg::export_public_key(bob)});
  ASSERT_EQ(imported.size(), 5u);
  ASSERT_EQ(imported[0].keys.size(), 1u);
  EXPECT_EQ(imported[0].keys[0].fingerprint, alice);
  EXPECT_EQ(imported[0].keys[0].name, "Alice Martin");
  EXPECT_FALSE(imported[0].refusal);
  ASSERT_TRUE(imported[1].refusal);
  EXPECT_THAT(*imported[1].refusal, HasSubstr("secret (private) key"));
  EXPECT_TRUE(imported[1].keys.empty());
  ASSERT_EQ(imported[2].keys.size(), 1u);
  EXPECT_EQ(imported[2].keys[0].fingerprint, bob);
  EXPECT_EQ(imported[2].keys[0].email, "bob@example.com");
  EXPECT_TRUE(imported[3].keys.empty());
  EXPECT_FALSE(imported[3].refusal);
  EXPECT_EQ(imported[4].keys.size(), 2u);
  // Both keys sign, checked after the one listing.
  gpg::GpgmeSigner signer(bob);
  EXPECT_EQ(keyring.verify_detached("text\n", signer.sign("text\n")).fingerprint, bob);
}

TEST_F(PrivateKeyringTest, GoodSignatureNamesThePrimaryKey) {
  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  gpg::GpgmeSigner signer(alice);
  std::string payload = "tree 0000\n\nmessage\n";
  auto check = keyring.verify_detached(payload, signer.sign(payload));
  EXPECT_EQ(check.status, gpg::SignatureStatus::good);
  EXPECT_EQ(check.fingerprint, alice);
}

TEST_F(PrivateKeyringTest, ChangedPayloadIsBad) {
  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  gpg::GpgmeSigner signer(alice);
  auto check = keyring.verify_detached("changed\n", signer.sign("original\n"));
  EXPECT_EQ(check.status, gpg::SignatureStatus::bad);
}

TEST_F(PrivateKeyringTest, KeyOutsideTheKeyringIsUnknown) {
  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  gpg::GpgmeSigner signer(bob);
  auto check = keyring.verify_detached("payload\n", signer.sign("payload\n"));
  EXPECT_EQ(check.status, gpg::SignatureStatus::unknown_key);
}

TEST_F(PrivateKeyringTest, NeverConsultsTheUsersKeyring) {
  // Bob's key is in the user's keyring (GNUPGHOME) but not in the private one.
  gpg::PrivateKeyring keyring;
  gpg::GpgmeSigner signer(bob);
  auto check = keyring.verify_detached("payload\n", signer.sign("payload\n"));
  EXPECT_NE(check.status, gpg::SignatureStatus::good);
}

TEST_F(PrivateKeyringTest, TwoSignaturesInOneBlockAreRefusedEvenIfOneIsGood) {
  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  // Two armored blocks glued together: gpg reads both signatures.
  std::string payload = "payload\n";
  std::string both = gpg::GpgmeSigner(alice).sign(payload) + gpg::GpgmeSigner(bob).sign(payload);
  auto check = keyring.verify_detached(payload, both);
  EXPECT_NE(check.status, gpg::SignatureStatus::good);
}

// One armored block holding two signature packets, as `gpg -u A -u B --detach-sign` makes.
std::string sign_by_both(const std::string& first, const std::string& second, const std::string& payload) {
  gpg::ContextPtr ctx = gpg::make_context();
  for (const std::string& fpr : {first, second}) {
    gpgme_key_t raw = nullptr;
    gpg::check(gpgme_get_key(ctx.get(), fpr.c_str(), &raw, 1), "test key");
    gpg::KeyPtr key(raw);
    gpg::check(gpgme_signers_add(ctx.get(), key.get()), "test signer");
  }
  gpg::DataPtr in = gpg::data_from(payload);
  gpg::DataPtr out = gpg::empty_data();
  gpg::check(gpgme_op_sign(ctx.get(), in.get(), out.get(), GPGME_SIG_MODE_DETACH), "test sign");
  return gpg::data_to_string(out.get());
}

TEST_F(PrivateKeyringTest, OneBlockWithTwoSignaturesIsRefused) {
  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  keyring.import(gpg::export_public_key(bob));
  std::string payload = "payload\n";
  std::string both = sign_by_both(alice, bob, payload);
  EXPECT_EQ(both.find("BEGIN PGP SIGNATURE", 10), std::string::npos) << "expected a single armored block";
  auto check = keyring.verify_detached(payload, both);
  EXPECT_EQ(check.status, gpg::SignatureStatus::not_one_signature);
}

TEST_F(PrivateKeyringTest, OneGoodAndOneUnknownSignatureIsRefused) {
  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  std::string payload = "payload\n";
  auto check = keyring.verify_detached(payload, sign_by_both(alice, bob, payload));
  EXPECT_EQ(check.status, gpg::SignatureStatus::not_one_signature);
}

TEST_F(PrivateKeyringTest, GarbageIsNotASignature) {
  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  auto check = keyring.verify_detached("payload\n", "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n");
  EXPECT_NE(check.status, gpg::SignatureStatus::good);
}

TEST_F(PrivateKeyringTest, SecretKeysAreListedAndSignable) {
  auto keys = gpg::list_secret_keys();
  ASSERT_EQ(keys.size(), 2u);
  for (const auto& key : keys) {
    EXPECT_TRUE(key.can_sign);
    EXPECT_EQ(key.fingerprint.size(), 40u);
  }
}

} // namespace private_keyring_test
