#include "core/ref_rules.hpp"

#include "util/text.hpp"

#include <algorithm>

namespace core {

namespace {

bool matches(const std::string& pattern, const std::string& ref) {
  if (!pattern.empty() && pattern.back() == '*') {
    return util::starts_with(ref, std::string_view(pattern).substr(0, pattern.size() - 1));
  }
  return pattern == ref;
}

} // namespace

RefKind classify_ref(const Policy& policy, const std::string& ref) {
  const std::string heads = "refs/heads/";
  if (util::starts_with(ref, heads) && ref.size() > heads.size()) {
    std::string branch = ref.substr(heads.size());
    if (policy.is_protected(branch)) {
      return RefKind::protected_branch;
    }
    return branch == policy.log_branch ? RefKind::log_branch : RefKind::review_branch;
  }
  if (util::starts_with(ref, "refs/tags/") && ref.size() > 10) {
    return RefKind::tag;
  }
  bool allowed = std::any_of(policy.allowed_refs.begin(),
                             policy.allowed_refs.end(),
                             [&](const std::string& pattern) { return matches(pattern, ref); });
  return allowed ? RefKind::allowed_other : RefKind::refused;
}

} // namespace core
