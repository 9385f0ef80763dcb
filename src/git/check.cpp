#include "git/check.hpp"

#include "util/error.hpp"

#include <git2.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace git {

std::string last_error_message() {
  const git_error* error = git_error_last();
  if (error == nullptr || error->message == nullptr) {
    return "unknown error";
  }
  return error->message;
}

void check(int rc, std::string_view context) {
  if (rc < 0) {
    int system_error = errno;
    std::string detail = last_error_message();
    if (detail == "unknown error" && system_error != 0) {
      detail = std::strerror(system_error); // libgit2 left no message, the system did
    }
    std::string message = std::string(context) + ": " + detail;
    if (rc == GIT_ELOCKED) {
      message += ". Another git command may be running; if none is, remove the stale "
                 "'.lock' file it names and try again.";
    } else if (message.find("No space left on device") != std::string::npos ||
               message.find("Disk quota exceeded") != std::string::npos) {
      message += ". The disk is full: free some space and try again. No branch was moved, so "
                 "nothing was changed.";
    }
    throw util::EnvironmentError(message);
  }
}

bool check_found(int rc, std::string_view context) {
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return false;
  }
  check(rc, context);
  return true;
}

std::string libgit2_version() {
  int major = 0;
  int minor = 0;
  int revision = 0;
  git_libgit2_version(&major, &minor, &revision);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(revision);
}

void initialise_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    check(git_libgit2_init(), "starting libgit2");
    check(git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1), "turning on libgit2's flush of what it writes");
    // Objects read are cached per repository, by default up to 256 MiB: walking a long
    // history would keep every commit and folder it reads. What is read again soon is
    // far less: the signature batch checked ahead (k_signature_batch commits) and the
    // folders of the commit before. 4 MiB of object bytes (about 10 MiB of memory once
    // libgit2 has parsed them) holds that with room to spare, as libgit2 evicts at
    // random rather than the oldest first; 16 MiB took verify of 10,000 records to
    // 72 MiB without making it faster.
    check(git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(4) * 1024 * 1024),
          "setting the size of libgit2's cache");
  });
}

} // namespace git

namespace git {

void isolate_config(const std::string& folder) {
  initialise_libgit2();
  for (git_config_level_t level : {GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM,
                                   GIT_CONFIG_LEVEL_PROGRAMDATA}) {
    check(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, folder.c_str()), "setting git's configuration folder");
  }
}

} // namespace git
