#include "core/diagnostic.hpp"

namespace core {

std::string Diagnostic::format() const {
  std::string text = file;
  if (line > 0) {
    text += ":" + std::to_string(line) + ":" + std::to_string(column);
  }
  return text + ": " + message;
}

std::string format_all(const Diagnostics& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) {
    text += d.format() + "\n";
  }
  return text;
}

} // namespace core
