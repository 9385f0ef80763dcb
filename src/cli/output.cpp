#include "cli/output.hpp"

#include <iostream>
#include <map>

namespace cli {

namespace {

// Prefixes every line of a message, so that multi-line messages stay readable.
void print(std::string_view prefix, std::string_view message) {
  const std::string pad(prefix.size(), ' ');
  std::string text;
  bool first = true;
  std::size_t start = 0;
  while (start < message.size() || first) {
    std::size_t end = message.find('\n', start);
    if (end == std::string_view::npos) {
      end = message.size();
    }
    text += "git-runbook: ";
    text += first ? std::string(prefix) : pad;
    text += message.substr(start, end - start);
    text += '\n';
    first = false;
    start = end + 1;
  }
  std::cerr << text << std::flush;
}

} // namespace

void say(std::string_view message) { print("", message); }

void add_format_option(CLI::App& command, Format& format) {
  command.add_option("--format", format, "text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::text}, {"json", Format::json}}))
      ->option_text("text|json"); // not CLI11's "ENUM:value in {json->1,text->0} OR {1,0}"
}
void warn(std::string_view message) { print("warning: ", message); }
void error(std::string_view message) { print("error: ", message); }

} // namespace cli
