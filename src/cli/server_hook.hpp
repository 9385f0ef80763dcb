#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace cli {

// `hook pre-receive`: Git's pre-receive hook on the shared server. Reads
// "<old> <new> <ref>" lines on stdin, judges the push (trust::check_push) and
// refuses it, with what to do, when any rule is broken.
void run_pre_receive();

// `hook install <bare-repo>`: puts the pre-receive shim into a server repository,
// pins the trust root and turns on receive.fsckObjects.
void install_server_hook(const std::filesystem::path& repository, const std::optional<std::string>& trust_root);

} // namespace cli
