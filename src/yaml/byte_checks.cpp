#include "yaml/byte_checks.hpp"

#include "yaml/strict_yaml.hpp"

namespace yaml {

namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is invalid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size() || (length == 2 && c < 0xC2) || (length == 4 && c > 0xF4)) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) >> 6) != 0x2) {
      return 0;
    }
  }
  if (length == 3) {
    unsigned char c1 = byte(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
      return 0; // overlong, or a UTF-16 surrogate
    }
  }
  if (length == 4) {
    unsigned char c1 = byte(i + 1);
    if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
      return 0;
    }
  }
  return length;
}

} // namespace

std::optional<core::Diagnostic> check_bytes(std::string_view text, const std::string& file) {
  if (text.size() > k_max_file_size) {
    return core::Diagnostic{file, 0, 0,
                            "the file is larger than 1 MiB — split it up or remove what is not needed"};
  }
  int line = 1;
  int column = 1;
  bool at_line_start = true;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '\0') {
      return core::Diagnostic{file, line, column, "the file contains a NUL byte — save it as plain UTF-8 text"};
    }
    std::size_t length = utf8_length(text, i);
    if (length == 0) {
      return core::Diagnostic{file, line, column, "the file is not valid UTF-8 here — save it as UTF-8 text"};
    }
    if (c == '\t' && at_line_start) {
      return core::Diagnostic{file, line, column, "a tab is used for indentation — indent with spaces"};
    }
    if (c == '\n') {
      ++line;
      column = 1;
      at_line_start = true;
    } else {
      at_line_start = at_line_start && c == ' ';
      ++column;
    }
    i += length;
  }
  return std::nullopt;
}


} // namespace yaml
