#include "cli/unsent.hpp"

#include "cli/run_log.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <iostream>

namespace cli {

namespace {

std::filesystem::path refusals_file(Workspace& workspace) {
  return workspace.repo().git_dir() / "runbook" / "refused";
}

} // namespace

std::optional<std::string> default_remote(Workspace& workspace) {
  if (workspace.repo().config_string("remote.origin.url")) {
    return std::string("origin");
  }
  return std::nullopt;
}

std::map<std::string, std::string> remembered_refusals(Workspace& workspace) {
  std::map<std::string, std::string> refusals;
  auto text = util::read_file(refusals_file(workspace));
  if (!text) {
    return refusals;
  }
  for (const std::string& line : util::split(*text, '\n')) {
    std::size_t tab = line.find('\t');
    if (tab != std::string::npos) {
      refusals[line.substr(0, tab)] = line.substr(tab + 1);
    }
  }
  return refusals;
}

void remember_refusals(Workspace& workspace, const std::map<std::string, std::string>& refusals) {
  std::string text;
  for (const auto& [path, why] : refusals) {
    std::string one_line = why;
    for (char& c : one_line) {
      c = c == '\n' || c == '\t' ? ' ' : c;
    }
    text += path;
    text += '\t';
    text += one_line;
    text += '\n';
  }
  std::error_code ignored;
  std::filesystem::create_directories(refusals_file(workspace).parent_path(), ignored);
  util::write_file_atomic(refusals_file(workspace), text);
}

UnsentRecords unsent_records(Workspace& workspace) {
  UnsentRecords unsent;
  unsent.remote = default_remote(workspace);
  auto local = workspace.repo().resolve_ref(log_ref(workspace));
  if (!unsent.remote || !local) {
    return unsent; // without a remote nothing is ever sent
  }
  std::vector<std::string> hide;
  auto sent = workspace.repo().resolve_ref("refs/remotes/" + *unsent.remote + "/" + workspace.policy().log_branch);
  if (sent) {
    hide.push_back(*sent);
  }
  std::map<std::string, std::string> refusals = remembered_refusals(workspace);
  for (const std::string& commit : workspace.repo().commits_between(*local, hide)) {
    UnsentRecord item{commit, "", std::nullopt, std::nullopt};
    if (auto found = added_record_with_path(workspace, commit)) {
      item.path = found->first;
      item.record = std::move(found->second);
    }
    if (sent && !item.path.empty() && workspace.repo().entry_at(*sent, item.path)) {
      continue; // the server holds this record (a re-signed copy): sent, the local log follows on the next sync
    }
    if (auto why = refusals.find(item.path); why != refusals.end()) {
      item.refusal = why->second;
    }
    unsent.records.push_back(std::move(item));
  }
  // Records by someone else that a sync could not keep on the log branch.
  for (const auto& [ref, commit] : workspace.repo().all_refs()) {
    if (!util::starts_with(ref, "refs/runbook/unsent/")) {
      continue;
    }
    UnsentRecord item{commit, "", std::nullopt, "kept under " + ref + ": only its author can send it"};
    if (auto found = added_record_with_path(workspace, commit)) {
      item.path = found->first;
      item.record = std::move(found->second);
    }
    unsent.records.push_back(std::move(item));
  }
  return unsent;
}

nlohmann::json unsent_json(const UnsentRecords& unsent) {
  nlohmann::json list = nlohmann::json::array();
  for (const UnsentRecord& item : unsent.records) {
    nlohmann::json one{{"commit", item.commit}, {"record", item.path}};
    if (item.record) {
      one["run"] = item.record->run;
      one["event"] = core::describe_event(*item.record);
      one["by"] = item.record->by;
    }
    if (item.refusal) {
      one["refused"] = *item.refusal;
    }
    list.push_back(one);
  }
  return list;
}

void print_unsent(const UnsentRecords& unsent) {
  if (unsent.records.empty()) {
    return;
  }
  std::size_t refused = 0;
  std::cout << "\nNot sent to " << *unsent.remote << " yet (" << unsent.records.size() << "):\n";
  for (const UnsentRecord& item : unsent.records) {
    if (item.record) {
      const core::Record& record = *item.record;
      std::cout << "  " << (record.run.empty() ? "training" : record.run) << ": " << core::describe_event(record) << " by " << record.by << "  ("
                << item.path << ")\n";
    } else {
      std::cout << "  commit " << util::shorten(item.commit) << " (adds no readable record)\n";
    }
    if (item.refusal) {
      ++refused;
      std::cout << "    refused: " << *item.refusal << "\n";
    }
  }
  std::cout << (refused == 0 ? "Send them with `git runbook sync`.\n"
                             : "Fix what was refused and run `git runbook sync` again, or drop a record with "
                               "`git runbook sync --drop RECORD-PATH` (the decision is noted in its run).\n");
}

} // namespace cli
