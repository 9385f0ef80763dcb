#pragma once

#include <optional>
#include <string>
#include <utility>

#include "cli/output.hpp"
#include "git/repository.hpp"
#include "trust/problem.hpp"

namespace cli {

struct VerifyCommandOptions {
  std::optional<std::string> trust_root;
  std::optional<std::string> range; // "A..B": only the commits B adds to A
  bool no_cache = false;
  Format format = Format::text;
};

// "A..B" as its two revisions. Throws util::UsageError naming `option` otherwise.
std::pair<std::string, std::string> split_range(const std::string& range, const std::string& option);

// The verdict of the server's hook on a push that moves `branch` from `base` to `tip`
// when the server holds exactly `base` there: the one judge of trust::check_push, as
// `verify --range` and `review` use it.
trust::VerifyReport judge_push(const git::Repository& repo, const std::string& base, const std::string& tip,
                               const std::string& branch, const std::optional<std::string>& trust_root);

// Verifies the history of `repo` and prints the report on stdout. Returns the number
// of problems found.
std::size_t print_verification(const git::Repository& repo, const VerifyCommandOptions& options);

} // namespace cli
