#include "cli/templates.hpp"

#include "cli/commands.hpp"
#include "util/data_dir.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace cli {

std::vector<TemplateInfo> list_templates() {
  std::vector<TemplateInfo> templates;
  for (const auto& entry : std::filesystem::directory_iterator(util::data_dir() / "templates")) {
    if (entry.path().extension() != ".yaml") {
      continue;
    }
    TemplateInfo info{entry.path().stem().string(), "", entry.path()};
    std::string text = util::read_file(entry.path()).value_or("");
    for (const std::string& line : util::split(text, '\n')) {
      if (util::starts_with(line, "# template:")) {
        info.description = std::string(util::trim(line.substr(11)));
        break;
      }
    }
    templates.push_back(info);
  }
  std::sort(templates.begin(), templates.end(),
            [](const TemplateInfo& a, const TemplateInfo& b) { return a.name < b.name; });
  return templates;
}

std::string read_template(const std::string& name) {
  for (const TemplateInfo& info : list_templates()) {
    if (info.name == name) {
      return util::read_file(info.path).value_or("");
    }
  }
  std::vector<std::string> names;
  for (const TemplateInfo& info : list_templates()) {
    names.push_back(info.name);
  }
  throw util::UsageError("there is no template \"" + name + "\". Templates: " + util::join(names, ", ") +
                         " (`git runbook templates` describes them).");
}

void register_templates(CLI::App& app) {
  CLI::App* command = app.add_subcommand("templates", "List the templates that `new --template` can start from.");
  command->footer("Example:\n  git runbook templates\n  git runbook new payroll-change --template compliance-audit");
  command->callback([] {
    for (const TemplateInfo& info : list_templates()) {
      std::cout << std::left << std::setw(22) << info.name << info.description << "\n";
    }
  });
}

} // namespace cli
