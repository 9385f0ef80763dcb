#include "git/network_start.hpp"

#include "git/check.hpp"

#include <gtest/gtest.h>

#include <git2.h>
#include <libssh2.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace network_start_test {

namespace fs = std::filesystem;

constexpr const char* k_debian_bundle = "/etc/ssl/certs/ca-certificates.crt";

bool uses_mbedtls() {
  // Debian's libgit2 reads the bundle at start-up only with mbedTLS; the test is about that.
  return (git_libgit2_features() & GIT_FEATURE_HTTPS) != 0 && fs::exists(k_debian_bundle);
}

TEST(NetworkStart, TheBundleIsNotParsedAtStartButRemembered) {
  git::initialise_libgit2();
  if (!uses_mbedtls()) {
    GTEST_SKIP() << "libgit2 here does not read " << k_debian_bundle;
  }
  ASSERT_TRUE(git::deferred_certificate_file().has_value());
  EXPECT_EQ(*git::deferred_certificate_file(), k_debian_bundle);
  // The real parse, through libgit2's own option: the bundle is good.
  EXPECT_NO_THROW(git::finish_network_start());
  EXPECT_NO_THROW(git::finish_network_start()); // once is enough; again does nothing
}

TEST(NetworkStart, AfterStartTheRealParserAnswers) {
  git::initialise_libgit2();
  if (!uses_mbedtls()) {
    GTEST_SKIP() << "libgit2 here does not read " << k_debian_bundle;
  }
  // Not swallowed: a file that holds no certificate is refused by mbedTLS itself.
  fs::path garbage = fs::temp_directory_path() / "git-runbook-not-a-certificate.pem";
  std::ofstream(garbage) << "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n";
  EXPECT_LT(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, garbage.c_str(), nullptr), 0);
  std::remove(garbage.c_str());
  EXPECT_EQ(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, k_debian_bundle, nullptr), 0);
}

// libssh2 is started for real when a remote needs it: a session can be made and
// dropped. (The SSH e2e tests push and fetch through sshd.)
TEST(NetworkStart, LibsshStartsWhenTheNetworkIsNeeded) {
  git::initialise_libgit2();
  EXPECT_NO_THROW(git::finish_network_start());
  LIBSSH2_SESSION* session = libssh2_session_init();
  ASSERT_NE(session, nullptr);
  libssh2_session_free(session);
}

} // namespace network_start_test
