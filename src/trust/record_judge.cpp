#include "trust/record_judge.hpp"
#include "trust/record_problems.hpp"

#include "core/record.hpp"
#include "core/record_rules.hpp"
#include "core/runbook_paths.hpp"
#include "core/training.hpp"
#include "git/log_order.hpp"
#include "gpg/digest.hpp"
#include "trust/training_log.hpp"
#include "util/text.hpp"
#include "yaml/record_yaml.hpp"
#include "yaml/runbook_yaml.hpp"

#include <algorithm>

namespace trust {

namespace {

// runs/<YYYY>/<MM>/<DD>/<run>/<file>: the run folder and the rest; nullopt elsewhere.
std::optional<std::pair<std::string, std::string>> split_run_path(const std::string& path) {
  std::vector<std::string> parts = util::split(path, '/');
  if (parts.size() < 6 || parts[0] != core::k_runs_folder) {
    return std::nullopt;
  }
  std::string folder = util::join(std::vector<std::string>(parts.begin(), parts.begin() + 5), "/");
  return std::make_pair(folder, path.substr(folder.size() + 1));
}

} // namespace

std::shared_ptr<const core::Runbook> RecordJudge::runbook_at(const std::string& blob) {
  auto known = m_runbooks.find(blob);
  if (known != m_runbooks.end()) {
    return known->second;
  }
  std::shared_ptr<const core::Runbook> runbook;
  if (auto text = m_repo.read_blob(blob)) {
    if (auto parsed = yaml::load_runbook(*text, blob)) {
      runbook = std::make_shared<const core::Runbook>(std::move(parsed).value());
    }
  }
  return m_runbooks[blob] = runbook;
}

RecordJudge::RunSoFar& RecordJudge::run_before(const std::string& run,
                                               const std::string& folder,
                                               const std::optional<std::string>& parent) {
  auto known = m_runs.find(run);
  if (known != m_runs.end()) {
    return known->second;
  }
  RunSoFar& so_far = m_runs[run];
  if (!parent) {
    return so_far;
  }
  std::vector<std::pair<std::string, core::Record>> found;
  for (const git::TreeEntry& entry : git::files_in_log_order(m_repo, *parent, folder)) {
    auto record = yaml::load_record(m_repo.read_blob(entry.id).value_or(""), entry.name);
    if (record) {
      found.emplace_back(entry.name,
                         std::move(record).value()); // a bad one was reported when it came
    }
  }
  so_far.records = found;
  if (!found.empty() && found.front().second.event == core::EventKind::start) {
    so_far.runbook = runbook_at(found.front().second.runbook_blob);
  }
  if (so_far.runbook) {
    for (auto& [path, record] : found) {
      core::apply(so_far.state, *so_far.runbook, record);
    }
  } else if (!found.empty() && found.front().second.event == core::EventKind::start) {
    so_far.state.start = found.front().second; // its version is not here: what it pins still counts
  }
  return so_far;
}

std::vector<Problem> RecordJudge::judge(const std::string& commit,
                                        const std::optional<std::string>& parent,
                                        const core::Person& signer) {
  std::vector<Problem> problems;
  std::optional<std::string> parent_tree =
      parent ? std::optional<std::string>(m_repo.tree_of(*parent)) : std::nullopt;
  std::vector<git::TreeEntry> records;
  std::vector<std::string> evidence;
  for (const git::FileChange& change : m_repo.file_changes(parent_tree, m_repo.tree_of(commit))) {
    if (change.kind != git::FileChange::Kind::added) {
      problems.push_back(record_problem(
          commit,
          "log-rewritten",
          "it changes or removes " + change.path + "; records are never changed once written",
          "add a note to the run instead (`git runbook note <run> \"…\"`) and remove this commit"));
      continue;
    }
    auto where = split_run_path(change.path);
    bool ack_file = !where && core::parse_ack_path(change.path);
    if (!where && !ack_file) {
      problems.push_back(record_problem(
          commit,
          "outside-runs",
          "it adds " + change.path +
              ", outside runs/ and training/<runbook>/v<N>/: the log branch holds records only"));
    } else if (change.new_mode != 0100644) {
      problems.push_back(
          record_problem(commit,
                         "not-regular-file",
                         change.path + " is not a regular file (a link, a folder link or an executable)"));
    } else if (ack_file || where->second.find('/') == std::string::npos) {
      records.push_back(git::TreeEntry{change.path, change.new_id, change.new_mode});
    } else if (util::starts_with(where->second, "evidence/") &&
               where->second.find('/', 9) == std::string::npos) {
      evidence.push_back(change.path);
    } else {
      problems.push_back(
          record_problem(commit,
                         "outside-runs",
                         "it adds " + change.path + ", which is neither a record nor evidence"));
    }
  }
  if (records.size() != 1 && problems.empty()) {
    problems.push_back(record_problem(commit,
                                      "one-record",
                                      "it adds " + std::to_string(records.size()) +
                                          " record files; each commit of the log adds exactly one"));
  }
  if (!problems.empty()) {
    return problems;
  }
  const git::TreeEntry& file = records.front();
  auto loaded = yaml::load_record(m_repo.read_blob(file.id).value_or(""), file.name);
  if (!loaded) {
    return {record_problem(commit,
                           "invalid-record",
                           std::string(util::trim(core::format_all(loaded.error()))))};
  }
  core::Record record = std::move(loaded).value();
  if (auto ack = core::parse_ack_path(file.name)) {
    return judge_ack(commit, file.name, *ack, record, signer);
  }
  if (record.event == core::EventKind::ack) {
    return {record_problem(commit,
                           "misplaced-record",
                           file.name + " holds an acknowledgement, which belongs under " +
                               core::ack_folder(record.runbook, record.version) + "/, not in a run")};
  }
  std::string folder = split_run_path(file.name)->first;
  std::string name = file.name.substr(folder.size() + 1);
  if (core::run_folder(record.run) != folder || name.size() < 26 ||
      core::record_path(record, name.substr(0, 16), name.substr(name.size() - 9, 4)) != file.name) {
    problems.push_back(record_problem(commit,
                                      "misplaced-record",
                                      file.name + " is not where a " +
                                          std::string(core::to_string(record.event)) + " record of run " +
                                          record.run + " belongs"));
  }
  if (auto wrong = signer_problem(commit, record, signer)) {
    problems.push_back(*wrong);
  }
  RunSoFar& run = run_before(record.run, folder, parent);
  if (auto pin = pin_problem(commit, record, run)) {
    problems.push_back(*pin);
  }
  if (problems.empty()) {
    if (record.event == core::EventKind::start) {
      if (auto runbook = runbook_at(record.runbook_blob)) {
        run.runbook = runbook;
      }
    }
    if (!run.runbook) {
      problems.push_back(
          record_problem(commit,
                         "no-start",
                         "run " + record.run + " has no readable start record before this one"));
    } else if (auto wrong = core::hard_problem(run.state, *run.runbook, signer, record)) {
      problems.push_back(record_problem(commit, "record-rule", *wrong));
    } else if (auto untrained = training_problem(commit, parent, *run.runbook, record)) {
      problems.push_back(*untrained);
    }
  }
  std::vector<Problem> evidence_found = evidence_problems(commit, folder, record, evidence);
  problems.insert(problems.end(), evidence_found.begin(), evidence_found.end());
  if (run.runbook) {
    core::apply(run.state, *run.runbook, record);
  } else if (record.event == core::EventKind::start && !run.state.start) {
    run.state.start = record; // its version is not here: what it pins still counts
  }
  run.records.emplace_back(file.name, std::move(record));
  run.judged.push_back(commit);
  return problems;
}

std::optional<Problem> RecordJudge::training_problem(const std::string& commit,
                                                     const std::optional<std::string>& parent,
                                                     const core::Runbook& runbook,
                                                     const core::Record& record) const {
  if (!core::needs_acknowledgement(runbook, record.event)) {
    return std::nullopt;
  }
  auto untrained = core::training_problem(
      runbook, record, acknowledged_by(m_repo, parent, record.runbook, record.version));
  if (!untrained) {
    return std::nullopt;
  }
  return record_problem(commit,
                        "training-required",
                        *untrained,
                        "if this record has not been sent yet, its author takes it back with `git runbook sync "
                        "--drop <record path>`, acknowledges the version with `git runbook ack " +
                            record.runbook + " --version " + std::to_string(record.version) +
                            "` and records it again; if the server already holds it, tell an admin");
}

std::vector<Problem> RecordJudge::judge_ack(const std::string& commit,
                                            const std::string& path,
                                            const core::AckPath& where,
                                            const core::Record& ack,
                                            const core::Person& signer) {
  std::vector<Problem> problems;
  if (ack.event != core::EventKind::ack || core::ack_path(ack, where.compact_second, where.random4) != path) {
    problems.push_back(record_problem(commit,
                                      "misplaced-record",
                                      path + " is not where " +
                                          (ack.event == core::EventKind::ack
                                               ? "an acknowledgement of " + ack.runbook + " v" +
                                                     std::to_string(ack.version) + " by " + ack.by
                                               : "a " + std::string(core::to_string(ack.event)) + " record") +
                                          " belongs"));
    return problems;
  }
  if (auto wrong = signer_problem(commit, ack, signer)) {
    problems.push_back(*wrong);
  }
  if (auto missing = not_fetched_problem(commit, ack)) {
    problems.push_back(*missing);
  } else if (auto pin = start_pin_problem(commit, ack)) {
    problems.push_back(*pin);
  }
  if (!problems.empty()) {
    return problems;
  }
  auto runbook = runbook_at(ack.runbook_blob);
  if (!runbook) {
    problems.push_back(record_problem(
        commit, "invalid-record", "the acknowledgement pins " + ack.runbook_blob + ", which is not a readable runbook"));
  } else if (auto wrong = core::hard_problem(core::RunState{}, *runbook, signer, ack)) {
    problems.push_back(record_problem(commit, "record-rule", *wrong));
  }
  return problems;
}

void RecordJudge::forget_runs() {
  for (auto& [id, run] : m_runs) {
    if (!run.judged.empty()) {
      m_forgotten[id] = std::move(run);
    }
  }
  m_runs.clear();
}

void RecordJudge::add_notices(std::vector<Notice>& notices, const RunSoFar& run, std::int64_t now_ms) const {
  if (!run.runbook || run.judged.empty()) {
    return;
  }
  const std::vector<std::pair<std::string, core::Record>>& records = run.records;
  core::RunState state;
  std::vector<core::Flag> flags;
  for (std::size_t at = 0; at < records.size(); ++at) {
    core::apply(state, *run.runbook, records[at].second);
    if (auto ahead = core::clock_flag(records[at].second, at, now_ms)) {
      flags.push_back(*ahead);
    }
  }
  flags.insert(flags.end(), state.flags.begin(), state.flags.end());
  for (const core::Flag& flag : flags) {
    const auto& [path, record] = records[flag.record];
    notices.push_back(
        Notice{record.run, path, std::string(core::to_string(flag.kind)), flag.message, flag.people, run.judged});
  }
}

std::vector<Notice> RecordJudge::notices(std::int64_t now_ms) const {
  std::vector<Notice> found;
  for (const auto& [id, run] : m_forgotten) {
    if (m_runs.count(id) == 0) {
      add_notices(found, run, now_ms);
    }
  }
  for (const auto& [id, run] : m_runs) {
    add_notices(found, run, now_ms);
  }
  return found;
}

} // namespace trust
