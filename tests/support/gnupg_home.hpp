#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "util/temp_dir.hpp"

namespace test_support {

// A throwaway GnuPG home for one test: GNUPGHOME points at it while the object lives,
// keys are generated in it (ed25519, no passphrase), and its agent is stopped and the
// folder removed at the end. Tests never touch ~/.gnupg.
class GnupgHome {
public:
  GnupgHome();
  ~GnupgHome();
  GnupgHome(const GnupgHome&) = delete;
  GnupgHome& operator=(const GnupgHome&) = delete;

  const std::filesystem::path& path() const { return m_dir.path(); }
  // Generates a signing key for "Name <email>" and returns its fingerprint.
  std::string make_key(const std::string& name, const std::string& email);

private:
  util::TempDir m_dir;
  std::optional<std::string> m_previous;
};

// A temporary folder with a new repository in it.
struct TempRepo {
  util::TempDir dir{"git-runbook-repo"};
};

} // namespace test_support
