#include "gpg/agent_socket.hpp"

#include "support/shell.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

// The tool finds gpg-agent's socket by GnuPG's own rule, without a gpgconf process at
// every command (GPGME can tell it only by starting gpgconf, and not at all while its
// gpgconf use is off: gpg/context.cpp). Here GnuPG itself, `gpgconf --list-dirs`, is
// asked for the same homes, so a GnuPG that changes its rule fails this test.
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
  EXPECT_EQ(gpg::agent_socket_of(home).string(), said) << "for the GnuPG home " << home;
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

} // namespace agent_socket_test
