#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "git/repository.hpp"
#include "trust/problem.hpp"

namespace trust {

// One line Git gives a pre-receive hook: the ref moves from `old_id` to `new_id`
// (40 zeros for "does not exist").
struct RefUpdate {
  std::string old_id;
  std::string new_id;
  std::string ref;
};

struct PushOptions {
  std::optional<std::string> trust_root; // runbook.trustRoot; else the protected branch's first commit
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // What counts as already held and judged, by ref name and commit, instead of the
  // repository's refs: `verify --range A..B` holds exactly A.
  std::optional<std::vector<std::pair<std::string, std::string>>> held_refs;
  // Judge the commits as history that a server already took (what `sync` fetches): a
  // key that expired since, or a person retired since, does not undo them.
  bool as_history = false;
};

struct RefVerdict {
  std::string ref;
  std::vector<Problem> problems; // empty: the ref may move
};

struct PushReport {
  std::vector<RefVerdict> refs;
  std::vector<Notice> notices; // records accepted that need a look (DESIGN §4)
  std::size_t commits_checked = 0;
  std::optional<std::string> trust_root;     // what the push was judged from
  std::optional<std::string> new_trust_root; // set when the push starts an empty repository
  bool out_of_time = false;
};

// The server's rules (DESIGN §6) for one push, judged before any ref moves: ref names
// and their kinds, no deletion or rewriting of the protected branches and the log,
// and every commit new to the server against each of its parents with the same code
// as `verify` (signature, authorization, append-only versions, valid files; on the log
// branch, valid records). Only what is new is read, so the cost follows the push.
// Past the deadline every ref not yet judged is refused: the check fails closed.
[[nodiscard]] PushReport check_push(const git::Repository& repo, const std::vector<RefUpdate>& updates, const PushOptions& options);

// True for the 40 zeros Git uses for a ref that does not exist.
bool is_zero_id(const std::string& id);

} // namespace trust
