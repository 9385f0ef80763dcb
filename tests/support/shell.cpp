#include "support/shell.hpp"

#include <array>
#include <cstdio>

namespace test_support {

std::string shell_output(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    if (status != nullptr) {
      *status = -1;
    }
    return out;
  }
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    out.append(buffer.data(), n);
  }
  int code = ::pclose(pipe);
  if (status != nullptr) {
    *status = code;
  }
  return out;
}

} // namespace test_support
