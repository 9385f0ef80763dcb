#include "core/runbook_paths.hpp"

#include <charconv>

namespace core {

bool is_valid_runbook_id(std::string_view id) {
  if (id.empty() || id.size() > 63) {
    return false;
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::optional<VersionPath> parse_version_path(std::string_view path) {
  std::string_view prefix = "runbooks/";
  if (path.substr(0, prefix.size()) != prefix) {
    return std::nullopt;
  }
  path.remove_prefix(prefix.size());
  std::size_t slash = path.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view id = path.substr(0, slash);
  std::string_view file = path.substr(slash + 1);
  if (!is_valid_runbook_id(id) || file.size() < 7 || file.front() != 'v' || file.substr(file.size() - 5) != ".yaml") {
    return std::nullopt;
  }
  std::string_view number = file.substr(1, file.size() - 6);
  if (number.empty() || number.size() > 6 || number.front() == '0' ||
      number.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  int version = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), version);
  if (error != std::errc() || end != number.data() + number.size()) {
    return std::nullopt;
  }
  return VersionPath{std::string(id), version};
}

std::string version_path(const std::string& id, int version) {
  return std::string(k_runbooks_folder) + "/" + id + "/v" + std::to_string(version) + ".yaml";
}

} // namespace core
