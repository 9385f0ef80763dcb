#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace git {

// One entry of a tree object as its raw bytes say.
struct RawTreeEntry {
  std::string mode; // as written, e.g. "100644", "40000"
  std::string name;
  std::string id; // 40 hex digits
  bool is_tree() const { return mode == "40000"; }
};

// Parses a tree object's bytes (without the "tree <size>\0" prefix) strictly. Refuses,
// with a reason in plain words, what Git itself never writes and what could make two
// readers see different files: an empty name, a name with '/' or "." or "..", a mode
// that is not a number, a cut-off entry, and entries that are repeated or not in Git's
// order (by name, a folder's name read as if it ended with '/'): a tree that holds
// `v1.yaml` twice shows one copy to one tool and the other to another.
util::Result<std::vector<RawTreeEntry>> parse_raw_tree(std::string_view object);

} // namespace git
