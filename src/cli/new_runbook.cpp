#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "cli/templates.hpp"
#include "core/runbook_paths.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "yaml/field_edit.hpp"
#include "yaml/runbook_yaml.hpp"

#include <iostream>

namespace cli {

namespace {

struct NewOptions {
  std::string id;
  std::string template_name = "blank";
  std::optional<std::string> title;
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

void run_new(const NewOptions& options) {
  require_runbook_id(options.id);
  Workspace workspace = Workspace::open();
  std::string path = core::version_path(options.id, 1);
  if (latest_version(committed_files(workspace), options.id) > 0 ||
      latest_version(published_files(workspace), options.id) > 0) {
    throw util::RuleError("the runbook \"" + options.id + "\" already exists. Change it with `git runbook edit " +
                          options.id + "`, or choose another id.");
  }
  std::filesystem::path file = workspace.workdir() / path;
  if (std::filesystem::exists(file)) {
    throw util::RuleError(path + " already exists (not published yet). Edit it, then `git runbook publish " +
                          options.id + "`; or delete it to start again.");
  }
  std::string owner = current_person(workspace);
  std::string text = read_template(options.template_name);
  text = replace_all(text, "__ID__", options.id);
  text = replace_all(text, "__OWNER__", owner);
  std::vector<std::string> lines = util::split(text, '\n');
  if (!lines.empty() && util::starts_with(lines[0], "# yaml-language-server:")) {
    lines.erase(lines.begin());
  }
  std::erase_if(lines, [](const std::string& line) { return util::starts_with(line, "# template:"); });
  text = std::string(yaml::k_runbook_schema_line) + "\n" + util::join(lines, "\n");
  if (options.title) {
    text = yaml::set_top_level_field(text, "title", yaml::inline_scalar(*options.title), "version");
  }
  core::Diagnostics problems = yaml::validate_runbook_file(text, path, &workspace.policy());
  if (!problems.empty()) {
    throw util::RuleError("the new runbook would not be valid, so nothing was written:\n" +
                          core::format_all(problems));
  }
  util::write_file_atomic(file, text);
  say("wrote " + path + " from the template \"" + options.template_name + "\", with you (" + owner + ") as owner.");
  say("next: edit it, check it with `git runbook validate " + path + "`, then `git runbook publish " + options.id +
      "`.");
  std::cout << path << "\n";
}

} // namespace

void register_new(CLI::App& app) {
  auto options = std::make_shared<NewOptions>();
  CLI::App* command = app.add_subcommand("new", "Start a new runbook (runbooks/<id>/v1.yaml) from a template.");
  command->add_option("id", options->id, "The runbook's id, e.g. payroll-change (lower-case, digits, -)")->required();
  command->add_option("--template,-t", options->template_name, "The template to start from (default: blank)");
  command->add_option("--title", options->title, "The runbook's title");
  command->footer("Examples:\n  git runbook new payroll-change --template compliance-audit --title \"Payroll change\"\n"
                  "  git runbook templates      # lists the templates");
  command->callback([options] { run_new(*options); });
}

} // namespace cli
