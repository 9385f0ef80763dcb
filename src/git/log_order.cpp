#include "git/log_order.hpp"

#include <algorithm>
#include <map>

namespace git {

namespace {

// The files directly in `folder` (not in its sub-folders), by name.
std::map<std::string, TreeEntry> direct_files(const Repository& repo, const std::string& commit,
                                              const std::string& folder) {
  std::map<std::string, TreeEntry> files;
  for (TreeEntry& entry : repo.list_files_at(commit, folder)) {
    std::string name = entry.name.substr(folder.size() + 1);
    if (name.find('/') == std::string::npos) {
      files.emplace(name, std::move(entry));
    }
  }
  return files;
}

} // namespace

std::vector<TreeEntry> files_in_log_order(const Repository& repo, const std::string& tip, const std::string& folder) {
  std::map<std::string, TreeEntry> pending = direct_files(repo, tip, folder);
  std::vector<TreeEntry> newest_first;
  std::string at = tip;
  auto folder_here = repo.entry_at(at, folder);
  while (!pending.empty()) {
    std::vector<std::string> parents = repo.parents(at);
    std::optional<std::string> parent = parents.empty() ? std::nullopt : std::optional(parents.front());
    auto folder_before = parent ? repo.entry_at(*parent, folder) : std::nullopt;
    bool changed = !folder_before || !folder_here || folder_before->id != folder_here->id;
    if (changed) {
      std::map<std::string, TreeEntry> before =
          folder_before && parent ? direct_files(repo, *parent, folder) : std::map<std::string, TreeEntry>{};
      std::vector<TreeEntry> added;
      for (auto it = pending.begin(); it != pending.end();) {
        auto earlier = before.find(it->first);
        if (earlier == before.end() || earlier->second.id != it->second.id) {
          added.push_back(std::move(it->second));
          it = pending.erase(it);
        } else {
          ++it;
        }
      }
      std::reverse(added.begin(), added.end()); // reversed again below: name order
      newest_first.insert(newest_first.end(), added.begin(), added.end());
    }
    if (!parent) {
      break;
    }
    at = *parent;
    folder_here = folder_before;
  }
  std::reverse(newest_first.begin(), newest_first.end());
  return newest_first;
}

} // namespace git
