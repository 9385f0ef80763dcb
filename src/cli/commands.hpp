#pragma once

#include <CLI/CLI.hpp>

namespace cli {

// The command table: each command lives in its own file and adds itself to the app.
void register_init(CLI::App& app);
void register_keys(CLI::App& app);
void register_verify(CLI::App& app);
void register_demo(CLI::App& app);

} // namespace cli
