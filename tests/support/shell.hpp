#pragma once

#include <string>

namespace test_support {

// Runs a shell command (gpg or git, to make or check fixtures) and returns what it
// printed on standard output; its exit status goes to `status` when given.
std::string shell_output(const std::string& command, int* status = nullptr);

} // namespace test_support
