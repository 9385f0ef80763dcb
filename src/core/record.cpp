#include "core/record.hpp"

#include "core/runbook_paths.hpp"
#include "core/training.hpp"

#include <algorithm>
#include <string_view>

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
  case EventKind::ack:
    return "ack";
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
  for (EventKind kind : {EventKind::start, EventKind::step, EventKind::approve, EventKind::note, EventKind::finish, EventKind::ack}) {
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
  // <runbook id>-<YYYYMMDD>T<HHMM>Z-<4 hex digits>: the part after the id has a fixed
  // length. (Checked by hand: compiling a std::regex took a tenth of recording an event.)
  constexpr std::string_view shape = "-ddddddddTddddZ-xxxx"; // d a digit, x a hex digit
  constexpr std::size_t tail_size = shape.size();
  if (run.size() <= tail_size || !is_valid_runbook_id(std::string_view(run).substr(0, run.size() - tail_size))) {
    return std::nullopt;
  }
  std::string_view tail = std::string_view(run).substr(run.size() - tail_size);
  auto fits = [](char c, char expected) {
    switch (expected) {
    case 'd':
      return c >= '0' && c <= '9';
    case 'x':
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    default:
      return c == expected;
    }
  };
  if (!std::equal(tail.begin(), tail.end(), shape.begin(), fits)) {
    return std::nullopt;
  }
  std::string_view date = tail.substr(1, 8);
  return std::string(k_runs_folder) + "/" + std::string(date.substr(0, 4)) + "/" + std::string(date.substr(4, 2)) +
         "/" + std::string(date.substr(6, 2)) + "/" + run;
}

std::string record_path(const Record& record, const std::string& compact_second, const std::string& random4) {
  if (record.event == EventKind::ack) {
    return ack_path(record, compact_second, random4);
  }
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
    return "step " + record.step.value_or("?") + (record.item ? " for " + *record.item : "") + " " +
           std::string(record.outcome ? to_string(*record.outcome) : "recorded");
  case EventKind::approve:
    return "approved step " + record.step.value_or("?") + (record.item ? " for " + *record.item : "");
  case EventKind::note:
    return "note";
  case EventKind::finish:
    return "finished, " + std::string(record.outcome ? to_string(*record.outcome) : "completed");
  case EventKind::ack:
    return "acknowledged " + record.runbook + " v" + std::to_string(record.version);
  }
  return "";
}

} // namespace core
