#include "cli/editor.hpp"

#include "cli/output.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

extern char** environ; // NOLINT: POSIX

namespace cli {

bool open_in_editor(const std::filesystem::path& file) {
  if (isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0) {
    return false;
  }
  const char* editor = std::getenv("VISUAL");
  if (editor == nullptr || *editor == '\0') {
    editor = std::getenv("EDITOR");
  }
  if (editor == nullptr || *editor == '\0') {
    return false;
  }
  // Like git: the variable may hold arguments ("code --wait"), so the shell reads it.
  std::string script = std::string(editor) + " \"$1\"";
  std::string path = file.string();
  char sh[] = "/bin/sh";
  char dash_c[] = "-c";
  char name[] = "editor";
  char* argv[] = {sh, dash_c, script.data(), name, path.data(), nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv, environ) != 0) {
    warn(std::string("could not start your editor (") + editor + "); edit " + path + " by hand.");
    return false;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return true;
}

} // namespace cli
