#include "core/key_choice.hpp"

#include "core/policy.hpp"

#include <gtest/gtest.h>

#include <gmock/gmock.h>
#include <optional>
#include <string>
#include <vector>

namespace key_choice_test {

using core::choose_signing_key;
using core::KeyHints;
using core::Policy;
using core::SecretKey;
using testing::AllOf;
using testing::HasSubstr;
using testing::Not;

// Fingerprints: 40 upper-case hex digits; the last 16 are the long key id.
const std::string k_alice_fpr = "AAAA1111AAAA1111AAAA1111AAAA1111AAAA1111";
const std::string k_alice_sub = "AAAA9999AAAA9999AAAA9999AAAA9999AAAA9999";
const std::string k_bob_fpr = "BBBB2222BBBB2222BBBB2222BBBB2222BBBB2222";
const std::string k_carol_fpr = "CCCC3333CCCC3333CCCC3333CCCC3333CCCC3333";
const std::string k_private_fpr = "DDDD4444DDDD4444DDDD4444DDDD4444DDDD4444";

SecretKey key(const std::string& fingerprint,
              std::vector<std::string> emails,
              bool can_sign = true,
              std::vector<std::string> subkeys = {}) {
  SecretKey k;
  k.fingerprint = fingerprint;
  k.subkey_fingerprints = std::move(subkeys);
  k.emails = std::move(emails);
  k.can_sign = can_sign;
  return k;
}

SecretKey alice() {
  return key(k_alice_fpr, {"alice@example.com"}, true, {k_alice_sub});
}
SecretKey bob() {
  return key(k_bob_fpr, {"bob@example.com", "bob@home.example"});
}
SecretKey carol() {
  return key(k_carol_fpr, {"carol@example.com"});
}

core::Person person(const std::string& id, const std::string& email, const std::string& fpr) {
  core::Person p;
  p.id = id;
  p.name = id;
  p.email = email;
  p.key_file = core::key_file_for(id);
  p.fingerprint = fpr;
  p.roles = {core::Role::operator_};
  return p;
}

// A policy that knows alice and bob (with their work addresses), not carol.
Policy policy() {
  Policy p;
  p.protected_branches = {"main"};
  p.people = {person("alice", "alice@work.example", k_alice_fpr),
              person("bob", "bob@work.example", k_bob_fpr)};
  return p;
}

KeyHints with_key(const std::string& spec) {
  KeyHints hints;
  hints.explicit_key = spec;
  return hints;
}

KeyHints with_config(const std::string& spec) {
  KeyHints hints;
  hints.configured_key = spec;
  return hints;
}

KeyHints with_email(const std::string& email) {
  KeyHints hints;
  hints.user_email = email;
  return hints;
}

std::string chosen(const util::Result<std::string>& result) {
  EXPECT_TRUE(result.ok()) << "refused: " << (result.ok() ? "" : result.error());
  return result.ok() ? result.value() : "";
}

std::string refusal(const util::Result<std::string>& result) {
  EXPECT_FALSE(result.ok()) << "chose " << (result.ok() ? result.value() : "");
  return result.ok() ? "" : result.error();
}

const std::vector<SecretKey> k_three = {alice(), bob(), carol()};

// ---------------------------------------------------------------- key specifications

TEST(ChooseSigningKey, ExplicitKeyByFullFingerprint) {
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key(k_bob_fpr), nullptr)), k_bob_fpr);
}

TEST(ChooseSigningKey, ExplicitKeyByLongKeyId) {
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("BBBB2222BBBB2222"), nullptr)), k_bob_fpr);
}

TEST(ChooseSigningKey, ExplicitKeyWithZeroXPrefix) {
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("0xBBBB2222BBBB2222"), nullptr)),
            k_bob_fpr);
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("0X" + k_bob_fpr), nullptr)), k_bob_fpr);
}

TEST(ChooseSigningKey, ExplicitKeyWithTrailingExclamationMark) {
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key(k_bob_fpr + "!"), nullptr)), k_bob_fpr);
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("0xBBBB2222BBBB2222!"), nullptr)),
            k_bob_fpr);
}

TEST(ChooseSigningKey, ExplicitKeyIsCaseInsensitive) {
  EXPECT_EQ(chosen(choose_signing_key(
                k_three, with_key("bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222"), nullptr)),
            k_bob_fpr);
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("BOB@Example.COM"), nullptr)), k_bob_fpr);
}

TEST(ChooseSigningKey, ExplicitKeyBySubkeyFingerprintGivesThePrimaryKey) {
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key(k_alice_sub), nullptr)), k_alice_fpr);
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("AAAA9999AAAA9999!"), nullptr)),
            k_alice_fpr);
}

TEST(ChooseSigningKey, ExplicitKeyByEmailWithOrWithoutAngleBrackets) {
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("carol@example.com"), nullptr)),
            k_carol_fpr);
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("<carol@example.com>"), nullptr)),
            k_carol_fpr);
  // Any user id of the key counts.
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("<bob@home.example>"), nullptr)),
            k_bob_fpr);
}

TEST(ChooseSigningKey, ExplicitKeyIgnoresSurroundingSpace) {
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_key("  " + k_carol_fpr + "\n"), nullptr)),
            k_carol_fpr);
}

TEST(ChooseSigningKey, ExplicitKeyWinsOverEveryOtherHint) {
  KeyHints hints = with_key(k_carol_fpr);
  hints.configured_key = k_bob_fpr;
  hints.user_email = "alice@work.example";
  Policy p = policy();
  // carol is not even in the policy: --key is what the user asked for.
  EXPECT_EQ(chosen(choose_signing_key(k_three, hints, &p)), k_carol_fpr);
}

TEST(ChooseSigningKey, ExplicitKeyThatMatchesNothingFailsWithoutFallingThrough) {
  KeyHints hints = with_key("EEEE5555EEEE5555");
  hints.configured_key = k_bob_fpr;
  hints.user_email = "alice@example.com";
  Policy p = policy();
  std::string message = refusal(choose_signing_key({alice()}, hints, &p));
  EXPECT_THAT(message,
              AllOf(HasSubstr("EEEE5555EEEE5555"),
                    HasSubstr("--key"),
                    HasSubstr("gpg --list-secret-keys")));
}

TEST(ChooseSigningKey, ShortOrPartialSpecsDoNotMatch) {
  // Fewer than 8 hex digits is no key id; a prefix of a fingerprint is no key id either.
  refusal(choose_signing_key(k_three, with_key("2222"), nullptr));
  refusal(choose_signing_key(k_three, with_key("BBBB2222BBBB2222BBBB"), nullptr));
  refusal(choose_signing_key(k_three, with_key("example.com"), nullptr));
  refusal(choose_signing_key(k_three, with_key("bob"), nullptr));
  refusal(choose_signing_key(k_three, with_key(""), nullptr));
}

TEST(ChooseSigningKey, KeysThatCannotSignAreIgnored) {
  std::vector<SecretKey> keys = {key(k_bob_fpr, {"bob@example.com"}, false), carol()};
  refusal(choose_signing_key(keys, with_key(k_bob_fpr), nullptr));
  refusal(choose_signing_key(keys, with_config("bob@example.com"), nullptr));
  // Without hints, the only key that can sign is the only key.
  EXPECT_EQ(chosen(choose_signing_key(keys, KeyHints{}, nullptr)), k_carol_fpr);
  // Nor is it found by e-mail.
  EXPECT_EQ(chosen(choose_signing_key(keys, with_email("bob@example.com"), nullptr)), k_carol_fpr);
}

// ---------------------------------------------------------------- user.signingkey

TEST(ChooseSigningKey, ConfiguredKeyIsUsedWithoutExplicitKey) {
  KeyHints hints = with_config("0xCCCC3333CCCC3333");
  hints.user_email = "alice@example.com";
  EXPECT_EQ(chosen(choose_signing_key(k_three, hints, nullptr)), k_carol_fpr);
  Policy p = policy();
  hints.user_email = "alice@work.example";
  EXPECT_EQ(chosen(choose_signing_key(k_three, hints, &p)), k_carol_fpr);
}

TEST(ChooseSigningKey, ConfiguredKeyThatMatchesNothingFailsWithoutFallingThrough) {
  KeyHints hints = with_config("nobody@example.com");
  hints.user_email = "alice@example.com";
  std::string message = refusal(choose_signing_key({alice()}, hints, nullptr));
  EXPECT_THAT(message, AllOf(HasSubstr("nobody@example.com"), HasSubstr("user.signingkey")));
}

TEST(ChooseSigningKey, EmptyConfiguredKeyIsSkipped) {
  KeyHints hints = with_config("   ");
  EXPECT_EQ(chosen(choose_signing_key({carol()}, hints, nullptr)), k_carol_fpr);
  hints.configured_key = "";
  EXPECT_EQ(chosen(choose_signing_key({carol()}, hints, nullptr)), k_carol_fpr);
}

// ---------------------------------------------------------------- with a policy

TEST(ChooseSigningKey, PolicyPersonByUserEmail) {
  Policy p = policy();
  // The policy's address decides, not the address in the key's user id.
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_email("bob@work.example"), &p)), k_bob_fpr);
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_email("ALICE@Work.Example"), &p)), k_alice_fpr);
}

TEST(ChooseSigningKey, PolicyOnlyKnownKeyWhenEmailMatchesNobody) {
  Policy p = policy();
  std::vector<SecretKey> keys = {carol(), bob()};
  EXPECT_EQ(chosen(choose_signing_key(keys, with_email("someone@else.example"), &p)), k_bob_fpr);
  EXPECT_EQ(chosen(choose_signing_key(keys, KeyHints{}, &p)), k_bob_fpr);
  // The key's own address is not the policy's: it does not choose among known keys.
  EXPECT_EQ(chosen(choose_signing_key(keys, with_email("carol@example.com"), &p)), k_bob_fpr);
}

TEST(ChooseSigningKey, PolicyIgnoresKnownKeysThatCannotSign) {
  Policy p = policy();
  std::vector<SecretKey> keys = {key(k_alice_fpr, {"alice@example.com"}, false), bob(), carol()};
  EXPECT_EQ(chosen(choose_signing_key(keys, with_email("alice@work.example"), &p)), k_bob_fpr);
}

TEST(ChooseSigningKey, PolicyWithSeveralKnownKeysAsksToNameOne) {
  Policy p = policy();
  std::string message = refusal(choose_signing_key(k_three, with_email("carol@example.com"), &p));
  EXPECT_THAT(message,
              AllOf(HasSubstr("several"), HasSubstr("--key"), HasSubstr("user.signingkey")));
  refusal(choose_signing_key(k_three, KeyHints{}, &p));
}

TEST(ChooseSigningKey, PolicyThatKnowsNoneOfTheKeysSaysHowToGetAdded) {
  Policy p = policy();
  std::string message = refusal(choose_signing_key({carol()}, with_email("carol@example.com"), &p));
  EXPECT_THAT(message, AllOf(HasSubstr("policy"), HasSubstr("admin"), HasSubstr("keys add")));
}

TEST(ChooseSigningKey, PolicyUserEmailOfAPersonWhoseKeyIsNotHereFallsToTheOnlyKnownKey) {
  Policy p = policy();
  // alice's policy address, but only bob's key is in this keyring.
  EXPECT_EQ(chosen(choose_signing_key({bob(), carol()}, with_email("alice@work.example"), &p)),
            k_bob_fpr);
}

// ---------------------------------------------------------------- without a policy

TEST(ChooseSigningKey, NoPolicyKeyByEmail) {
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_email("carol@example.com"), nullptr)),
            k_carol_fpr);
  EXPECT_EQ(chosen(choose_signing_key(k_three, with_email("BOB@home.example"), nullptr)),
            k_bob_fpr);
}

TEST(ChooseSigningKey, NoPolicyTheOnlyKey) {
  EXPECT_EQ(chosen(choose_signing_key({carol()}, KeyHints{}, nullptr)), k_carol_fpr);
  EXPECT_EQ(chosen(choose_signing_key({carol()}, with_email("other@example.com"), nullptr)),
            k_carol_fpr);
}

TEST(ChooseSigningKey, NoPolicySeveralKeysAndNoAddressAsksToNameOne) {
  std::string message =
      refusal(choose_signing_key(k_three, with_email("other@example.com"), nullptr));
  EXPECT_THAT(message,
              AllOf(HasSubstr("several"), HasSubstr("--key"), HasSubstr("user.signingkey")));
  refusal(choose_signing_key(k_three, KeyHints{}, nullptr));
}

// ---------------------------------------------------------------- no usable key

TEST(ChooseSigningKey, NoKeyAtAllSaysHowToMakeOne) {
  std::string message = refusal(choose_signing_key({}, with_email("zoe@example.com"), nullptr));
  EXPECT_THAT(message, HasSubstr("gpg --quick-gen-key"));
  EXPECT_THAT(message, HasSubstr("zoe@example.com"));
  Policy p = policy();
  EXPECT_THAT(refusal(choose_signing_key({}, KeyHints{}, &p)), HasSubstr("gpg --quick-gen-key"));
}

TEST(ChooseSigningKey, OnlyUnusableKeysSaysHowToMakeOne) {
  std::vector<SecretKey> keys = {key(k_alice_fpr, {"alice@example.com"}, false),
                                 key(k_private_fpr, {"d@example.com"}, false)};
  EXPECT_THAT(refusal(choose_signing_key(keys, with_email("alice@example.com"), nullptr)),
              HasSubstr("gpg --quick-gen-key"));
}

// The header promises the make-a-key line "when none is usable"; that holds too when the
// user named a key (git config user.signingkey is often set on a new machine before the
// key is there).
TEST(ChooseSigningKey, NamedKeyWithNoUsableKeyAtAllSaysHowToMakeOne) {
  EXPECT_THAT(refusal(choose_signing_key({}, with_config(k_alice_fpr), nullptr)),
              HasSubstr("gpg --quick-gen-key"));
  EXPECT_THAT(refusal(choose_signing_key({}, with_key(k_alice_fpr), nullptr)),
              HasSubstr("gpg --quick-gen-key"));
}

TEST(MakeKeyAdvice, NamesTheAddressOrAPlaceholder) {
  EXPECT_THAT(core::make_key_advice("zoe@example.com"),
              AllOf(HasSubstr("gpg --quick-gen-key"),
                    HasSubstr("<zoe@example.com>"),
                    HasSubstr("ed25519")));
  EXPECT_THAT(core::make_key_advice(std::nullopt),
              AllOf(HasSubstr("gpg --quick-gen-key"), Not(HasSubstr("<>"))));
}

} // namespace key_choice_test
