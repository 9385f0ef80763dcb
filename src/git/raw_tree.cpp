#include "git/raw_tree.hpp"

#include "util/encoding.hpp"

#include <algorithm>
#include <set>

namespace git {

namespace {

constexpr std::size_t k_raw_id_size = 20;

// Git's order of tree entries: by name, bytewise, a folder's name read as if it ended
// with '/'. Negative, zero or positive, as memcmp.
int git_order(const RawTreeEntry& a, const RawTreeEntry& b) {
  std::string left = a.name + (a.is_tree() ? "/" : "");
  std::string right = b.name + (b.is_tree() ? "/" : "");
  return left.compare(right);
}

} // namespace

util::Result<std::vector<RawTreeEntry>> parse_raw_tree(std::string_view object) {
  using Failure = util::Result<std::vector<RawTreeEntry>>;
  std::vector<RawTreeEntry> entries;
  std::set<std::string> names; // a file and a folder of one name need not be neighbours
  std::size_t at = 0;
  while (at < object.size()) {
    std::size_t space = object.find(' ', at);
    std::size_t nul = space == std::string_view::npos ? space : object.find('\0', space);
    if (nul == std::string_view::npos || nul + 1 + k_raw_id_size > object.size()) {
      return Failure::failure("the tree object is cut off after " + std::to_string(entries.size()) + " entries");
    }
    RawTreeEntry entry;
    entry.mode = std::string(object.substr(at, space - at));
    entry.name = std::string(object.substr(space + 1, nul - space - 1));
    entry.id = util::hex(object.substr(nul + 1, k_raw_id_size));
    at = nul + 1 + k_raw_id_size;
    bool digits = !entry.mode.empty() && entry.mode.size() <= 6 &&
                  std::all_of(entry.mode.begin(), entry.mode.end(), [](char c) { return c >= '0' && c <= '7'; });
    if (!digits) {
      return Failure::failure("the tree has an entry whose mode \"" + entry.mode + "\" is not a file mode");
    }
    if (entry.name.empty() || entry.name == "." || entry.name == ".." ||
        entry.name.find('/') != std::string::npos) {
      return Failure::failure("the tree has an entry named \"" + entry.name + "\", which Git never writes");
    }
    if (!names.insert(entry.name).second) {
      return Failure::failure("the tree holds \"" + entry.name +
                              "\" twice, so different tools would show different files under that name");
    }
    if (!entries.empty()) {
      const RawTreeEntry& previous = entries.back();
      if (git_order(previous, entry) >= 0) {
        return Failure::failure("the tree's entries are not in Git's order (\"" + entry.name + "\" comes after \"" +
                                previous.name + "\"), which can hide a repeated name");
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

} // namespace git
