#include "support/gnupg_home.hpp"
#include "support/keyring_key.hpp"
#include "support/shell.hpp"

#include "gpg/agent_signature.hpp"
#include "gpg/agent_connection.hpp"
#include "gpg/bounded_operation.hpp"
#include "gpg/gpgme_signer.hpp"
#include "gpg/openpgp.hpp"
#include "gpg/openpgp_writer.hpp"
#include "gpg/user_keys.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace agent_signature_test {

std::string agent_test_shell(const std::string& command) {
  int status = 0;
  std::string out = test_support::shell_output(command, &status);
  return out + "\nexit " + std::to_string(status);
}

class AgentSignatureTest : public testing::Test {
protected:
  gpg::CheckableKey checkable(const std::string& fingerprint) {
    gpg::CheckableKey key = test_support::keyring_key(fingerprint);
    EXPECT_EQ(key.fingerprint, fingerprint) << "no key " << fingerprint;
    return key;
  }

  gpg::SignerMemo memo_for(const std::string& fingerprint, int algorithm, int hash) {
    return test_support::agent_memo(fingerprint, algorithm, hash);
  }

  // What `gpg --verify` says of a detached signature; "exit 0" when it is good.
  std::string gpg_verify(const std::string& signature, const std::string& signed_bytes) {
    std::ofstream(home.path() / "payload", std::ios::binary) << signed_bytes;
    std::ofstream(home.path() / "payload.asc", std::ios::binary) << signature;
    return agent_test_shell("gpg --batch --no-tty --verify " +
                            (home.path() / "payload.asc").string() + " " +
                            (home.path() / "payload").string() + " 2>&1");
  }

  std::string rsa_key() {
    agent_test_shell(
        "gpg --batch --no-tty -q --passphrase '' --quick-gen-key 'Carol Diaz <carol@example.com>' "
        "rsa2048 sign never 2>/dev/null");
    std::string listing =
        agent_test_shell("gpg --batch --with-colons --list-keys carol@example.com 2>/dev/null");
    std::size_t at = listing.find("\nfpr:::::::::");
    return at == std::string::npos ? "" : listing.substr(at + 13, 40);
  }

  test_support::GnupgHome home;
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
  std::string payload = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nA record\n";
};

TEST_F(AgentSignatureTest, Ed25519SignatureIsGoodForGnupgAndTheMathCheck) {
  gpg::SignerMemo memo = memo_for(alice, gpg::openpgp::k_eddsa, 8);
  std::optional<std::string> signature = gpg::agent_signature(memo, checkable(alice), payload);
  ASSERT_TRUE(signature);
  EXPECT_TRUE(signature->starts_with("-----BEGIN PGP SIGNATURE-----\n\n"));
  std::string verdict = gpg_verify(*signature, payload);
  EXPECT_NE(verdict.find("Good signature"), std::string::npos) << verdict;
  EXPECT_NE(verdict.find("exit 0"), std::string::npos) << verdict;
  std::string storage;
  auto parsed = gpg::single_signature(*signature, storage);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(gpg::check_signature(checkable(alice), *parsed, payload), gpg::MathVerdict::good);
  EXPECT_EQ(parsed->issuer_fingerprint, alice);
  EXPECT_EQ(parsed->issuer_key_id, alice.substr(24));
  EXPECT_NE(gpg_verify(*signature, payload + "x").find("BAD signature"), std::string::npos);
}

TEST_F(AgentSignatureTest, RsaSignatureIsGoodWithEitherHash) {
  std::string carol = rsa_key();
  ASSERT_EQ(carol.size(), 40u);
  for (int hash : {8, 10}) {
    gpg::SignerMemo memo = memo_for(carol, gpg::openpgp::k_rsa, hash);
    std::optional<std::string> signature = gpg::agent_signature(memo, checkable(carol), payload);
    ASSERT_TRUE(signature) << hash;
    std::string verdict = gpg_verify(*signature, payload);
    EXPECT_NE(verdict.find("Good signature"), std::string::npos) << verdict;
  }
}

TEST_F(AgentSignatureTest, KeyTheAgentDoesNotHoldGivesNothing) {
  gpg::SignerMemo memo = memo_for(alice, gpg::openpgp::k_eddsa, 8);
  memo.keygrip = std::string(40, 'A');
  EXPECT_FALSE(gpg::agent_signature(memo, checkable(alice), payload));
}

TEST_F(AgentSignatureTest, SignatureThatDoesNotMatchTheRepositoryKeyIsNotReturned) {
  std::string bob = home.make_key("Bob Chen", "bob@example.com");
  gpg::SignerMemo memo = memo_for(alice, gpg::openpgp::k_eddsa, 8);
  gpg::SignerMemo bobs = memo_for(bob, gpg::openpgp::k_eddsa, 8);
  memo.keygrip = bobs.keygrip; // the agent signs with Bob's key, the memo says Alice's
  EXPECT_FALSE(gpg::agent_signature(memo, checkable(alice), payload));
}

TEST_F(AgentSignatureTest, MissingSocketGivesNothing) {
  gpg::SignerMemo memo = memo_for(alice, gpg::openpgp::k_eddsa, 8);
  memo.agent_socket = (home.path() / "no-such-socket").string();
  EXPECT_FALSE(gpg::agent_signature(memo, checkable(alice), payload));
}

TEST_F(AgentSignatureTest, AgentThatNeverAnswersEndsAtTheDeadline) {
  // A socket that accepts connections (the kernel's backlog) but never greets.
  std::filesystem::path path = home.path() / "S.stuck";
  int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  ASSERT_EQ(::bind(listener, reinterpret_cast<const sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  gpg::SignerMemo memo = memo_for(alice, gpg::openpgp::k_eddsa, 8);
  memo.agent_socket = path.string();
  gpg::set_operation_timeout(std::chrono::seconds(1));
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(gpg::agent_signature(memo, checkable(alice), payload), gpg::AgentTimeout);
  // The socket never answers and the default bound is 30 s: ending well before shows the
  // bound of 1 s was kept, however busy the machine.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(25));
  gpg::set_operation_timeout(std::chrono::seconds(30));
  ::close(listener);
}

TEST(OpenpgpWriterTest, ArmorReadsBackWithItsChecksum) {
  for (std::size_t size : {1u, 2u, 3u, 47u, 48u, 49u, 200u}) {
    std::string bytes;
    for (std::size_t i = 0; i < size; ++i) {
      bytes.push_back(static_cast<char>(i * 7 + 3));
    }
    std::string armored = gpg::openpgp::armor_signature(bytes);
    EXPECT_EQ(gpg::openpgp::dearmor(armored), bytes) << size;
  }
}

} // namespace agent_signature_test
