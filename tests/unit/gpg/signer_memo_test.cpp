#include "support/gnupg_home.hpp"
#include "support/keyring_key.hpp"
#include "support/shell.hpp"

#include "gpg/gpgme_signer.hpp"
#include "gpg/key_remembering_signer.hpp"
#include "gpg/openpgp.hpp"
#include "gpg/remembered_key_signer.hpp"
#include "gpg/signer_memo.hpp"
#include "gpg/user_keys.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>

namespace signer_memo_test {

std::string memo_test_shell(const std::string& command) { return test_support::shell_output(command); }

class SignerMemoTest : public testing::Test {
protected:
  gpg::CheckableKey checkable(const std::string& fingerprint) {
    return test_support::keyring_key(fingerprint);
  }

  gpg::MathVerdict check(const std::string& fingerprint,
                         const std::string& signature,
                         const std::string& signed_bytes) {
    std::string storage;
    auto parsed = gpg::single_signature(signature, storage);
    return parsed ? gpg::check_signature(checkable(fingerprint), *parsed, signed_bytes)
                  : gpg::MathVerdict::not_sure;
  }

  // Signs once the slow way, which writes the memo.
  void sign_slowly(const std::string& fingerprint) {
    gpg::KeyRememberingSigner signer(
        std::make_unique<gpg::GpgmeSigner>(fingerprint), file, inputs());
    EXPECT_EQ(check(fingerprint, signer.sign(payload), payload), gpg::MathVerdict::good);
  }

  gpg::SignerMemoInputs inputs() const { return gpg::current_memo_inputs(hints, "policyblob1"); }

  test_support::GnupgHome home;
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
  core::KeyHints hints{std::nullopt, std::nullopt, std::string("alice@example.com")};
  std::filesystem::path file = home.path() / "repo-git" / "runbook" / "signing-key";
  std::string payload = "tree 0\n\npayload\n";
};

TEST_F(SignerMemoTest, FirstSignatureRemembersTheKey) {
  sign_slowly(alice);
  std::optional<gpg::SignerMemo> memo = gpg::read_signer_memo(file, inputs());
  ASSERT_TRUE(memo);
  EXPECT_EQ(memo->fingerprint, alice);
  EXPECT_EQ(memo->signing_fingerprint, alice);
  EXPECT_EQ(memo->name, "Alice Martin");
  EXPECT_EQ(memo->email, "alice@example.com");
  EXPECT_EQ(memo->public_key_algorithm, gpg::openpgp::k_eddsa);
  EXPECT_EQ(memo->keygrip.size(), 40u);
}

TEST_F(SignerMemoTest, ChangedInputsOrCorruptMemoAreNotUsed) {
  sign_slowly(alice);
  core::KeyHints other = hints;
  other.configured_key = alice;
  EXPECT_FALSE(gpg::read_signer_memo(file, gpg::current_memo_inputs(other, "policyblob1")));
  EXPECT_FALSE(gpg::read_signer_memo(file, gpg::current_memo_inputs(hints, "policyblob2")));
  home.make_key("Bob Chen", "bob@example.com"); // the keyring changes
  EXPECT_FALSE(gpg::read_signer_memo(file, inputs()));
  sign_slowly(alice);
  std::string text = util::read_file(file).value_or("");
  ASSERT_TRUE(gpg::read_signer_memo(file, inputs()));
  util::write_file_atomic(file, text.substr(0, text.size() / 2));
  EXPECT_FALSE(gpg::read_signer_memo(file, inputs()));
  util::write_file_atomic(file, "garbage\n\x01\x02");
  EXPECT_FALSE(gpg::read_signer_memo(file, inputs()));
}

TEST_F(SignerMemoTest, FastSignerSignsWithoutTheSlowChoice) {
  sign_slowly(alice);
  auto memo = gpg::read_signer_memo(file, inputs());
  ASSERT_TRUE(memo);
  int slow_choices = 0;
  gpg::RememberedKeySigner signer(
      *memo, checkable(alice), file, [&]() -> std::unique_ptr<core::Signer> {
        ++slow_choices;
        return std::make_unique<gpg::GpgmeSigner>(alice);
      });
  EXPECT_EQ(signer.fingerprint(), alice);
  EXPECT_EQ(check(alice, signer.sign(payload), payload), gpg::MathVerdict::good);
  EXPECT_EQ(slow_choices, 0);
  EXPECT_TRUE(std::filesystem::exists(file));
}

TEST_F(SignerMemoTest, MemoOfAKeyTheAgentLostFallsBackAndDropsTheMemo) {
  sign_slowly(alice);
  auto memo = gpg::read_signer_memo(file, inputs());
  ASSERT_TRUE(memo);
  memo->keygrip = std::string(40, 'B');
  int slow_choices = 0;
  gpg::RememberedKeySigner signer(
      *memo, checkable(alice), file, [&]() -> std::unique_ptr<core::Signer> {
        ++slow_choices;
        return std::make_unique<gpg::GpgmeSigner>(alice);
      });
  EXPECT_EQ(check(alice, signer.sign(payload), payload), gpg::MathVerdict::good);
  EXPECT_EQ(check(alice, signer.sign(payload + "2"), payload + "2"), gpg::MathVerdict::good);
  EXPECT_EQ(slow_choices, 1);
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST_F(SignerMemoTest, SlowChoiceOfAnotherKeyStopsTheCommand) {
  std::string bob = home.make_key("Bob Chen", "bob@example.com");
  sign_slowly(alice);
  auto memo = gpg::read_signer_memo(file, inputs());
  ASSERT_TRUE(memo);
  memo->keygrip = std::string(40, 'C');
  gpg::RememberedKeySigner signer(
      *memo, checkable(alice), file, [&]() -> std::unique_ptr<core::Signer> {
        return std::make_unique<gpg::GpgmeSigner>(bob);
      });
  EXPECT_THROW(signer.sign(payload), util::EnvironmentError);
}

TEST_F(SignerMemoTest, SigningSubkeyIsNotRemembered) {
  memo_test_shell("gpg --batch --no-tty -q --passphrase '' --quick-add-key " + alice +
                  " ed25519 sign never 2>&1");
  gpg::KeyRememberingSigner signer(std::make_unique<gpg::GpgmeSigner>(alice), file, inputs());
  std::string signature = signer.sign(payload);
  std::string storage;
  auto parsed = gpg::single_signature(signature, storage);
  ASSERT_TRUE(parsed);
  EXPECT_NE(parsed->issuer_fingerprint, alice); // GnuPG signed with the new subkey
  EXPECT_FALSE(std::filesystem::exists(file));
}

} // namespace signer_memo_test
