#pragma once

#include <filesystem>
#include <string_view>

namespace util {

// A freshly made private directory (mode 0700) that is removed with everything in it
// when the object goes away. Move-only. Throws EnvironmentError when it cannot be made.
class TempDir {
public:
  explicit TempDir(std::string_view prefix = "git-runbook");
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  // Stops the directory from being removed; returns its path.
  std::filesystem::path release();

private:
  std::filesystem::path m_path;
};

} // namespace util
