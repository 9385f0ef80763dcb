#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/checkpoint.hpp"

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

inline Problem problem_at(const std::string& commit, std::string rule, std::string message, std::string fix) {
  return Problem{commit, "", std::move(rule), std::move(message), std::move(fix)};
}

// A record that was accepted but needs a look (DESIGN §4): it met an ordering conflict
// when several people's records were merged. Reported, never a failure.
struct Notice {
  std::string run;
  std::string path;  // the flagged record
  std::string rule;  // the flag's kind, e.g. "while-awaiting-approval"
  std::string message;
  std::vector<std::string> people;
  std::vector<std::string> commits; // judged commits that added to the run
};

struct VerifyReport {
  std::string trust_root;
  std::vector<std::string> refs;
  // The copies of the protected branches that hold the trust root, local ones first:
  // where the versions records follow count as published.
  std::vector<std::string> protected_tips;
  std::size_t commits_checked = 0;
  std::vector<Problem> problems;
  std::vector<Notice> notices;
  // What makes `git log` or `git show` in this clone display something else than the
  // history verified (replace refs, grafts, borrowed objects): said, not judged.
  std::vector<std::string> warnings;
  // An audit report people read (issue 18): log commit -> fingerprint of the key that made its good signature
  std::map<std::string, std::string> log_signers;
  // Witnessed time (issue 18): the server's checkpoints this clone holds
  std::size_t checkpoints = 0;         // on refs/runbook/checkpoints
  std::size_t trusted_checkpoints = 0; // signed by a witness of the policy
  std::string last_witnessed;          // the latest trusted checkpoint's time; empty: none
  std::map<std::string, core::ReceivedWindow> received; // by log commit: when the server received it
};

} // namespace trust
