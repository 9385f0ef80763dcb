#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace util {

// One regular file of an archive: its path inside the archive ("folder/name") and its
// bytes.
struct TarEntry {
  std::string name;
  std::string data;
};

// What a tar reader accepts at most, so that a hostile archive cannot make it use
// unbounded memory.
struct TarLimits {
  std::uint64_t max_file_size = std::uint64_t{1} << 31; // 2 GiB
  std::size_t max_files = 10000;
};

// An uncompressed POSIX ustar archive of `entries`, in the order given: regular files,
// mode 0644, owner 0, the modification time `mtime` (seconds since 1970), so the same
// entries give the same bytes. Throws util::UsageError when a name does not fit the
// ustar header (at most 255 bytes, split at a '/') or is not a plain relative path.
std::string write_tar(const std::vector<TarEntry>& entries, std::int64_t mtime);

// The regular files of a ustar archive, strictly: every header's checksum, magic and
// size are checked; names must be relative paths without ".", ".." or empty parts;
// links, devices, extended headers and duplicate names are refused; the data must not
// end early and the archive must end with its zero blocks. Folder entries are skipped.
// The failure says what is wrong and at which entry, in plain words.
Result<std::vector<TarEntry>> read_tar(std::string_view archive, const TarLimits& limits = {});

// Whether `name` is a plain relative path: not empty, not absolute, no "", "." or ".."
// parts, no backslash or control character.
bool is_plain_relative_path(std::string_view name);

} // namespace util
