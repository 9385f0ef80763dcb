#include "gpg/bounded_operation.hpp"
#include "gpg/check.hpp"
#include "gpg/context.hpp"
#include "support/gnupg_home.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace bounded_operation_test {

using testing::HasSubstr;

class BoundedOperationTest : public testing::Test {
protected:
  void TearDown() override { gpg::set_operation_timeout(std::chrono::seconds(30)); }

  test_support::GnupgHome home;
};

TEST_F(BoundedOperationTest, ListsTheKeysOfAKeyring) {
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
  gpg::ContextPtr ctx = gpg::make_context(home.path());
  gpg::BoundedResult listing = gpg::run_bounded(ctx.get(), "listing keys", [&] {
    return gpgme_op_keylist_start(ctx.get(), nullptr, 1);
  });
  EXPECT_EQ(gpgme_err_code(listing.error), GPG_ERR_NO_ERROR);
  ASSERT_EQ(listing.keys.size(), 1u);
  EXPECT_EQ(std::string(listing.keys[0]->subkeys->fpr), alice);
}

TEST_F(BoundedOperationTest, SignsAndCollectsTheSignature) {
  std::string alice = home.make_key("Alice Martin", "alice@example.com");
  gpg::ContextPtr ctx = gpg::make_context(home.path());
  gpgme_key_t key = nullptr;
  gpg::check(gpgme_get_key(ctx.get(), alice.c_str(), &key, 1), "reading the key");
  gpg::KeyPtr owned(key);
  gpg::check(gpgme_signers_add(ctx.get(), key), "choosing the key");
  gpg::DataPtr in = gpg::data_from("tree 0123\n\nmessage\n");
  gpg::DataPtr out = gpg::empty_data();
  gpg::BoundedResult signing = gpg::run_bounded(ctx.get(), "signing", [&] {
    return gpgme_op_sign_start(ctx.get(), in.get(), out.get(), GPGME_SIG_MODE_DETACH);
  });
  EXPECT_EQ(gpgme_err_code(signing.error), GPG_ERR_NO_ERROR);
  EXPECT_THAT(gpg::data_to_string(out.get()), HasSubstr("-----BEGIN PGP SIGNATURE-----"));
}

TEST_F(BoundedOperationTest, GivesUpOnAGnupgThatNeverAnswers) {
  // A stand-in for gpg that tells its version, as GPGME asks first, and then waits as
  // gpg does for an agent that never answers.
  std::filesystem::path silent = home.path() / "silent-gpg";
  util::write_file_atomic(silent, "#!/bin/sh\n"
                                  "case \"$*\" in *--version*) echo 'gpg (GnuPG) 2.2.40'; exit 0 ;; esac\n"
                                  "exec sleep 60 </dev/null >/dev/null 2>&1\n");
  std::filesystem::permissions(silent, std::filesystem::perms::owner_all);
  gpg::ContextPtr ctx = gpg::make_context(home.path());
  gpg::check(gpgme_ctx_set_engine_info(ctx.get(), GPGME_PROTOCOL_OpenPGP, silent.c_str(), home.path().c_str()),
             "choosing the silent gpg");
  gpg::set_operation_timeout(std::chrono::seconds(1));
  auto started = std::chrono::steady_clock::now();
  try {
    gpg::run_bounded(ctx.get(), "listing your secret keys", [&] { return gpgme_op_keylist_start(ctx.get(), nullptr, 1); });
    ADD_FAILURE() << "a gpg that never answers was waited for to the end";
  } catch (const util::EnvironmentError& error) {
    EXPECT_THAT(error.what(), HasSubstr("did not answer within 1 seconds while listing your secret keys"));
    EXPECT_THAT(error.what(), HasSubstr("gpgconf --kill gpg-agent"));
  }
  // The gpg above would answer after 60 s, the default bound is 30 s: ending well before
  // both shows the bound of 1 s was kept, however busy the machine.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(25));
}

} // namespace bounded_operation_test
