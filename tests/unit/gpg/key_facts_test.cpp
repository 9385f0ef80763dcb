#include "gpg/key_facts.hpp"

#include "gpg/user_keys.hpp"
#include "support/gnupg_home.hpp"
#include "support/shell.hpp"

#include <gtest/gtest.h>

#include <string>

namespace key_facts_test {

// The expiry GnuPG lists for the primary key (field 7 of the "pub" line): seconds since
// 1970, 0 for none.
std::int64_t gpg_expiry(const std::string& fingerprint) {
  std::string listing = test_support::shell_output("gpg --batch --with-colons --list-keys " + fingerprint +
                                                   " 2>/dev/null | awk -F: '$1 == \"pub\" { print $7; exit }'");
  return listing.empty() || listing == "\n" ? 0 : std::stoll(listing);
}

class KeyFactsTest : public testing::Test {
protected:
  test_support::GnupgHome home;
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
};

TEST_F(KeyFactsTest, AKeyWithoutExpiryNeverExpires) {
  EXPECT_EQ(gpg::key_expiry(gpg::export_public_key(alice), alice), std::optional<std::int64_t>(0));
}

TEST_F(KeyFactsTest, TheNewestSelfSignatureGivesTheExpiryGnupgLists) {
  test_support::shell_output("gpg --batch --pinentry-mode loopback --passphrase '' --quick-set-expire " + alice +
                             " 2031-06-01 2>/dev/null");
  std::int64_t listed = gpg_expiry(alice);
  ASSERT_GT(listed, 0);
  EXPECT_EQ(gpg::key_expiry(gpg::export_public_key(alice), alice), std::optional<std::int64_t>(listed));
}

TEST_F(KeyFactsTest, AnotherKeysFileOrDamagedBytesSayNothing) {
  std::string bob = home.make_key("Bob Chen", "bob@example.com");
  std::string armored = gpg::export_public_key(alice);
  EXPECT_FALSE(gpg::key_expiry(armored, bob).has_value()) << "the file does not hold bob's key";
  EXPECT_FALSE(gpg::key_expiry(armored.substr(0, armored.size() / 2), alice).has_value()) << "truncated";
  EXPECT_FALSE(gpg::key_expiry("", alice).has_value());
  EXPECT_FALSE(gpg::key_expiry("not a key at all", alice).has_value());
  EXPECT_FALSE(gpg::key_expiry(armored, "ABC").has_value()) << "not a fingerprint";
}

} // namespace key_facts_test
