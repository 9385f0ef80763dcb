#include "cli/commands.hpp"
#include "cli/editor.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "core/runbook_paths.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "yaml/field_edit.hpp"

#include <iostream>

namespace cli {

namespace {

struct EditOptions {
  std::string id;
};

void run_edit(const EditOptions& options) {
  require_runbook_id(options.id);
  Workspace workspace = Workspace::open();
  std::vector<core::TreeFile> published = published_files(workspace);
  int latest = latest_version(published, options.id);
  if (latest == 0) {
    int committed = latest_version(committed_files(workspace), options.id);
    if (committed > 0) {
      throw util::RuleError("runbook \"" + options.id + "\" is not published yet, so you can still change " +
                            core::version_path(options.id, committed) + " directly.");
    }
    throw util::RuleError("there is no published runbook \"" + options.id +
                          "\". `git runbook list` shows the runbooks; `git runbook new " + options.id +
                          "` starts one.");
  }
  std::string path = core::version_path(options.id, latest + 1);
  std::filesystem::path file = workspace.workdir() / path;
  if (std::filesystem::exists(file)) {
    say(path + " already exists: continuing with it.");
  } else {
    std::string source = core::version_path(options.id, latest);
    std::optional<std::string> text;
    for (const core::TreeFile& entry : published) {
      if (entry.path == source) {
        text = workspace.repo().read_blob(entry.blob);
      }
    }
    if (!text) {
      throw util::EnvironmentError("could not read " + source + " from the repository. Run `git fsck`.");
    }
    std::string draft = yaml::set_top_level_field(*text, "version", std::to_string(latest + 1));
    draft = yaml::set_top_level_field(draft, "change", "\"\"", "version");
    util::write_file_atomic(file, draft);
    say("wrote " + path + ", a copy of v" + std::to_string(latest) + " with the version raised to " +
        std::to_string(latest + 1) + ".");
  }
  bool edited = open_in_editor(file);
  say(std::string(edited ? "next: " : "next: edit it, and ") + "fill in `change:` (why this version exists), then " +
      "check it with `git runbook diff " + options.id + "` and `git runbook publish " + options.id + "`.");
  std::cout << path << "\n";
}

} // namespace

void register_edit(CLI::App& app) {
  auto options = std::make_shared<EditOptions>();
  CLI::App* command = app.add_subcommand(
      "edit", "Start the next version of a published runbook: copies the latest to v<N+1>.yaml and opens your editor.");
  command->add_option("id", options->id, "The runbook's id")->required();
  command->footer("Example:\n  git runbook edit payroll-change      # writes runbooks/payroll-change/v3.yaml\n"
                  "Published versions never change; each change is a new version file.");
  command->callback([options] { run_edit(*options); });
}

} // namespace cli
