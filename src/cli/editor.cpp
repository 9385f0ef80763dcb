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
  // The user's own editor, started as git starts it: a plain program name directly,
  // anything with arguments or shell syntax ("code --wait") through the shell. (The rule
  // against starting processes is about git and gpg, which the tool does in-process.)
  std::string command(editor);
  std::string path = file.string();
  bool plain = command.find_first_of("|&;<>()$`\\\"' \t\n*?[#~=%") == std::string::npos;
  std::string script = command + " \"$1\"";
  char sh[] = "/bin/sh";
  char dash_c[] = "-c";
  char name[] = "editor";
  char* shell_argv[] = {sh, dash_c, script.data(), name, path.data(), nullptr};
  char* plain_argv[] = {command.data(), path.data(), nullptr};
  pid_t pid = 0;
  int failed = plain ? posix_spawnp(&pid, command.c_str(), nullptr, nullptr, plain_argv, environ)
                     : posix_spawn(&pid, "/bin/sh", nullptr, nullptr, shell_argv, environ);
  if (failed != 0) {
    warn("could not start your editor (" + command + "); edit " + path + " by hand.");
    return false;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return true;
}

} // namespace cli
