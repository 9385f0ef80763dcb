#include "gpg/agent_socket.hpp"

#include "gpg/gcrypt_handles.hpp"

#include <array>
#include <cstdlib>
#include <string>
#include <system_error>
#include <unistd.h>

namespace gpg {

namespace {

// z-base-32 (GnuPG's common/zb32.c): what names a home's socket folder.
std::string zbase32(const unsigned char* bytes, std::size_t size) {
  static constexpr std::string_view k_digits = "ybndrfg8ejkmcpqxot1uwisza345h769";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8U) | bytes[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(k_digits[(buffer >> static_cast<unsigned>(bits)) & 0x1FU]);
    }
  }
  if (bits > 0) {
    out.push_back(k_digits[(buffer << static_cast<unsigned>(5 - bits)) & 0x1FU]);
  }
  return out;
}

std::filesystem::path default_home() {
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : "/") / ".gnupg";
}

std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  return path;
}

} // namespace

std::filesystem::path gnupg_home() {
  const char* home = std::getenv("GNUPGHOME");
  if (home == nullptr || *home == '\0') {
    return default_home();
  }
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(home, error);
  return error ? std::filesystem::path(home) : absolute;
}

std::filesystem::path guessed_agent_socket() { return agent_socket_of(gnupg_home()); }

std::filesystem::path agent_socket_of(const std::filesystem::path& home) {
  std::string uid = std::to_string(::getuid());
  for (const char* base : {"/run/user/", "/var/run/user/"}) {
    std::filesystem::path run_dir = std::filesystem::path(base + uid) / "gnupg";
    std::error_code error;
    if (!std::filesystem::is_directory(run_dir, error)) {
      continue;
    }
    std::string home_text = without_trailing_slashes(home.string());
    if (home_text == without_trailing_slashes(default_home().string())) {
      return run_dir / "S.gpg-agent";
    }
    initialise_gcrypt();
    std::array<unsigned char, 20> digest{};
    gcry_md_hash_buffer(GCRY_MD_SHA1, digest.data(), home_text.data(), home_text.size());
    return run_dir / ("d." + zbase32(digest.data(), 15)) / "S.gpg-agent";
  }
  return home / "S.gpg-agent";
}

} // namespace gpg
