#pragma once

namespace util {

// Exit codes of every command (DESIGN §7). The only place they are defined.
enum class ExitCode {
  success = 0,
  rule_failed = 1, // a rule or a validation failed
  usage = 2,       // the command line was wrong
  environment = 3, // no repository, no key, gpg missing, disk trouble
};

inline int to_int(ExitCode code) { return static_cast<int>(code); }

} // namespace util
