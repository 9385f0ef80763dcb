#pragma once

#include <string>

namespace yaml {

// The version of the yaml-cpp this process runs with. yaml-cpp has no call that says
// it: when it is a shared library, its file's name does (libyaml-cpp.so.0.7.0, among
// the objects loaded into this process); when it is linked into the binary, it is the
// version the binary was built with ("0.7.0, linked in").
std::string yaml_cpp_version();

} // namespace yaml
