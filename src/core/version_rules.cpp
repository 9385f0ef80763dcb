#include "core/version_rules.hpp"

#include "core/runbook_paths.hpp"

#include <map>
#include <set>

namespace core {

namespace {

using Files = std::map<std::string, const TreeFile*>;

Files by_path(const std::vector<TreeFile>& files) {
  Files map;
  for (const TreeFile& file : files) {
    map.emplace(file.path, &file);
  }
  return map;
}


std::string edit_advice(const std::string& path) {
  auto where = parse_version_path(path);
  return where ? "publish a new version instead with `git runbook edit " + where->id + "`"
               : "publish a new version instead with `git runbook edit <id>`";
}

// What a change to the published file `path` breaks, and how to undo it.
std::string published_problem(const std::string& path, const char* change, const char* undo) {
  return path + " is published and cannot " + change + " — " + edit_advice(path) + ", and " + undo +
         " with `git restore --staged --worktree " + path + "`";
}

} // namespace

std::vector<VersionProblem> check_version_changes(const std::vector<TreeFile>& published,
                                                  const std::vector<TreeFile>& before,
                                                  const std::vector<TreeFile>& after) {
  std::vector<VersionProblem> problems;
  Files published_files = by_path(published);
  Files before_files = by_path(before);
  Files after_files = by_path(after);

  for (const auto& [path, file] : published_files) {
    auto now = after_files.find(path);
    if (now == after_files.end()) {
      if (before_files.count(path) > 0) {
        problems.push_back({path, published_problem(path, "be removed or renamed", "restore the file")});
      }
    } else if (now->second->blob != file->blob || now->second->mode != file->mode) {
      problems.push_back({path, published_problem(path, "change", "undo the edit")});
    }
  }

  std::set<std::string> touched_runbooks;
  for (const auto& [path, file] : after_files) {
    auto old = before_files.find(path);
    bool changed = old == before_files.end() || old->second->blob != file->blob || old->second->mode != file->mode;
    if (!changed) {
      continue;
    }
    auto where = parse_version_path(path);
    if (!where) {
      problems.push_back({path, path + " does not belong in runbooks/: only runbooks/<id>/v<N>.yaml files live "
                                       "there (id: lower-case letters, digits and -) — move or rename it"});
      continue;
    }
    if (file->mode != 0100644) {
      problems.push_back({path, path + " must be an ordinary file (not a link, a submodule or an executable) — "
                                       "replace it with a plain copy"});
    }
    touched_runbooks.insert(where->id);
  }

  for (const auto& [path, file] : before_files) {
    if (after_files.count(path) == 0) {
      if (auto where = parse_version_path(path)) {
        touched_runbooks.insert(where->id); // a removed draft can leave a gap
      }
    }
  }

  // Consecutive numbers for every runbook the change touches.
  std::map<std::string, std::set<int>> versions;
  for (const auto& [path, file] : after_files) {
    if (auto where = parse_version_path(path); where && touched_runbooks.count(where->id) > 0) {
      versions[where->id].insert(where->version);
    }
  }
  for (const auto& [id, numbers] : versions) {
    int expected = 1;
    for (int number : numbers) {
      if (number != expected) {
        problems.push_back({version_path(id, number),
                            version_path(id, number) + " skips version " + std::to_string(expected) +
                                " — versions are numbered 1, 2, 3 … without gaps; rename it to v" +
                                std::to_string(expected) + ".yaml"});
        break;
      }
      ++expected;
    }
  }
  return problems;
}

} // namespace core
