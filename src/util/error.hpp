#pragma once

#include <stdexcept>
#include <string>

#include "util/exit_code.hpp"

namespace util {

// The one error hierarchy of the program. Every error carries the exit code that the
// top level turns it into, and a message written for the person at the keyboard: what
// happened, where, and what to do next.
class Error : public std::runtime_error {
public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  ExitCode code() const { return m_code; }

private:
  ExitCode m_code;
};

// A rule or a validation failed (exit 1).
class RuleError : public Error {
public:
  explicit RuleError(const std::string& message) : Error(ExitCode::rule_failed, message) {}
};

// The command line was wrong (exit 2).
class UsageError : public Error {
public:
  explicit UsageError(const std::string& message) : Error(ExitCode::usage, message) {}
};

// The surroundings are not usable: no repository, no key, gpg missing, a disk error
// (exit 3).
class EnvironmentError : public Error {
public:
  explicit EnvironmentError(const std::string& message)
      : Error(ExitCode::environment, message) {}
};

} // namespace util
