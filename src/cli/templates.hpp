#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cli {

struct TemplateInfo {
  std::string name;        // "incident-response"
  std::string description; // its "# template:" line
  std::filesystem::path path;
};

// The templates installed with the binary, by name.
std::vector<TemplateInfo> list_templates();

// A template's text; throws UsageError listing the templates when there is no such one.
std::string read_template(const std::string& name);

} // namespace cli
