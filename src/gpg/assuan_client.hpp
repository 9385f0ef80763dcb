#pragma once

#include "util/error.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace gpg {

// The agent did not answer before the deadline: it is stuck (or stopped), and asking
// it again another way would only wait as long once more.
class AgentTimeout : public util::EnvironmentError {
public:
  using util::EnvironmentError::EnvironmentError;
};

// One conversation with a server that speaks the Assuan protocol (gpg-agent), over its
// Unix socket, in-process: lines out, "OK"/"ERR" back, with "D" data, "S" status and
// "INQUIRE" lines between. Every read stops at one deadline. Move-only; closes the
// socket when destroyed.
class AssuanClient {
public:
  using Deadline = std::chrono::steady_clock::time_point;

  // Connects to `socket` and reads the server's greeting. nullopt when nobody listens
  // there (no socket, a socket left behind by a dead agent) or the greeting is not
  // "OK". Throws AgentTimeout (with a message about `what`) when the server accepts
  // the connection but does not greet before `deadline`.
  static std::optional<AssuanClient>
  connect(const std::filesystem::path& socket, Deadline deadline, std::string_view what);

  AssuanClient(AssuanClient&& other) noexcept;
  AssuanClient& operator=(AssuanClient&& other) noexcept;
  AssuanClient(const AssuanClient&) = delete;
  AssuanClient& operator=(const AssuanClient&) = delete;
  ~AssuanClient();

  // How a command ended: `ok` with the data lines it sent (percent-escapes decoded),
  // or not, with the text of its ERR line (or why the connection broke).
  struct Reply {
    bool ok = false;
    std::string data;
    std::string error;
  };

  // Sends one command line (no newline in it) and reads up to its OK or ERR. Answers
  // every INQUIRE with an empty "END". Throws AgentTimeout past the deadline.
  Reply transact(std::string_view line);

private:
  AssuanClient(int fd, Deadline deadline, std::string_view what);
  std::optional<std::string> read_line();
  bool write_all(std::string_view bytes);

  int m_fd = -1;
  Deadline m_deadline;
  std::string m_what;
  std::string m_buffer;
};

// How assuan_escape writes spaces: as they are, or as '+' (in descriptions for the
// pinentry, which the agent reads with '+' meaning space).
enum class Spaces { keep, as_plus };

// `text` with the characters the protocol cannot carry in a line ('%', CR, LF, control
// characters, and with Spaces::as_plus also '+') percent-escaped.
std::string assuan_escape(std::string_view text, Spaces spaces);

} // namespace gpg
