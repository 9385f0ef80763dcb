#include "cli/prompt.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <unistd.h>

#include <iostream>

namespace cli {

bool is_interactive() { return isatty(STDIN_FILENO) != 0 && isatty(STDERR_FILENO) != 0; }

std::string ask(const std::string& question) {
  std::cerr << question << " " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) {
    throw util::UsageError("no answer was given (input ended). Nothing more was recorded.");
  }
  return std::string(util::trim(line));
}

} // namespace cli
