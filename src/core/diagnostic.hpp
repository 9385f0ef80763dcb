#pragma once

#include <string>
#include <vector>

namespace core {

// One problem in a file, with where it is and what to do:
// "runbooks/onboarding/v3.yaml:14:5: step "3" has no "title" — add a title".
struct Diagnostic {
  std::string file;
  int line = 0;   // 1-based; 0 when the problem concerns the whole file
  int column = 0; // 1-based
  std::string message;

  std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

// All diagnostics, one per line.
std::string format_all(const Diagnostics& diagnostics);

} // namespace core
