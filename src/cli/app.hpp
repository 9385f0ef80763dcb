#pragma once

namespace cli {

// Parses the command line, runs the command, and turns every error into a message on
// stderr and an exit code (DESIGN §7). Never throws.
int run(int argc, char** argv);

} // namespace cli
