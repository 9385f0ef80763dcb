#include "util/data_dir.hpp"

#include "util/error.hpp"

#include <system_error>

namespace util {

namespace {

bool holds_data(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_directory(dir / "templates", ec) &&
         std::filesystem::is_directory(dir / "hooks", ec);
}

} // namespace

std::filesystem::path own_executable() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    throw EnvironmentError(
        "cannot tell where git-runbook is installed (/proc/self/exe: " + ec.message() + ")");
  }
  return self;
}

std::filesystem::path data_dir() {
  std::filesystem::path bin = own_executable().parent_path();
  std::filesystem::path installed = bin.parent_path() / "share" / "git-runbook";
  if (holds_data(installed)) {
    return installed;
  }
  // Only the binary in the very folder it was built in uses the source tree: a copy
  // anywhere else (an installed or unpacked package) must never pick up files from a
  // source tree that happens to exist on the same machine.
  std::error_code ec;
  if (std::filesystem::equivalent(bin, GIT_RUNBOOK_BUILD_DIR, ec) &&
      holds_data(GIT_RUNBOOK_SOURCE_DIR)) {
    return GIT_RUNBOOK_SOURCE_DIR;
  }
  throw EnvironmentError(
      "git-runbook's templates and hook scripts are missing: they belong in " + installed.string() +
      " (the share/git-runbook folder beside the bin folder that holds git-runbook). "
      "Reinstall git-runbook, or unpack its whole package rather than the binary alone.");
}

} // namespace util
