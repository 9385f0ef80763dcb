#pragma once

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace cli {

// Progress and explanations for the person at the keyboard: stderr, prefixed
// "git-runbook: ". What a command reports goes to stdout instead.
void say(std::string_view message);
// A warning: stderr, "git-runbook: warning: ".
void warn(std::string_view message);
// An error: stderr, "git-runbook: error: ".
void error(std::string_view message);

// Output format for commands that report.
enum class Format { text, json };

// Adds the `--format text|json` option every reporting command has.
void add_format_option(CLI::App& command, Format& format);

} // namespace cli
