#include "util/tar.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

namespace util {

namespace {

constexpr std::size_t k_block = 512;

// The fields of a ustar header (POSIX.1-1988), as offsets and lengths.
struct Field {
  std::size_t offset;
  std::size_t size;
};
constexpr Field k_name{0, 100};
constexpr Field k_mode{100, 8};
constexpr Field k_uid{108, 8};
constexpr Field k_gid{116, 8};
constexpr Field k_size{124, 12};
constexpr Field k_mtime{136, 12};
constexpr Field k_checksum{148, 8};
constexpr Field k_type{156, 1};
constexpr Field k_magic{257, 6};
constexpr Field k_version{263, 2};
constexpr Field k_prefix{345, 155};

using Header = std::array<char, k_block>;

void put_octal(Header& header, Field field, std::uint64_t value) {
  // size-1 digits, then a NUL, as POSIX shows them.
  std::string digits(field.size - 1, '0');
  for (std::size_t at = digits.size(); at-- > 0 && value > 0; value /= 8) {
    digits[at] = static_cast<char>('0' + value % 8);
  }
  std::copy(digits.begin(), digits.end(), header.begin() + static_cast<std::ptrdiff_t>(field.offset));
}

void put_text(Header& header, Field field, std::string_view text) {
  std::copy(text.begin(), text.end(), header.begin() + static_cast<std::ptrdiff_t>(field.offset));
}

std::uint64_t checksum_of(const char* header) {
  std::uint64_t sum = 0;
  for (std::size_t at = 0; at < k_block; ++at) {
    bool in_checksum = at >= k_checksum.offset && at < k_checksum.offset + k_checksum.size;
    sum += in_checksum ? ' ' : static_cast<unsigned char>(header[at]);
  }
  return sum;
}

// A field's text up to its first NUL.
std::string_view text_of(const char* header, Field field) {
  std::string_view all(header + field.offset, field.size);
  return all.substr(0, all.find('\0'));
}

// An octal number field: digits, optionally surrounded by spaces and ended by NULs.
std::optional<std::uint64_t> octal_of(const char* header, Field field) {
  std::string_view all(header + field.offset, field.size);
  std::size_t begin = all.find_first_not_of(' ');
  if (begin == std::string_view::npos) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  std::size_t at = begin;
  for (; at < all.size() && all[at] >= '0' && all[at] <= '7'; ++at) {
    if (value > (std::uint64_t{1} << 60)) {
      return std::nullopt;
    }
    value = value * 8 + static_cast<std::uint64_t>(all[at] - '0');
  }
  if (at == begin) {
    return std::nullopt;
  }
  for (; at < all.size(); ++at) {
    if (all[at] != ' ' && all[at] != '\0') {
      return std::nullopt;
    }
  }
  return value;
}

bool all_zero(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == '\0'; });
}

std::string padding_for(std::size_t size) { return std::string((k_block - size % k_block) % k_block, '\0'); }

} // namespace

bool is_plain_relative_path(std::string_view name) {
  if (name.empty() || name.front() == '/') {
    return false;
  }
  std::size_t begin = 0;
  while (begin <= name.size()) {
    std::size_t end = std::min(name.find('/', begin), name.size());
    std::string_view part = name.substr(begin, end - begin);
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
    begin = end + 1;
  }
  return std::none_of(name.begin(), name.end(),
                      [](char c) { return c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::string write_tar(const std::vector<TarEntry>& entries, std::int64_t mtime) {
  std::string archive;
  for (const TarEntry& entry : entries) {
    if (!is_plain_relative_path(entry.name)) {
      throw UsageError("\"" + entry.name + "\" cannot be a file name in an archive: it must be a relative path");
    }
    std::string_view name = entry.name;
    std::string_view prefix;
    if (name.size() > k_name.size) {
      std::size_t split = name.rfind('/', k_prefix.size);
      if (split == std::string_view::npos || name.size() - split - 1 > k_name.size) {
        throw UsageError("the file name \"" + entry.name + "\" is too long for an archive (255 bytes at most)");
      }
      prefix = name.substr(0, split);
      name = name.substr(split + 1);
    }
    Header header{};
    put_text(header, k_name, name);
    put_octal(header, k_mode, 0644);
    put_octal(header, k_uid, 0);
    put_octal(header, k_gid, 0);
    put_octal(header, k_size, entry.data.size());
    put_octal(header, k_mtime, static_cast<std::uint64_t>(std::max<std::int64_t>(mtime, 0)));
    put_text(header, k_type, "0");
    put_text(header, k_magic, std::string_view("ustar\0", 6));
    put_text(header, k_version, "00");
    put_text(header, k_prefix, prefix);
    std::uint64_t sum = checksum_of(header.data());
    // Six digits, a NUL and a space, as POSIX tar writes the checksum.
    put_octal(header, Field{k_checksum.offset, 7}, sum);
    header[k_checksum.offset + 7] = ' ';
    archive.append(header.data(), header.size());
    archive.append(entry.data);
    archive.append(padding_for(entry.data.size()));
  }
  archive.append(2 * k_block, '\0');
  return archive;
}

Result<std::vector<TarEntry>> read_tar(std::string_view archive, const TarLimits& limits) {
  using Failure = Result<std::vector<TarEntry>>;
  std::vector<TarEntry> entries;
  std::set<std::string> names;
  std::size_t at = 0;
  while (true) {
    std::string where = "entry " + std::to_string(entries.size() + 1) + " of the archive";
    if (archive.size() - at < k_block) {
      return Failure::failure("the archive ends early, at " + where +
                              ": it was cut short (copied or downloaded only in part)");
    }
    const char* header = archive.data() + at;
    if (all_zero(std::string_view(header, k_block))) {
      if (archive.size() - at < 2 * k_block || !all_zero(archive.substr(at + k_block, k_block))) {
        return Failure::failure("the archive ends early, at " + where + ": its closing zero blocks are missing");
      }
      if ((archive.size() - at) % k_block != 0 || !all_zero(archive.substr(at))) {
        return Failure::failure("the archive has data after its end (" + where +
                                ", after the end marker): something was appended to it");
      }
      return entries;
    }
    std::string name(text_of(header, k_name));
    std::string prefix(text_of(header, k_prefix));
    if (!prefix.empty()) {
      name = prefix.append("/").append(name);
    }
    std::string entry = "the entry \"";
    entry.append(name).append("\" (").append(where).append(")");
    auto recorded = octal_of(header, k_checksum);
    if (!recorded || *recorded != checksum_of(header)) {
      return Failure::failure(entry + " has a header whose checksum does not match: the archive is damaged");
    }
    if (text_of(header, k_magic) != "ustar" || std::string_view(header + k_version.offset, 2) != "00") {
      return Failure::failure(entry + " is not in the POSIX ustar format this tool writes");
    }
    char type = header[k_type.offset];
    auto size = octal_of(header, k_size);
    if (!size) {
      return Failure::failure(entry + " has an unreadable size field: the archive is damaged");
    }
    bool folder = type == '5';
    if (type != '0' && type != '\0' && !folder) {
      std::string kind = type == '1' ? "a hard link" : type == '2' ? "a symbolic link" : "not a regular file";
      return Failure::failure(entry.append(" is ").append(kind).append("; an evidence archive holds only plain files"));
    }
    if (folder && !name.empty() && name.back() == '/') {
      name.pop_back();
    }
    if (!is_plain_relative_path(name)) {
      return Failure::failure(entry + " has a name that is not a plain relative path (absolute, empty, or with "
                              "\"..\" or \".\"); it is refused so that nothing is written outside its folder");
    }
    if (*size > limits.max_file_size) {
      return Failure::failure(entry + " is larger (" + std::to_string(*size) + " bytes) than the " +
                              std::to_string(limits.max_file_size) + " bytes accepted");
    }
    at += k_block;
    if (archive.size() - at < *size) {
      return Failure::failure(entry + " ends early: the archive was cut short (copied or downloaded only in part)");
    }
    if (folder) {
      if (*size != 0) {
        return Failure::failure(entry + " is a folder with content: the archive is damaged");
      }
      continue;
    }
    if (!names.insert(name).second) {
      return Failure::failure(entry + " appears twice; a reader could not tell which copy counts");
    }
    if (entries.size() >= limits.max_files) {
      return Failure::failure("the archive holds more than " + std::to_string(limits.max_files) + " files");
    }
    entries.push_back(TarEntry{name, std::string(archive.substr(at, *size))});
    std::size_t padded = *size + padding_for(*size).size();
    if (archive.size() - at < padded) {
      return Failure::failure(entry + " ends early: the archive was cut short (copied or downloaded only in part)");
    }
    at += padded;
  }
}

} // namespace util
