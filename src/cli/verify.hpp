#pragma once

#include <optional>
#include <string>

#include "cli/output.hpp"
#include "git/repository.hpp"

namespace cli {

struct VerifyCommandOptions {
  std::optional<std::string> trust_root;
  std::optional<std::string> range; // "A..B": only the commits B adds to A
  bool no_cache = false;
  Format format = Format::text;
};

// Verifies the history of `repo` and prints the report on stdout. Returns the number
// of problems found.
std::size_t print_verification(const git::Repository& repo, const VerifyCommandOptions& options);

} // namespace cli
