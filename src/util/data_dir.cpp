#include "util/data_dir.hpp"

#include "util/error.hpp"

#include <array>
#include <system_error>

namespace util {

std::filesystem::path own_executable() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    throw EnvironmentError("cannot tell where git-runbook is installed (/proc/self/exe: " + ec.message() + ")");
  }
  return self;
}

std::filesystem::path data_dir() {
  std::filesystem::path bin = own_executable().parent_path();
  const std::array<std::filesystem::path, 3> candidates = {
      bin.parent_path() / "share" / "git-runbook",
      bin.parent_path(), // a build folder inside the source tree
      std::filesystem::path(GIT_RUNBOOK_SOURCE_DIR),
  };
  for (const auto& candidate : candidates) {
    std::error_code ec;
    if (std::filesystem::is_directory(candidate / "templates", ec) &&
        std::filesystem::is_directory(candidate / "hooks", ec)) {
      return candidate;
    }
  }
  throw EnvironmentError("git-runbook's templates and hooks were not found next to " + bin.string() +
                         " (expected ../share/git-runbook). Reinstall git-runbook.");
}

} // namespace util
