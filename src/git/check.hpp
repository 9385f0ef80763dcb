#pragma once

#include <string>
#include <string_view>

namespace git {

// The one check every libgit2 call goes through: on a negative return code it throws
// util::EnvironmentError with `context` (what we were doing, in plain words) and
// libgit2's own message.
void check(int rc, std::string_view context);

// Like check, but GIT_ENOTFOUND returns false instead of throwing, so that "not found"
// can become std::optional at the wrapper.
[[nodiscard]] bool check_found(int rc, std::string_view context);

// libgit2's last error message, or "unknown error".
std::string last_error_message();

// The version of the libgit2 this process runs with, asked of the library ("1.5.1").
std::string libgit2_version();

// Makes libgit2 ready: initialises it once and turns on fsync of objects and refs, so
// a record that was reported written survives a power cut.
void initialise_libgit2();

// Makes libgit2 read global and system settings from `folder` instead of the user's
// own (~/.gitconfig, /etc/gitconfig): the demo must not depend on, or touch, them.
void isolate_config(const std::string& folder);

} // namespace git
