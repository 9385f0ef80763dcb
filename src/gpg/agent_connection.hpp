#pragma once

#include "util/error.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
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

// One conversation with gpg-agent over its socket, in-process, through libassuan. Every
// read from the agent stops at one deadline. Move-only; closes the connection when
// destroyed.
class AgentConnection {
public:
  using Deadline = std::chrono::steady_clock::time_point;

  // Connects to `socket` and reads the agent's greeting. nullopt when nobody listens
  // there (no socket, a socket left behind by a dead agent) or the greeting is not
  // "OK". Throws AgentTimeout (with a message about `what`) when the agent accepts the
  // connection but does not greet before `deadline`.
  static std::optional<AgentConnection>
  connect(const std::filesystem::path& socket, Deadline deadline, std::string_view what);

  AgentConnection(AgentConnection&&) noexcept;
  AgentConnection& operator=(AgentConnection&&) noexcept;
  ~AgentConnection();

  // Sends one command line (no newline in it) and reads up to its OK or ERR, answering
  // an INQUIRE (the agent's PINENTRY_LAUNCHED) with nothing, as gpg does. The data the
  // agent sent ("D" lines, unescaped) when it says OK; nullopt when it says ERR or the
  // connection breaks. Throws AgentTimeout past the deadline.
  [[nodiscard]] std::optional<std::string> transact(const std::string& command);

private:
  struct State;
  explicit AgentConnection(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

} // namespace gpg
