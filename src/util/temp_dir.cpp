#include "util/temp_dir.hpp"

#include "util/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

namespace util {

TempDir::TempDir(std::string_view prefix) {
  std::error_code ec;
  auto base = std::filesystem::temp_directory_path(ec);
  if (ec) {
    base = "/tmp";
  }
  std::string pattern = (base / (std::string(prefix) + "-XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw EnvironmentError("could not make a temporary folder in " + base.string() + ": " +
                           std::strerror(errno) + ". Check that the disk is not full.");
  }
  m_path = buffer.data();
}

TempDir::~TempDir() {
  if (!m_path.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
}

TempDir::TempDir(TempDir&& other) noexcept : m_path(std::move(other.m_path)) {
  other.m_path.clear();
}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    TempDir old(std::move(*this));
    m_path = std::move(other.m_path);
    other.m_path.clear();
  }
  return *this;
}

std::filesystem::path TempDir::release() {
  auto path = m_path;
  m_path.clear();
  return path;
}

} // namespace util
