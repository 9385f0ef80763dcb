#include "gpg/gnupg_home.hpp"

#include <cstdlib>
#include <system_error>

namespace gpg {

std::filesystem::path gnupg_home() {
  const char* home = std::getenv("GNUPGHOME");
  if (home == nullptr || *home == '\0') {
    const char* user_home = std::getenv("HOME");
    return std::filesystem::path(user_home != nullptr ? user_home : "/") / ".gnupg";
  }
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(home, error);
  return error ? std::filesystem::path(home) : absolute;
}

} // namespace gpg
