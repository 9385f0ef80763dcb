#include "trust/training_log.hpp"

#include "core/training.hpp"
#include "yaml/record_yaml.hpp"

namespace trust {

std::set<std::string> acknowledged_by(const git::Repository& repo,
                                      const std::optional<std::string>& log_commit,
                                      const std::string& runbook,
                                      int version) {
  std::set<std::string> people;
  if (!log_commit) {
    return people;
  }
  std::string folder = core::ack_folder(runbook, version);
  for (const git::TreeEntry& entry : repo.list_tree_at(*log_commit, folder)) {
    auto ack = core::parse_ack_path(folder + "/" + entry.name);
    if (ack && entry.mode == 0100644) {
      people.insert(ack->by);
    }
  }
  return people;
}

std::vector<std::pair<std::string, core::Record>> acknowledgements_at(const git::Repository& repo,
                                                                      const std::string& log_commit,
                                                                      const std::optional<std::string>& runbook) {
  std::string folder = std::string(core::k_training_folder) + (runbook ? "/" + *runbook : "");
  std::vector<std::pair<std::string, core::Record>> found;
  for (const git::TreeEntry& entry : repo.list_files_at(log_commit, folder)) {
    if (!core::parse_ack_path(entry.name)) {
      continue;
    }
    auto record = yaml::read_checked_record(repo.read_blob(entry.id).value_or(""), entry.name);
    if (record && record->event == core::EventKind::ack) {
      found.emplace_back(entry.name, std::move(record).value());
    }
  }
  return found;
}

} // namespace trust
