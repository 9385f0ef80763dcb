#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/runbook_files.hpp"
#include "util/error.hpp"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

namespace cli {

namespace {

struct ListOptions {
  Format format = Format::text;
};

void run_list(const ListOptions& options) {
  Workspace workspace = Workspace::open();
  std::vector<core::TreeFile> files = committed_files(workspace);
  nlohmann::json rows = nlohmann::json::array();
  for (const std::string& id : runbook_ids(files)) {
    int latest = latest_version(files, id);
    core::Runbook runbook = read_committed_version(workspace, id, latest);
    rows.push_back({{"id", id}, {"title", runbook.title}, {"version", latest}, {"owner", runbook.owner},
                    {"steps", runbook.steps.size()}});
  }
  if (options.format == Format::json) {
    std::cout << nlohmann::json{{"runbooks", rows}}.dump(2) << "\n";
    return;
  }
  if (rows.empty()) {
    say("no runbook is committed on this branch yet. Start one with `git runbook new <id> --template …`.");
    return;
  }
  std::cout << std::left << std::setw(28) << "ID" << std::setw(9) << "VERSION" << std::setw(16) << "OWNER" << "TITLE\n";
  for (const auto& row : rows) {
    std::cout << std::left << std::setw(28) << row["id"].get<std::string>() << std::setw(9)
              << ("v" + std::to_string(row["version"].get<int>())) << std::setw(16) << row["owner"].get<std::string>()
              << row["title"].get<std::string>() << "\n";
  }
}

} // namespace

void register_list(CLI::App& app) {
  auto options = std::make_shared<ListOptions>();
  CLI::App* command = app.add_subcommand("list", "List the runbooks: id, latest version, owner and title.");
  add_format_option(*command, options->format);
  command->footer("Example:\n  git runbook list");
  command->callback([options] { run_list(*options); });
}

} // namespace cli
