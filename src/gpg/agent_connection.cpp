#include "gpg/agent_connection.hpp"

#include "gpg/bounded_operation.hpp"
#include "util/deleter.hpp"

#include <assuan.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <exception>
#include <unistd.h>
#include <poll.h>
#include <sys/socket.h>

namespace gpg {

// Types that AgentConnection::State holds: named, not anonymous, as a member's type
// must be (GCC's -Wsubobject-linkage in the unity build).
namespace agent_io {

using AssuanPtr = std::unique_ptr<std::remove_pointer_t<assuan_context_t>, util::Deleter<assuan_release>>;

// What the system hooks below need; libassuan hands it back through assuan_get_pointer.
struct Bound {
  AgentConnection::Deadline deadline;
  bool timed_out = false;
};

} // namespace agent_io

namespace {

using agent_io::Bound;

// libassuan's read, bounded: waits for the agent no later than the deadline. Past it,
// fails with ETIMEDOUT (libassuan then fails the call, and the caller throws).
ssize_t bounded_read(assuan_context_t ctx, assuan_fd_t fd, void* buffer, size_t size) {
  auto* bound = static_cast<Bound*>(assuan_get_pointer(ctx));
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(bound->deadline -
                                                                      std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      bound->timed_out = true;
      errno = ETIMEDOUT;
      return -1;
    }
    pollfd watch{fd, POLLIN, 0};
    int ready = ::poll(&watch, 1, static_cast<int>(std::min<long long>(left.count(), INT_MAX)));
    if (ready < 0 && errno != EINTR) {
      return -1;
    }
    if (ready > 0) {
      ssize_t got = ::read(fd, buffer, size);
      if (got >= 0 || errno != EINTR) {
        return got;
      }
    }
  }
}

// libassuan's write, without SIGPIPE when the agent has gone.
ssize_t quiet_write(assuan_context_t /*ctx*/, assuan_fd_t fd, const void* buffer, size_t size) {
  ssize_t sent = 0;
  do {
    sent = ::send(fd, buffer, size, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent;
}

// libassuan's socket, not inherited by the gpg processes GPGME starts.
int private_socket(assuan_context_t /*ctx*/, int domain, int style, int protocol) {
  return ::socket(domain, style | SOCK_CLOEXEC, protocol);
}

assuan_system_hooks k_hooks = {ASSUAN_SYSTEM_HOOKS_VERSION,
                               __assuan_usleep,
                               __assuan_pipe,
                               __assuan_close,
                               bounded_read,
                               quiet_write,
                               __assuan_recvmsg,
                               __assuan_sendmsg,
                               __assuan_spawn,
                               __assuan_waitpid,
                               __assuan_socketpair,
                               private_socket,
                               __assuan_connect};

// What assuan_transact's data callback gathers. libassuan is C: an exception is kept
// here and thrown again once assuan_transact has returned.
struct Answer {
  std::string data;
  std::exception_ptr failure;
};

gpg_error_t collect_data(void* answer, const void* data, size_t size) {
  auto* into = static_cast<Answer*>(answer);
  try {
    if (data != nullptr) { // nullptr: the END of an inquiry's data, which a client never gets
      into->data.append(static_cast<const char*>(data), size);
    }
    return 0;
  } catch (...) {
    into->failure = std::current_exception();
    return gpg_error(GPG_ERR_USER_1);
  }
}

gpg_error_t answer_nothing(void* /*unused*/, const char* /*keyword*/) { return 0; }

} // namespace

struct AgentConnection::State {
  agent_io::Bound bound;
  std::string what;
  agent_io::AssuanPtr ctx;
};

AgentConnection::AgentConnection(std::unique_ptr<State> state) : m_state(std::move(state)) {}
AgentConnection::AgentConnection(AgentConnection&&) noexcept = default;
AgentConnection& AgentConnection::operator=(AgentConnection&&) noexcept = default;
AgentConnection::~AgentConnection() = default;

std::optional<AgentConnection> AgentConnection::connect(const std::filesystem::path& socket,
                                                        Deadline deadline,
                                                        std::string_view what) {
  auto state = std::make_unique<State>();
  state->bound.deadline = deadline;
  state->what = what;
  assuan_context_t raw = nullptr;
  if (assuan_new(&raw) != 0) {
    return std::nullopt;
  }
  state->ctx.reset(raw);
  assuan_set_pointer(raw, &state->bound);
  assuan_ctx_set_system_hooks(raw, &k_hooks);
  // A local connect does not wait for the agent to accept: a stopped agent's backlog
  // takes it, and reading the greeting is what waits (up to the deadline).
  gpg_error_t error = assuan_socket_connect(raw, socket.c_str(), ASSUAN_INVALID_PID, 0);
  if (state->bound.timed_out) {
    throw AgentTimeout(agent_timeout_message(state->what));
  }
  if (error != 0) {
    return std::nullopt;
  }
  return AgentConnection(std::move(state));
}

std::optional<std::string> AgentConnection::transact(const std::string& command) {
  Answer answer;
  gpg_error_t error = assuan_transact(m_state->ctx.get(), command.c_str(), collect_data, &answer,
                                      answer_nothing, nullptr, nullptr, nullptr);
  if (answer.failure) {
    std::rethrow_exception(answer.failure);
  }
  if (m_state->bound.timed_out) {
    throw AgentTimeout(agent_timeout_message(m_state->what));
  }
  if (error != 0) {
    return std::nullopt;
  }
  return std::move(answer.data);
}

} // namespace gpg
