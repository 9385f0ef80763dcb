#include "cli/training_report.hpp"

#include "cli/run_log.hpp"
#include "core/runbook_paths.hpp"
#include "git/raw_commit.hpp"
#include "trust/protected_copies.hpp"
#include "trust/training_log.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

#include <map>

namespace cli {

namespace {

// The UTC day a commit was made, by its committer line ("… 1700000000 +0000"); "" when
// it cannot be read.
std::string commit_day(const git::Repository& repo, const std::string& commit) {
  auto raw = repo.read_raw(commit);
  auto parsed = raw ? git::parse_raw_commit(raw->bytes) : util::Result<git::RawCommit>::failure("missing");
  if (!parsed) {
    return "";
  }
  std::vector<std::string> words = util::split(parsed->committer, ' ');
  if (words.size() < 2) {
    return "";
  }
  try {
    return util::utc_day(std::stol(words[words.size() - 2]));
  } catch (const std::exception&) {
    return "";
  }
}

} // namespace

std::vector<core::VersionTraining> collect_training(Workspace& workspace, const std::optional<std::string>& runbook) {
  auto [branch, source] = protected_source(workspace);
  std::map<std::pair<std::string, int>, std::string> versions; // (id, N) -> blob, in order
  for (const git::TreeEntry& entry : workspace.repo().list_files_at(source, core::k_runbooks_folder)) {
    auto where = core::parse_version_path(entry.name);
    if (where && (!runbook || where->id == *runbook)) {
      versions[{where->id, where->version}] = entry.id;
    }
  }
  auto log_tip = workspace.repo().resolve_ref(log_ref(workspace));
  std::map<std::string, std::vector<core::Record>> acks; // by runbook
  if (log_tip) {
    for (auto& [path, ack] : trust::acknowledgements_at(workspace.repo(), *log_tip, runbook)) {
      acks[ack.runbook].push_back(std::move(ack));
    }
  }
  trust::PublishingCommits publishing(workspace.repo(), {source});
  std::vector<core::VersionTraining> found;
  for (const auto& [where, blob] : versions) {
    auto version = pinned_version(workspace, blob);
    if (!version || version->training != core::Training::required) {
      continue;
    }
    auto published = publishing.find(core::version_path(where.first, where.second), blob);
    found.push_back(core::version_training(*version, workspace.policy(), acks[where.first],
                                           published ? commit_day(workspace.repo(), *published) : ""));
  }
  return found;
}

nlohmann::json training_json(const std::vector<core::VersionTraining>& versions) {
  nlohmann::json out = nlohmann::json::array();
  for (const core::VersionTraining& version : versions) {
    nlohmann::json acknowledged = nlohmann::json::array();
    for (const core::Acknowledgement& ack : version.acknowledged) {
      nlohmann::json item{{"by", ack.by}, {"at", ack.at}};
      if (ack.note) {
        item["note"] = *ack.note;
      }
      acknowledged.push_back(item);
    }
    out.push_back({{"runbook", version.runbook},
                   {"title", version.title},
                   {"version", version.version},
                   {"published", version.published_at},
                   {"acknowledged", acknowledged},
                   {"missing", version.missing}});
  }
  return out;
}

std::string named(const std::map<std::string, std::string>& names, const std::string& id) {
  auto found = names.find(id);
  return found == names.end() || found->second.empty() || found->second == id ? id : found->second + " (" + id + ")";
}

std::string acknowledged_list(const core::VersionTraining& version, const std::map<std::string, std::string>& names) {
  std::vector<std::string> parts;
  for (const core::Acknowledgement& ack : version.acknowledged) {
    std::string person = named(names, ack.by); // "Alice Martin (alice)" or "alice"
    std::string day = ack.at.substr(0, 10);
    if (person != ack.by) {
      person.pop_back(); // "Alice Martin (alice, 2026-12-02)": one pair of brackets
      person.append(", ").append(day).append(")");
    } else {
      person.append(" (").append(day).append(")");
    }
    parts.push_back(std::move(person));
  }
  return parts.empty() ? "nobody yet" : util::join(parts, ", ");
}

std::string missing_list(const core::VersionTraining& version, const std::map<std::string, std::string>& names) {
  if (version.missing.empty()) {
    return "nobody";
  }
  std::vector<std::string> people;
  for (const std::string& id : version.missing) {
    people.push_back(named(names, id));
  }
  std::string waiting = names.empty() ? " (waiting since " + version.published_at + ")"
                                      : " — waiting since " + version.published_at;
  return util::join(people, ", ") + (version.published_at.empty() ? "" : waiting);
}

std::string training_text(const core::VersionTraining& version) {
  return version.runbook + " v" + std::to_string(version.version) + " \"" + version.title + "\"" +
         (version.published_at.empty() ? "" : " — published " + version.published_at) +
         "\n  acknowledged: " + acknowledged_list(version) + "\n  not yet:      " + missing_list(version);
}

} // namespace cli
