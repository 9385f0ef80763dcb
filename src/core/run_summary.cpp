#include "core/run_summary.hpp"

#include "core/utc_time.hpp"
#include "util/clock.hpp"

#include <algorithm>
#include <vector>

namespace core {

namespace {

constexpr std::size_t k_longest_listed_answer = 24; // bytes of one answer in a list

// The first line of a text, cut to at most `limit` bytes (never inside a UTF-8
// character) with "…" when it was longer.
std::string clipped(const std::string& text, std::size_t limit) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() <= limit && line.size() == text.size()) {
    return line;
  }
  std::size_t cut = std::min(line.size(), limit - 1);
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return line.substr(0, cut) + "…";
}

} // namespace

std::string time_ago(std::string_view at, std::int64_t now_millis) {
  auto then = utc_millis(at);
  if (!then) {
    return std::string(at);
  }
  std::int64_t seconds = (now_millis - *then) / 1000;
  if (seconds < -60 || seconds >= 60LL * 86400) {
    return "on " + util::utc_day(static_cast<long>(*then / 1000));
  }
  if (seconds < 60) {
    return "just now";
  }
  if (seconds < 3600) {
    return std::to_string(seconds / 60) + " min ago";
  }
  if (seconds < 2LL * 86400) {
    return std::to_string(seconds / 3600) + "h ago";
  }
  return std::to_string(seconds / 86400) + " days ago";
}

std::string first_answers(const Runbook& runbook, const std::map<std::string, std::string>& inputs,
                          std::size_t width) {
  std::vector<std::string> names;
  for (const Input& input : runbook.inputs) {
    if (inputs.count(input.name) != 0) {
      names.push_back(input.name);
    }
  }
  for (const auto& [name, value] : inputs) { // answers the runbook does not ask (any more)
    bool asked = false;
    for (const Input& input : runbook.inputs) {
      asked = asked || input.name == name;
    }
    if (!asked) {
      names.push_back(name);
    }
  }
  std::string line;
  std::size_t shown = 0;
  std::size_t answered = 0;
  bool full = false; // once one answer does not fit, the later ones are only counted
  for (const std::string& name : names) {
    const std::string& value = inputs.at(name);
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
      continue;
    }
    ++answered;
    std::string part = name + "=" + clipped(value, k_longest_listed_answer);
    full = full || (shown > 0 && line.size() + 2 + part.size() > width);
    if (!full) {
      line += (shown > 0 ? ", " : "") + part;
      ++shown;
    }
  }
  if (answered > shown) {
    line += ", +" + std::to_string(answered - shown) + " more";
  }
  return line;
}

std::string started_line(const std::string& by, std::string_view at, std::int64_t now_millis,
                         const std::string& answers) {
  return "started by " + by + " " + time_ago(at, now_millis) + (answers.empty() ? "" : " · " + answers);
}

} // namespace core
