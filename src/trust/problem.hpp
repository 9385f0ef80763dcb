#pragma once

#include <string>
#include <vector>

namespace trust {

// One broken rule found in history: which commit, which rule, what is wrong and what
// to do about it, in plain words.
struct Problem {
  std::string commit; // full id
  std::string ref;    // the branch it was found on
  std::string rule;   // a short stable name, e.g. "unsigned", "not-authorized"
  std::string message;
  std::string fix;
};

struct VerifyReport {
  std::string trust_root;
  std::vector<std::string> refs;
  std::size_t commits_checked = 0;
  std::vector<Problem> problems;
};

} // namespace trust
