#include "core/checkpoint.hpp"

#include "core/utc_time.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <regex>

namespace core {

namespace {

constexpr const char* k_header = "# git-runbook checkpoint: what the server had received, and when (its own clock)";

bool is_commit_id(const std::string& text) {
  return text.size() == 40 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool is_plain_name(const std::string& text) {
  return !text.empty() && text.size() <= 255 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c != '"' && c != '\\' && c != 0x7f; });
}

} // namespace

std::string format_checkpoint(const Checkpoint& checkpoint) {
  std::string out = k_header;
  out.append("\nat: \"").append(checkpoint.at).append("\"\nlog_branch: \"").append(checkpoint.log_branch);
  out.append("\"\ntips:\n");
  for (const auto& [branch, commit] : checkpoint.tips) {
    out.append("  \"").append(branch).append("\": \"").append(commit).append("\"\n");
  }
  return out;
}

util::Result<Checkpoint> parse_checkpoint(const std::string& text) {
  using Parsed = util::Result<Checkpoint>;
  static const std::regex at_line("at: \"([^\"]*)\"");
  static const std::regex log_line("log_branch: \"([^\"]*)\"");
  static const std::regex tip_line("  \"([^\"]*)\": \"([^\"]*)\"");
  std::vector<std::string> lines = util::split(text, '\n');
  if (!lines.empty() && lines.back().empty()) {
    lines.pop_back();
  }
  std::smatch match;
  if (lines.size() < 4 || lines[0] != k_header) {
    return Parsed::failure("it is not a checkpoint file written by git-runbook");
  }
  Checkpoint checkpoint;
  if (!std::regex_match(lines[1], match, at_line) || !utc_millis(match[1].str())) {
    return Parsed::failure("line 2 should give the server's time as at: \"2026-12-06T02:30:00.000Z\"");
  }
  checkpoint.at = match[1].str();
  if (!std::regex_match(lines[2], match, log_line) || !is_plain_name(match[1].str())) {
    return Parsed::failure("line 3 should name the log branch as log_branch: \"runbook-log\"");
  }
  checkpoint.log_branch = match[1].str();
  if (lines[3] != "tips:") {
    return Parsed::failure("line 4 should be \"tips:\"");
  }
  for (std::size_t i = 4; i < lines.size(); ++i) {
    if (!std::regex_match(lines[i], match, tip_line) || !is_plain_name(match[1].str()) ||
        !is_commit_id(match[2].str()) || !checkpoint.tips.emplace(match[1].str(), match[2].str()).second) {
      return Parsed::failure("line " + std::to_string(i + 1) + " should name one branch and its commit, as "
                             "\"main\": \"<40 hex digits>\", each branch once");
    }
  }
  return checkpoint;
}

std::vector<std::string> rewound_branches(const Checkpoint& before, const Checkpoint& after,
                                          const AncestorTest& is_ancestor_or_equal) {
  std::vector<std::string> rewound;
  for (const auto& [branch, tip] : before.tips) {
    auto later = after.tips.find(branch);
    if (later == after.tips.end() || (later->second != tip && !is_ancestor_or_equal(tip, later->second))) {
      rewound.push_back(branch);
    }
  }
  return rewound;
}

std::vector<ReceivedWindow> received_windows(const std::vector<std::string>& log,
                                             const std::vector<Checkpoint>& checkpoints) {
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < log.size(); ++i) {
    position.emplace(log[i], i);
  }
  // Each usable checkpoint as (how many log commits it holds, its time), in order.
  std::vector<std::pair<std::size_t, std::string>> held;
  for (const Checkpoint& checkpoint : checkpoints) {
    auto tip = checkpoint.tips.find(checkpoint.log_branch);
    auto at = tip == checkpoint.tips.end() ? position.end() : position.find(tip->second);
    held.emplace_back(at == position.end() ? 0 : at->second + 1, checkpoint.at);
  }
  std::vector<ReceivedWindow> windows(log.size());
  for (std::size_t i = 0; i < log.size(); ++i) {
    for (const auto& [count, at] : held) {
      if (count > i) {
        windows[i].by = at;
        break;
      }
      windows[i].after = at;
    }
  }
  return windows;
}

std::string describe_window(const ReceivedWindow& window) {
  // To the second: several pushes often fall in one minute.
  auto when = [](const std::string& at) { return at.size() >= 19 ? at.substr(0, 10) + " " + at.substr(11, 8) + " UTC" : at; };
  if (window.by.empty()) {
    return "not yet witnessed";
  }
  if (window.after.empty()) {
    return "received by " + when(window.by);
  }
  return "received between " + when(window.after) + " and " + when(window.by);
}

std::optional<std::string> claim_outside_window(const std::string& claimed, const ReceivedWindow& window) {
  auto claim = utc_millis(claimed);
  auto by = utc_millis(window.by);
  auto after = utc_millis(window.after);
  if (!claim || (!by && !after)) {
    return std::nullopt;
  }
  if (by && *claim > *by + k_claim_after_tolerance_ms) {
    return "claims " + claimed + ", after the server had already received it (" + describe_window(window) +
           "): the recorder's clock was ahead";
  }
  if (after && *claim < *after - k_claim_before_tolerance_ms) {
    return "claims " + claimed + ", more than a day before the server received it (" + describe_window(window) +
           "): recorded offline for a long time, or the recorder's clock was behind";
  }
  return std::nullopt;
}

} // namespace core
