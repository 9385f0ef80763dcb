#pragma once

#include <string>

#include "core/policy.hpp"

namespace core {

// What a ref name is to the server (DESIGN §6).
enum class RefKind {
  protected_branch, // refs/heads/<a protected branch>
  log_branch,       // refs/heads/<the log branch>
  review_branch,    // any other refs/heads/…
  tag,              // refs/tags/…: signed annotated tags only
  allowed_other,    // a ref the policy's allowed_refs lists
  refused,          // anything else (notes, pull refs, …)
};

RefKind classify_ref(const Policy& policy, const std::string& ref);

} // namespace core
