#pragma once

#include <optional>
#include <string>

#include "git/repository.hpp"
#include "trust/problem.hpp"

namespace trust {

struct VerifyOptions {
  std::optional<std::string> trust_root; // a revision; else runbook.trustRoot, else the first commit
  bool use_cache = false; // re-check only what .git/runbook/verify-cache does not hold (VerifyCache)
};

// Re-checks history from the trust root (DESIGN §5): every commit of the protected
// branches and of the log branch, each against its parents' policy. Throws
// util::EnvironmentError when there is nothing to verify (no trust root, no policy).
[[nodiscard]] VerifyReport verify_history(const git::Repository& repo, const VerifyOptions& options);

} // namespace trust
