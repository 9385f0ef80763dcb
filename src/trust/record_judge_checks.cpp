#include "trust/record_judge.hpp"
#include "trust/record_problems.hpp"

#include "core/record_rules.hpp"
#include "core/runbook_paths.hpp"
#include "gpg/digest.hpp"
#include "util/text.hpp"

// The checks of what a record points at: the runbook version it pins, where that was
// published, and the evidence files its commit adds.
namespace trust {

std::optional<Problem> RecordJudge::pin_problem(const std::string& commit,
                                                const core::Record& record,
                                                const RunSoFar& run) {
  if (record.event != core::EventKind::start) {
    const core::Record* start = run.state.start ? &*run.state.start : nullptr;
    if (start != nullptr && (record.runbook != start->runbook || record.version != start->version ||
                             record.runbook_blob != start->runbook_blob ||
                             record.source_commit != start->source_commit)) {
      return record_problem(commit,
                            "pin-mismatch",
                            "the record names another runbook version than its run's start (" +
                                start->runbook + " v" + std::to_string(start->version) + ")");
    }
    // The run's version could not be read: when this clone lacks it, every record of the
    // run waits for the same fetch (not for a start it does have).
    return start != nullptr && !run.runbook ? not_fetched_problem(commit, *start) : std::nullopt;
  }
  if (auto missing = not_fetched_problem(commit, record)) {
    return missing;
  }
  return start_pin_problem(commit, record);
}

// A version and source commit this repository lacks were published where a clone has
// not fetched from yet: a reason to fetch, never to withdraw the record. On a server
// what it lacks was never published there (start_pin_problem says so).
std::optional<Problem> RecordJudge::not_fetched_problem(const std::string& commit,
                                                        const core::Record& start) const {
  const std::optional<std::string>& fetch = m_published.fetch_command;
  if (!fetch) {
    return std::nullopt;
  }
  std::string version = core::version_path(start.runbook, start.version) + " (" +
                        util::shorten(start.runbook_blob) + ")";
  bool have_blob = m_repo.object_size(start.runbook_blob).has_value();
  auto source = m_repo.read_raw(start.source_commit);
  if (have_blob && source && source->kind == git::ObjectKind::commit) {
    return std::nullopt;
  }
  return record_problem(
      commit,
      "not-published",
      have_blob
          ? "the run follows " + version + " as read from commit " +
                util::shorten(start.source_commit) +
                " of the protected branch, which this clone does not have yet"
          : "the run follows " + version + ", published in a commit this clone does not have yet",
      "fetch it with `" + *fetch +
          "` (or `git runbook sync`), then verify again; the record itself needs no change. If it "
          "is still missing after fetching, the version was never published: tell an admin");
}

// The repository holds the version and its source commit: the version must be the file
// at a protected tip whose history holds the source commit. What no protected copy
// publishes is not published, unless the clone's copies are out of date.
std::optional<Problem> RecordJudge::start_pin_problem(const std::string& commit,
                                                      const core::Record& record) const {
  std::string path = core::version_path(record.runbook, record.version);
  std::string version = path + " (" + util::shorten(record.runbook_blob) + ")";
  auto source = m_repo.read_raw(record.source_commit);
  bool have_source = source && source->kind == git::ObjectKind::commit;
  const std::optional<std::string>& fetch = m_published.fetch_command;
  bool published = false;
  for (const std::string& tip : m_published.tips) {
    auto at_tip = m_repo.entry_at(tip, path);
    if (!at_tip || at_tip->id != record.runbook_blob) {
      continue;
    }
    published = true;
    if (have_source && m_repo.is_ancestor(record.source_commit, tip)) {
      auto at_source = m_repo.entry_at(record.source_commit, path);
      if (at_source && at_source->id == record.runbook_blob) {
        return std::nullopt;
      }
    }
  }
  std::string stale = fetch ? "if it was published after this clone last fetched, run `" + *fetch +
                                  "` and verify again; otherwise "
                            : "";
  if (!published) {
    return record_problem(
        commit,
        "not-published",
        "the run follows " + version + ", which is not published on the protected branch",
        stale + "publish the runbook first (`git runbook publish " + record.runbook +
            "`, then `git push`) and start the run again; its author takes the "
            "unsent records of this run back with `git runbook sync --drop <record path>`");
  }
  return record_problem(commit,
                        "not-published",
                        "the run names source commit " + util::shorten(record.source_commit) +
                            ", which is not on the protected branch or does not hold " + path,
                        stale + k_fix_record);
}

std::vector<Problem>
RecordJudge::evidence_problems(const std::string& commit,
                               const std::string& folder,
                               const core::Record& record,
                               const std::vector<std::string>& added_evidence) {
  std::vector<Problem> problems;
  std::vector<std::string> named;
  for (const core::EvidenceItem& item : record.evidence) {
    if (!item.file) {
      continue;
    }
    std::string path = folder + "/" + *item.file;
    named.push_back(path);
    auto entry = m_repo.entry_at(commit, path);
    auto size = entry ? m_repo.object_size(entry->id) : std::nullopt;
    if (!entry || !size) {
      problems.push_back(
          record_problem(commit,
                         "missing-evidence",
                         "the record names evidence " + path + ", which the commit does not hold"));
      continue;
    }
    if (*size > k_max_evidence_bytes) {
      problems.push_back(
          record_problem(commit,
                         "too-large",
                         path + " is larger than 50 MiB",
                         "store the file elsewhere and record a link to it with --evidence https://…"));
      continue;
    }
    std::string content = m_repo.read_blob(entry->id).value_or("");
    if (content.size() != item.size || gpg::sha256_hex(content) != item.sha256) {
      problems.push_back(record_problem(commit,
                                        "evidence-mismatch",
                                        "the evidence file " + path +
                                            " does not match the size and sha256 its record gives"));
    }
  }
  for (const std::string& path : added_evidence) {
    if (std::find(named.begin(), named.end(), path) == named.end()) {
      problems.push_back(record_problem(
          commit, "stray-file", "the commit adds " + path + ", which its record does not name"));
    }
  }
  return problems;
}

std::optional<std::string> RecordJudge::pinned_source(const std::string& commit,
                                                      const std::optional<std::string>& parent) const {
  std::optional<std::string> parent_tree = parent ? std::optional<std::string>(m_repo.tree_of(*parent)) : std::nullopt;
  for (const git::FileChange& change : m_repo.file_changes(parent_tree, m_repo.tree_of(commit))) {
    auto where = split_run_path(change.path);
    bool record_file = (where && where->second.find('/') == std::string::npos) || core::parse_ack_path(change.path);
    if (change.kind == git::FileChange::Kind::added && record_file) {
      auto record = yaml::load_record(m_repo.read_blob(change.new_id).value_or(""), change.path);
      return record ? std::optional(record->source_commit) : std::nullopt;
    }
  }
  return std::nullopt;
}

} // namespace trust
