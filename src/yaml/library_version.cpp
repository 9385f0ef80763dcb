#include "yaml/library_version.hpp"

#include <link.h>

#include <filesystem>
#include <string_view>

#ifndef GIT_RUNBOOK_YAML_CPP_VERSION
#define GIT_RUNBOOK_YAML_CPP_VERSION "unknown"
#endif

namespace yaml {

namespace {

// dl_iterate_phdr's callback: the first loaded object named libyaml-cpp.so…, by path.
int find_yaml_cpp(dl_phdr_info* info, std::size_t /*size*/, void* found) {
  std::string_view name = info->dlpi_name != nullptr ? info->dlpi_name : "";
  if (name.find("/libyaml-cpp.so") == std::string_view::npos) {
    return 0;
  }
  *static_cast<std::string*>(found) = std::string(name);
  return 1;
}

} // namespace

std::string yaml_cpp_version() {
  std::string loaded;
  dl_iterate_phdr(find_yaml_cpp, &loaded);
  if (loaded.empty()) {
    return GIT_RUNBOOK_YAML_CPP_VERSION ", linked in";
  }
  std::error_code error;
  std::string file = std::filesystem::canonical(loaded, error).filename().string();
  constexpr std::string_view k_stem = "libyaml-cpp.so.";
  return error || file.rfind(k_stem, 0) != 0 ? file : file.substr(k_stem.size());
}

} // namespace yaml
