#include "git/raw_commit.hpp"
#include "git/repository.hpp"
#include "git/signed_commit_writer.hpp"
#include "gpg/gpgme_signer.hpp"
#include "gpg/private_keyring.hpp"
#include "gpg/user_keys.hpp"
#include "support/gnupg_home.hpp"

#include <gtest/gtest.h>

#include <future>

namespace signed_commit_writer_test {

class SignedCommitWriterTest : public testing::Test {
protected:
  test_support::GnupgHome home;
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
  gpg::GpgmeSigner signer{alice};
  util::TempDir dir{"git-runbook-writer"};
  git::Repository repo = git::Repository::init(dir.path());
  const std::string ref = "refs/heads/main";
};

TEST_F(SignedCommitWriterTest, FirstCommitIsSignedAndMovesTheRef) {
  auto commit = git::write_signed_commit(repo, {ref, std::nullopt, {{"a/b/file.txt", "hello\n"}}, "First\n"}, signer);
  ASSERT_TRUE(commit);
  EXPECT_EQ(repo.resolve_ref(ref), commit);
  EXPECT_EQ(repo.read_file_at(*commit, "a/b/file.txt"), "hello\n");

  auto raw = repo.read_raw(*commit);
  ASSERT_TRUE(raw);
  auto parsed = git::parse_raw_commit(raw->bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_TRUE(parsed->parents.empty());
  EXPECT_EQ(parsed->message, "First\n");

  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  auto check = keyring.verify_detached(parsed->signed_payload, parsed->signature + "\n");
  EXPECT_EQ(check.status, gpg::SignatureStatus::good) << check.detail;
  EXPECT_EQ(check.fingerprint, alice);
}

TEST_F(SignedCommitWriterTest, NextCommitKeepsEarlierFiles) {
  auto first = git::write_signed_commit(repo, {ref, std::nullopt, {{"one.txt", "1\n"}}, "One\n"}, signer);
  auto second = git::write_signed_commit(repo, {ref, first, {{"two.txt", "2\n"}}, "Two\n"}, signer);
  ASSERT_TRUE(second);
  EXPECT_EQ(repo.read_file_at(*second, "one.txt"), "1\n");
  EXPECT_EQ(repo.read_file_at(*second, "two.txt"), "2\n");
  auto parsed = git::parse_raw_commit(repo.read_raw(*second)->bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->parents, std::vector<std::string>{*first});
  EXPECT_EQ(repo.changed_paths(repo.tree_of(*first), repo.tree_of(*second)), std::vector<std::string>{"two.txt"});
}

TEST_F(SignedCommitWriterTest, StaleParentLosesTheRaceAndLeavesTheRefAlone) {
  auto first = git::write_signed_commit(repo, {ref, std::nullopt, {{"one.txt", "1\n"}}, "One\n"}, signer);
  auto second = git::write_signed_commit(repo, {ref, first, {{"two.txt", "2\n"}}, "Two\n"}, signer);
  auto stale = git::write_signed_commit(repo, {ref, first, {{"three.txt", "3\n"}}, "Three\n"}, signer);
  EXPECT_FALSE(stale);
  EXPECT_EQ(repo.resolve_ref(ref), second);
}

TEST_F(SignedCommitWriterTest, FirstCommitOnAnExistingRefLosesTheRace) {
  auto first = git::write_signed_commit(repo, {ref, std::nullopt, {{"one.txt", "1\n"}}, "One\n"}, signer);
  auto again = git::write_signed_commit(repo, {ref, std::nullopt, {{"x.txt", "x\n"}}, "Again\n"}, signer);
  EXPECT_FALSE(again);
  EXPECT_EQ(repo.resolve_ref(ref), first);
}

// Signs with a real key, but its first signature's check (still running when it is
// handed over) says bad, as a remembered key's does when the agent signed wrongly.
class FirstCheckFailsSigner : public core::Signer {
public:
  explicit FirstCheckFailsSigner(const gpg::GpgmeSigner& real) : m_real(real) {}
  std::string fingerprint() const override { return m_real.fingerprint(); }
  std::string name() const override { return m_real.name(); }
  std::string email() const override { return m_real.email(); }
  std::string sign(std::string_view payload) const override { return m_real.sign(payload); }
  core::CheckedSignature sign_then_check(std::string_view payload) const override {
    if (gave_up) {
      return core::CheckedSignature(m_real.sign(payload));
    }
    std::promise<bool> check;
    check.set_value(false);
    // A signature over something else: what a commit must never carry.
    return core::CheckedSignature(m_real.sign("something else"), check.get_future(), [this] { gave_up = true; });
  }
  mutable bool gave_up = false;

private:
  const gpg::GpgmeSigner& m_real;
};

TEST_F(SignedCommitWriterTest, ASignatureWhoseCheckFailsIsReplacedBeforeTheRefMoves) {
  FirstCheckFailsSigner failing(signer);
  auto commit = git::write_signed_commit(repo, {ref, std::nullopt, {{"one.txt", "1\n"}}, "One\n"}, failing);
  ASSERT_TRUE(commit);
  EXPECT_TRUE(failing.gave_up);
  EXPECT_EQ(repo.resolve_ref(ref), commit);
  auto parsed = git::parse_raw_commit(repo.read_raw(*commit)->bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  gpg::PrivateKeyring keyring;
  keyring.import(gpg::export_public_key(alice));
  auto check = keyring.verify_detached(parsed->signed_payload, parsed->signature + "\n");
  EXPECT_EQ(check.status, gpg::SignatureStatus::good) << check.detail;
}

} // namespace signed_commit_writer_test
