#include "core/record.hpp"

#include <regex>

namespace core {

std::string_view to_string(EventKind kind) {
  switch (kind) {
  case EventKind::start:
    return "start";
  case EventKind::step:
    return "step";
  case EventKind::approve:
    return "approve";
  case EventKind::note:
    return "note";
  case EventKind::finish:
    return "finish";
  }
  return "note";
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
  case Outcome::done:
    return "done";
  case Outcome::skipped:
    return "skipped";
  case Outcome::failed:
    return "failed";
  case Outcome::completed:
    return "completed";
  case Outcome::aborted:
    return "aborted";
  }
  return "done";
}

std::optional<EventKind> parse_event(std::string_view text) {
  for (EventKind kind : {EventKind::start, EventKind::step, EventKind::approve, EventKind::note, EventKind::finish}) {
    if (to_string(kind) == text) {
      return kind;
    }
  }
  return std::nullopt;
}

std::optional<Outcome> parse_outcome(std::string_view text) {
  for (Outcome outcome : {Outcome::done, Outcome::skipped, Outcome::failed, Outcome::completed, Outcome::aborted}) {
    if (to_string(outcome) == text) {
      return outcome;
    }
  }
  return std::nullopt;
}

std::string make_run_id(const std::string& runbook, const std::string& compact_minute, const std::string& random4) {
  return runbook + "-" + compact_minute + "-" + random4;
}

std::optional<std::string> run_folder(const std::string& run) {
  static const std::regex pattern("[a-z0-9][a-z0-9-]{0,62}-([0-9]{4})([0-9]{2})([0-9]{2})T[0-9]{4}Z-[0-9a-f]{4}");
  std::smatch match;
  if (!std::regex_match(run, match, pattern)) {
    return std::nullopt;
  }
  return std::string(k_runs_folder) + "/" + match[1].str() + "/" + match[2].str() + "/" + match[3].str() + "/" + run;
}

std::string record_path(const Record& record, const std::string& compact_second, const std::string& random4) {
  std::string name = compact_second + "-" + std::string(to_string(record.event));
  if (record.step) {
    name += "-" + *record.step;
  }
  return *run_folder(record.run) + "/" + name + "-" + random4 + ".yaml";
}

std::string describe_event(const Record& record) {
  switch (record.event) {
  case EventKind::start:
    return "started v" + std::to_string(record.version);
  case EventKind::step:
    return "step " + record.step.value_or("?") + " " +
           std::string(record.outcome ? to_string(*record.outcome) : "recorded");
  case EventKind::approve:
    return "approved step " + record.step.value_or("?");
  case EventKind::note:
    return "note";
  case EventKind::finish:
    return "finished, " + std::string(record.outcome ? to_string(*record.outcome) : "completed");
  }
  return "";
}

} // namespace core
