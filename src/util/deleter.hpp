#pragma once

namespace util {

// The deleter of a std::unique_ptr that owns a C library's handle: `Free` is the
// library's own function (git_commit_free, pcre2_match_data_free, …).
template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* handle) const {
    Free(handle);
  }
};

} // namespace util
