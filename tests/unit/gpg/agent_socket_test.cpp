#include "gpg/context.hpp"

#include "support/shell.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

// The tool asks GnuPG where an agent listens through GPGME (gpg::agent_socket_of), in
// the processes that sign (the tests are such a process: support/gnupg_home.cpp). Here
// `gpgconf --list-dirs` is asked on the command line for the same homes: GPGME must
// pass each home on, not answer for the user's keyring.
namespace agent_socket_test {

namespace fs = std::filesystem;

// What gpgconf says for `home` ("" when gpgconf is missing or fails).
std::string gpgconf_agent_socket(const fs::path& home) {
  int status = 0;
  std::string out =
      test_support::shell_output("gpgconf --homedir '" + home.string() + "' --list-dirs agent-socket 2>/dev/null",
                                 &status);
  if (status != 0) {
    return "";
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
    out.pop_back();
  }
  return out;
}

void expect_as_gnupg_says(const fs::path& home) {
  std::string said = gpgconf_agent_socket(home);
  if (said.empty()) {
    GTEST_SKIP() << "gpgconf is not installed or did not answer";
  }
  std::optional<fs::path> told = gpg::agent_socket_of(home);
  ASSERT_TRUE(told.has_value()) << "GPGME gave no agent socket for " << home;
  EXPECT_EQ(told->string(), said) << "for the GnuPG home " << home;
}

TEST(AgentSocket, IsWhereGnupgSaysForAThrowawayHome) {
  util::TempDir dir("git-runbook-socket");
  expect_as_gnupg_says(dir.path());
}

TEST(AgentSocket, IsWhereGnupgSaysForALongHome) {
  // Longer than a socket address may be: GnuPG then keeps it under /run/user when it can.
  util::TempDir dir("git-runbook-socket");
  fs::path home = dir.path() / std::string(120, 'h');
  fs::create_directories(home);
  expect_as_gnupg_says(home);
}

TEST(AgentSocket, IsWhereGnupgSaysForAHomeWithSpaces) {
  util::TempDir dir("git-runbook-socket");
  fs::path home = dir.path() / "my keys";
  fs::create_directories(home);
  expect_as_gnupg_says(home);
}

TEST(AgentSocket, OfTheUsersKeyringFollowsGnupghome) {
  util::TempDir dir("git-runbook-socket");
  fs::path home = dir.path() / "keys";
  fs::create_directories(home);
  const char* previous = std::getenv("GNUPGHOME");
  std::optional<std::string> saved = previous != nullptr ? std::optional<std::string>(previous) : std::nullopt;
  ::setenv("GNUPGHOME", home.c_str(), 1);
  std::optional<fs::path> told = gpg::agent_socket_of();
  std::string said = gpgconf_agent_socket(home);
  saved ? ::setenv("GNUPGHOME", saved->c_str(), 1) : ::unsetenv("GNUPGHOME");
  if (said.empty()) {
    GTEST_SKIP() << "gpgconf is not installed or did not answer";
  }
  ASSERT_TRUE(told.has_value());
  EXPECT_EQ(told->string(), said);
}

} // namespace agent_socket_test
