#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace core {

inline constexpr const char* k_runbooks_folder = "runbooks";

// A path of the form runbooks/<id>/v<N>.yaml, taken apart.
struct VersionPath {
  std::string id;
  int version = 0;
};

// The runbook id and version of a version file's path; nullopt when the path is not
// exactly runbooks/<id>/v<N>.yaml with a valid id and N >= 1 without leading zeros.
std::optional<VersionPath> parse_version_path(std::string_view path);

// runbooks/<id>/v<N>.yaml
std::string version_path(const std::string& id, int version);

// True for ids matching ^[a-z0-9][a-z0-9-]{0,62}$.
bool is_valid_runbook_id(std::string_view id);

} // namespace core
