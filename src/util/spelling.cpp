#include "util/spelling.hpp"

#include <algorithm>
#include <cctype>

namespace util {

namespace {

// Names longer than this are not typing slips of a field name; they are not compared.
constexpr std::size_t k_longest_name = 64;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Edits from a to b, a swap of two neighbours counting as one (optimal string alignment).
std::size_t edits(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = i;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    d[0][j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t change = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + change});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

} // namespace

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& known) {
  if (typed.empty() || typed.size() > k_longest_name ||
      std::find(known.begin(), known.end(), typed) != known.end()) {
    return std::nullopt;
  }
  std::string word = lower(typed);
  std::size_t limit = word.size() <= 4 ? 1 : 2;
  std::optional<std::string> best;
  std::size_t best_edits = limit + 1;
  bool tie = false;
  for (const std::string& name : known) {
    if (name.size() > k_longest_name) {
      continue;
    }
    std::size_t distance = edits(word, lower(name));
    if (distance < best_edits) {
      best = name;
      best_edits = distance;
      tie = false;
    } else if (distance == best_edits && best && *best != name) {
      tie = true;
    }
  }
  if (tie || best_edits > limit) {
    return std::nullopt;
  }
  return best;
}

} // namespace util
