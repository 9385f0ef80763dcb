#pragma once

#include "core/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

// The bytes libFuzzer hands a target, as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Stops the run when a property of the code under test does not hold: libFuzzer then
// keeps the input that broke it, as it does for a crash.
inline void require(bool holds, const char* property) {
  if (!holds) {
    std::fprintf(stderr, "fuzz: property broken: %s\n", property);
    std::abort();
  }
}

// A refusal must say what is wrong, about the file it was given.
inline void require_explained(const core::Diagnostics& problems, const std::string& file) {
  require(!problems.empty(), "a refusal comes with at least one diagnostic");
  for (const core::Diagnostic& problem : problems) {
    require(problem.file == file, "a diagnostic names the file it was given");
    require(!problem.message.empty(), "a diagnostic says what is wrong");
    require(problem.line >= 0 && problem.column >= 0, "a diagnostic's position is not negative");
  }
}

} // namespace fuzz
