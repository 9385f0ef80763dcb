#include "core/training.hpp"

#include "core/runbook_paths.hpp"
#include "core/utc_time.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <map>

namespace core {

namespace {

constexpr std::string_view k_ack_marker = "-ack-";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// "20261129T215012Z": the stamp of a record's file name.
bool is_stamp(std::string_view text) {
  constexpr std::string_view shape = "ddddddddTddddddZ";
  return text.size() == shape.size() && std::equal(text.begin(), text.end(), shape.begin(), [](char c, char expected) {
           return expected == 'd' ? is_digit(c) : c == expected;
         });
}

// "v12" -> 12; nullopt for anything else (v0, v012, v, 12).
std::optional<int> version_folder(std::string_view text) {
  if (text.size() < 2 || text.size() > 7 || text[0] != 'v' || text[1] == '0' ||
      !std::all_of(text.begin() + 1, text.end(), is_digit)) {
    return std::nullopt;
  }
  return std::stoi(std::string(text.substr(1)));
}

std::string ack_command(const Runbook& runbook) {
  return "git runbook ack " + runbook.id + " --version " + std::to_string(runbook.version);
}

} // namespace

std::string ack_folder(const std::string& runbook, int version) {
  return std::string(k_training_folder) + "/" + runbook + "/v" + std::to_string(version);
}

std::string ack_path(const Record& ack, const std::string& compact_second, const std::string& random4) {
  return ack_folder(ack.runbook, ack.version) + "/" + compact_second + std::string(k_ack_marker) + ack.by + "-" +
         random4 + ".yaml";
}

std::optional<AckPath> parse_ack_path(std::string_view path) {
  std::vector<std::string> parts = util::split(path, '/');
  if (parts.size() != 4 || parts[0] != k_training_folder || !is_valid_runbook_id(parts[1])) {
    return std::nullopt;
  }
  auto version = version_folder(parts[2]);
  const std::string& name = parts[3];
  // <16-char stamp>-ack-<person>-<4 hex>.yaml
  constexpr std::size_t stamp_size = 16;
  constexpr std::string_view tail = ".yaml";
  constexpr std::size_t suffix_size = 1 + 4 + tail.size(); // "-xxxx.yaml"
  if (!version || name.size() <= stamp_size + k_ack_marker.size() + suffix_size) {
    return std::nullopt;
  }
  std::string_view view(name);
  std::string_view stamp = view.substr(0, stamp_size);
  std::string_view marker = view.substr(stamp_size, k_ack_marker.size());
  std::string_view suffix = view.substr(view.size() - suffix_size);
  std::string_view person =
      view.substr(stamp_size + k_ack_marker.size(), view.size() - stamp_size - k_ack_marker.size() - suffix_size);
  std::string_view random4 = suffix.substr(1, 4);
  if (!is_stamp(stamp) || marker != k_ack_marker || suffix[0] != '-' || suffix.substr(5) != tail ||
      !std::all_of(random4.begin(), random4.end(), is_hex) || !is_valid_person_id(person)) {
    return std::nullopt;
  }
  return AckPath{parts[1], *version, std::string(person), std::string(stamp), std::string(random4)};
}

bool needs_acknowledgement(const Runbook& runbook, EventKind event) {
  return runbook.training == Training::required && (event == EventKind::start || event == EventKind::step);
}

std::optional<std::string> training_problem(const Runbook& runbook,
                                            const Record& record,
                                            const std::set<std::string>& acknowledged) {
  if (!needs_acknowledgement(runbook, record.event) || acknowledged.count(record.by) > 0) {
    return std::nullopt;
  }
  std::string version = runbook.id + " v" + std::to_string(runbook.version);
  return "runbook " + version + " requires training: " + record.by + " has not acknowledged having read v" +
         std::to_string(runbook.version) + " yet — read it (`git runbook show " + runbook.id + " --version " +
         std::to_string(runbook.version) + "`), then run `" + ack_command(runbook) + "`";
}

std::optional<std::string> ack_problem(const Runbook& runbook, const Person& signer, const Record& ack) {
  if (signer.status != PersonStatus::active) {
    return signer.id + " is " + std::string(to_string(signer.status)) + " in the policy and may no longer record";
  }
  if (!utc_millis(ack.at)) {
    return "the record's time \"" + ack.at + "\" is not a real UTC time (like 2026-11-29T21:50:12.345Z)";
  }
  if (ack.runbook != runbook.id || ack.version != runbook.version) {
    return "the acknowledgement names " + ack.runbook + " v" + std::to_string(ack.version) +
           " but pins the file of " + runbook.id + " v" + std::to_string(runbook.version);
  }
  if (!ack.run.empty() || ack.step || ack.outcome || !ack.evidence.empty() || !ack.inputs.empty()) {
    return "an acknowledgement belongs to no run and has no step, outcome, evidence or inputs";
  }
  return std::nullopt;
}

std::string ack_again_refusal(const Record& earlier) {
  return earlier.by + " already acknowledged " + earlier.runbook + " v" + std::to_string(earlier.version) + " (on " +
         earlier.at.substr(0, 10) + "); once per version is enough — `git runbook training " + earlier.runbook +
         "` shows who has";
}

std::vector<std::string> people_to_train(const Runbook& runbook, const Policy& policy) {
  std::vector<std::string> people;
  for (const Person& person : policy.people) {
    if (person.status != PersonStatus::active) {
      continue;
    }
    // Who may perform one of its steps: an operator (who records) holding the step's
    // own role, built-in or the team's, when it names one.
    bool needed = false;
    for (const Step& step : runbook.steps) {
      needed = needed || (person.roles.count(Role::operator_) > 0 && (!step.role || holds_role(person, *step.role)));
    }
    if (needed) {
      people.push_back(person.id);
    }
  }
  std::sort(people.begin(), people.end());
  return people;
}

VersionTraining version_training(const Runbook& runbook,
                                 const Policy& policy,
                                 const std::vector<Record>& acks,
                                 std::string published_at) {
  VersionTraining training{runbook.id, runbook.title, runbook.version, std::move(published_at), {}, {}};
  std::map<std::string, const Record*> first; // by person
  for (const Record& ack : acks) {
    if (ack.event != EventKind::ack || ack.runbook != runbook.id || ack.version != runbook.version) {
      continue;
    }
    auto [at, fresh] = first.emplace(ack.by, &ack);
    if (!fresh && ack.at < at->second->at) {
      at->second = &ack;
    }
  }
  for (const auto& [by, ack] : first) {
    training.acknowledged.push_back(Acknowledgement{by, ack->at, ack->note});
  }
  std::sort(training.acknowledged.begin(), training.acknowledged.end(),
            [](const Acknowledgement& a, const Acknowledgement& b) { return a.at < b.at || (a.at == b.at && a.by < b.by); });
  for (const std::string& person : people_to_train(runbook, policy)) {
    if (first.count(person) == 0) {
      training.missing.push_back(person);
    }
  }
  return training;
}

} // namespace core
