// A corpus of crafted signatures, each judged by `git verify-commit` (GnuPG) and by this
// tool: the in-process check (signature_math) and the whole check a repository's
// signatures get (PrivateKeyring: in-process, else GnuPG). The signatures are built here
// as the tool's own agent signer builds them (gpg-agent signs the digest), with the
// subpacket layouts GnuPG never writes: an issuer in the signed area and another in the
// unsigned one, two creation times, no issuer, a critical notation. The rule (issue 15
// point 3): the tool is never more lenient than GnuPG; whatever it is not sure of,
// GnuPG judges.
#include "support/gnupg_home.hpp"
#include "support/keyring_key.hpp"
#include "support/shell.hpp"

#include "gpg/agent_signature.hpp"
#include "gpg/openpgp.hpp"
#include "gpg/openpgp_writer.hpp"
#include "gpg/private_keyring.hpp"
#include "gpg/signature_math.hpp"
#include "gpg/user_keys.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace crafted_signature_test {

namespace openpgp = gpg::openpgp;

constexpr int k_sha256 = 8;
constexpr int k_notation = 20;
constexpr int k_signature_expiry = 3;
constexpr int k_critical = 0x80;

std::string raw_fingerprint(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string four_octets(std::uint32_t value) {
  return {static_cast<char>(value >> 24U),
          static_cast<char>((value >> 16U) & 0xFFU),
          static_cast<char>((value >> 8U) & 0xFFU),
          static_cast<char>(value & 0xFFU)};
}

std::string time_subpacket(std::uint32_t when) {
  return openpgp::subpacket(openpgp::k_subpacket_creation_time, four_octets(when));
}
std::string fingerprint_subpacket(const std::string& fingerprint) {
  return openpgp::subpacket(openpgp::k_subpacket_issuer_fingerprint,
                            "\x04" + raw_fingerprint(fingerprint));
}
std::string key_id_subpacket(const std::string& fingerprint) {
  return openpgp::subpacket(openpgp::k_subpacket_issuer, raw_fingerprint(fingerprint).substr(12));
}

// One crafted signature: who signs it and its two subpacket areas.
struct Craft {
  std::string name;
  std::string signer; // "alice" (Ed25519) or "carol" (RSA)
  std::string hashed;
  std::string unhashed;
  std::string git_says; // `git verify-commit`'s verdict: good, bad, cannot-check (GnuPG: "Can't
                        // check signature"), refused (anything else, here "Signature expired")
};

class CraftedSignatureTest : public testing::Test {
protected:
  void SetUp() override {
    test_support::shell_output(
        "gpg --batch --no-tty -q --passphrase '' --quick-gen-key 'Carol Diaz <carol@example.com>' "
        "rsa2048 sign never 2>/dev/null");
    std::string listing =
        test_support::shell_output("gpg --batch --with-colons --list-keys carol@example.com");
    std::size_t at = listing.find("\nfpr:::::::::");
    ASSERT_NE(at, std::string::npos) << "no RSA key for carol";
    carol = listing.substr(at + 13, 40);
    for (const std::string& key : {alice, bob, carol}) {
      keyring.import(gpg::export_public_key(key));
    }
    test_support::shell_output("git init -q '" + (home.path() / "repo").string() + "'");
  }

  std::string fingerprint_of(const std::string& who) const {
    return who == "carol" ? carol : alice;
  }

  std::string sign(const Craft& craft) {
    bool rsa = craft.signer == "carol";
    gpg::SignerMemo memo = test_support::agent_memo(
        fingerprint_of(craft.signer), rsa ? openpgp::k_rsa : openpgp::k_eddsa, k_sha256);
    std::string hashed_part = openpgp::signature_hashed_part(
        rsa ? openpgp::k_rsa : openpgp::k_eddsa, k_sha256, craft.hashed);
    return gpg::agent_signed_packet(memo, hashed_part, craft.unhashed, payload).value_or("");
  }

  // What `git verify-commit` says of a commit that carries `signature` over `payload`.
  std::string git_verdict(const std::string& signature) {
    std::string header = "gpgsig";
    std::string text = signature;
    for (std::size_t at = 0;
         (at = text.find('\n', at)) != std::string::npos && at + 1 < text.size();
         at += 2) {
      text.insert(at + 1, " ");
    }
    std::string commit = payload;
    commit.insert(commit.find("\n\n") + 1, header + " " + text);
    std::filesystem::path file = home.path() / "commit";
    std::ofstream(file, std::ios::binary) << commit;
    std::string repo = (home.path() / "repo").string();
    std::string id = test_support::shell_output("git -C '" + repo + "' hash-object -t commit -w '" +
                                                file.string() + "'");
    id = id.substr(0, id.find('\n'));
    int status = 0;
    std::string said = test_support::shell_output(
        "git -C '" + repo + "' verify-commit '" + id + "' 2>&1", &status);
    if (status == 0) {
      return "good";
    }
    if (said.find("BAD signature") != std::string::npos) {
      return "bad";
    }
    if (said.find("Can't check signature") != std::string::npos) {
      return "cannot-check";
    }
    return "refused";
  }

  test_support::GnupgHome home;
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
  std::string bob = home.make_key("Bob Chen", "bob@example.com");
  std::string carol;
  gpg::PrivateKeyring keyring;
  std::string payload = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
                        "author Alice Martin <alice@example.com> 1700000000 +0000\n"
                        "committer Alice Martin <alice@example.com> 1700000000 +0000\n\nA record\n";
};

TEST_F(CraftedSignatureTest, TheToolIsNeverMoreLenientThanGnupg) {
  auto now = static_cast<std::uint32_t>(std::time(nullptr)); // the keys were made just before
  std::uint32_t before_keys = 1000000000; // 2001: before any key of this test existed
  std::string critical_notation = openpgp::subpacket(
      k_notation | k_critical, std::string("\x80\0\0\0\0\x04\0\x02", 8) + "a@bxy");
  std::string expired = openpgp::subpacket(k_signature_expiry, four_octets(1));
  std::vector<Craft> corpus;
  // The verdicts are GnuPG 2.2's (Debian bookworm), through `git verify-commit`. Where the
  // other key has another algorithm (bob: Ed25519, carol: RSA), GnuPG cannot check.
  for (const std::string signer : {"alice", "carol"}) {
    bool rsa = signer == "carol";
    std::string me = fingerprint_of(signer);
    std::string other = rsa ? alice : bob;
    std::string other_says = rsa ? "cannot-check" : "bad";
    std::string t = time_subpacket(now);
    corpus.push_back({"as GnuPG writes it",
                      signer,
                      fingerprint_subpacket(me) + t,
                      key_id_subpacket(me),
                      "good"});
    corpus.push_back({"issuer key id only, unsigned", signer, t, key_id_subpacket(me), "good"});
    corpus.push_back({"signed issuer, another unsigned issuer",
                      signer,
                      fingerprint_subpacket(me) + t,
                      fingerprint_subpacket(other),
                      "good"});
    corpus.push_back({"signed key id, another unsigned key id",
                      signer,
                      key_id_subpacket(me) + t,
                      key_id_subpacket(other),
                      "good"});
    corpus.push_back({"another signed issuer, the signer's unsigned",
                      signer,
                      fingerprint_subpacket(other) + t,
                      key_id_subpacket(me),
                      other_says});
    corpus.push_back({"two signed issuers, the signer's second",
                      signer,
                      fingerprint_subpacket(other) + fingerprint_subpacket(me) + t,
                      "",
                      other_says});
    corpus.push_back({"two creation times, the first before the key",
                      signer,
                      fingerprint_subpacket(me) + time_subpacket(before_keys) + t,
                      key_id_subpacket(me),
                      "cannot-check"});
    corpus.push_back({"made before its key existed",
                      signer,
                      fingerprint_subpacket(me) + time_subpacket(before_keys),
                      key_id_subpacket(me),
                      "cannot-check"});
    corpus.push_back({"two equal creation times",
                      signer,
                      fingerprint_subpacket(me) + t + t,
                      key_id_subpacket(me),
                      "good"});
    corpus.push_back({"no issuer at all", signer, t, "", "cannot-check"});
    corpus.push_back(
        {"only another unsigned issuer", signer, t, key_id_subpacket(other), other_says});
    corpus.push_back({"a critical notation",
                      signer,
                      fingerprint_subpacket(me) + t + critical_notation,
                      key_id_subpacket(me),
                      "bad"});
    corpus.push_back({"expired a second after it was made",
                      signer,
                      fingerprint_subpacket(me) + t + expired,
                      key_id_subpacket(me),
                      "refused"});
  }
  std::string table;
  for (const Craft& craft : corpus) {
    std::string signature = sign(craft);
    ASSERT_FALSE(signature.empty()) << craft.name << ": the agent did not sign";
    std::string git_says = git_verdict(signature);
    std::string storage;
    auto parsed = gpg::single_signature(signature, storage);
    bool math_good =
        parsed && gpg::check_signature(test_support::keyring_key(fingerprint_of(craft.signer)),
                                       *parsed,
                                       payload) == gpg::MathVerdict::good;
    gpg::SignatureCheck check = keyring.verify_detached(payload, signature);
    bool tool_good = check.status == gpg::SignatureStatus::good;
    std::string what = craft.signer + ", " + craft.name;
    table += what + ": git " + git_says + ", in-process " + (math_good ? "good" : "not sure") +
             ", tool " + (tool_good ? "good" : "not good") + "\n";
    EXPECT_EQ(git_says, craft.git_says) << what;
    EXPECT_FALSE(math_good && git_says != "good")
        << what << ": the in-process check is more lenient than GnuPG";
    EXPECT_EQ(tool_good, git_says == "good")
        << what << ": the tool and git disagree (" << check.detail << ")";
    // What the tool then says must be the cause, not "changed after it was signed".
    if (craft.name == "a critical notation") {
      EXPECT_NE(check.status, gpg::SignatureStatus::bad) << what;
      EXPECT_NE(check.detail.find("critical notation"), std::string::npos) << what << ": " << check.detail;
    }
    if (craft.name == "made before its key existed" || craft.name == "two creation times, the first before the key") {
      EXPECT_NE(check.detail.find("before its key was made, or in the future"), std::string::npos)
          << what << ": " << check.detail;
    }
    if (craft.name == "expired a second after it was made") {
      EXPECT_NE(check.detail.find("made with an end date"), std::string::npos) << what << ": " << check.detail;
    }
    if (craft.name == "no issuer at all") {
      EXPECT_EQ(check.status, gpg::SignatureStatus::unknown_key) << what;
      EXPECT_EQ(check.fingerprint.find_first_not_of('0'), std::string::npos) << what << ": " << check.fingerprint;
    }
  }
  std::cout << table;
}

} // namespace crafted_signature_test
