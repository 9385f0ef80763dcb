#include "support/gnupg_home.hpp"

#include "gpg/context.hpp"
#include "gpg/key_generation.hpp"

#include <cstdlib>

namespace test_support {

namespace {
// The tests sign as the signing commands do, with GnuPG told to say where its agent
// listens (gpg::prepare_for_signing): before any test starts GnuPG.
[[maybe_unused]] const bool k_prepared_for_signing = (gpg::prepare_for_signing(), true);
} // namespace

GnupgHome::GnupgHome() : m_dir("git-runbook-gnupg") {
  std::filesystem::permissions(m_dir.path(), std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  if (const char* previous = std::getenv("GNUPGHOME")) {
    m_previous = previous;
  }
  ::setenv("GNUPGHOME", m_dir.path().c_str(), 1);
}

GnupgHome::~GnupgHome() {
  gpg::stop_agent(m_dir.path());
  if (m_previous) {
    ::setenv("GNUPGHOME", m_previous->c_str(), 1);
  } else {
    ::unsetenv("GNUPGHOME");
  }
}

std::string GnupgHome::make_key(const std::string& name, const std::string& email) {
  return gpg::generate_signing_key(m_dir.path(), name + " <" + email + ">");
}

} // namespace test_support
