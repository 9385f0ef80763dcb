#include "cli/version.hpp"

#include "git/check.hpp"
#include "gpg/context.hpp"
#include "gpg/gcrypt_handles.hpp"
#include "util/pattern.hpp"
#include "yaml/library_version.hpp"

#ifndef GIT_RUNBOOK_VERSION
#define GIT_RUNBOOK_VERSION "unknown"
#endif

namespace cli {

std::string version_text() {
  std::string text = std::string("git-runbook ") + GIT_RUNBOOK_VERSION + "\n";
  text += "  libgit2 " + git::libgit2_version() + "\n";
  text += "  GPGME " + gpg::gpgme_version() + "\n";
  text += "  libgcrypt " + gpg::gcrypt_version() + "\n";
  text += "  yaml-cpp " + yaml::yaml_cpp_version() + "\n";
  text += "  PCRE2 " + util::pcre2_version();
  return text;
}

} // namespace cli
