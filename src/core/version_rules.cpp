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

VersionProblem problem_of(std::string path, std::string what, std::string local_fix, std::string push_fix) {
  std::string message = what + " — " + local_fix;
  return {std::move(path), std::move(what), std::move(local_fix), std::move(push_fix), std::move(message)};
}

// What a change to the published file `path` breaks, and how to undo it.
VersionProblem published_problem(const std::string& path, const char* change, const char* undo) {
  return problem_of(path, path + " is published and cannot " + change,
                    edit_advice(path) + ", and " + undo + " with `git restore --staged --worktree " + path + "`",
                    edit_advice(path));
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
        problems.push_back(published_problem(path, "be removed or renamed", "restore the file"));
      }
    } else if (now->second->blob != file->blob || now->second->mode != file->mode) {
      problems.push_back(published_problem(path, "change", "undo the edit"));
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
      problems.push_back(problem_of(path,
                                    path + " does not belong in runbooks/: only runbooks/<id>/v<N>.yaml files live "
                                           "there (id: lower-case letters, digits and -)",
                                    "move or rename it", "move or rename it"));
      continue;
    }
    if (file->mode != 0100644) {
      problems.push_back(problem_of(path,
                                    path + " must be an ordinary file (not a link, a submodule or an executable)",
                                    "replace it with a plain copy", "replace it with a plain copy"));
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
        std::string rename = "versions are numbered 1, 2, 3 … without gaps; rename it to v" +
                             std::to_string(expected) + ".yaml";
        problems.push_back(problem_of(version_path(id, number),
                                      version_path(id, number) + " skips version " + std::to_string(expected),
                                      rename, rename));
        break;
      }
      ++expected;
    }
  }
  return problems;
}

} // namespace core
