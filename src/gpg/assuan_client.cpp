#include "gpg/assuan_client.hpp"

#include "gpg/bounded_operation.hpp"

#include <climits>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace gpg {

namespace {

// Lines longer than this are no Assuan (its limit is 1000 octets).
constexpr std::size_t k_line_limit = 4096;

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

// The data of a "D " line: "%XX" stands for the octet XX.
std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

bool starts_with_word(std::string_view line, std::string_view word) {
  return line.starts_with(word) && (line.size() == word.size() || line[word.size()] == ' ');
}

} // namespace

std::string assuan_escape(std::string_view text, Spaces spaces) {
  static constexpr std::string_view k_digits = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == ' ' && spaces == Spaces::as_plus) {
      out.push_back('+');
    } else if (byte < 0x20 || c == '%' || (c == '+' && spaces == Spaces::as_plus)) {
      out.push_back('%');
      out.push_back(k_digits[byte >> 4U]);
      out.push_back(k_digits[byte & 0xFU]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<AssuanClient> AssuanClient::connect(const std::filesystem::path& socket,
                                                  Deadline deadline,
                                                  std::string_view what) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string& path = socket.native();
  if (path.empty() || path.size() >= sizeof(address.sun_path)) {
    return std::nullopt;
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return std::nullopt;
  }
  AssuanClient client(fd, deadline, what);
  // A local connect does not wait for the server to accept: a stopped agent's backlog
  // takes it, and the greeting read below is what waits (up to the deadline).
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    return std::nullopt;
  }
  std::optional<std::string> greeting = client.read_line();
  if (!greeting || !starts_with_word(*greeting, "OK")) {
    return std::nullopt;
  }
  return client;
}

AssuanClient::AssuanClient(int fd, Deadline deadline, std::string_view what)
    : m_fd(fd), m_deadline(deadline), m_what(what) {}

AssuanClient::AssuanClient(AssuanClient&& other) noexcept
    : m_fd(other.m_fd), m_deadline(other.m_deadline), m_what(std::move(other.m_what)),
      m_buffer(std::move(other.m_buffer)) {
  other.m_fd = -1;
}

AssuanClient& AssuanClient::operator=(AssuanClient&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = other.m_fd;
    m_deadline = other.m_deadline;
    m_what = std::move(other.m_what);
    m_buffer = std::move(other.m_buffer);
    other.m_fd = -1;
  }
  return *this;
}

AssuanClient::~AssuanClient() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

AssuanClient::Reply AssuanClient::transact(std::string_view line) {
  Reply reply;
  if (!write_all(std::string(line) + "\n")) {
    reply.error = "the agent closed the connection";
    return reply;
  }
  while (std::optional<std::string> answer = read_line()) {
    std::string_view text = *answer;
    if (starts_with_word(text, "OK")) {
      reply.ok = true;
      return reply;
    }
    if (starts_with_word(text, "ERR")) {
      reply.error = text.size() > 4 ? std::string(text.substr(4)) : "unknown error";
      return reply;
    }
    if (text.starts_with("D ")) {
      reply.data += unescape(text.substr(2));
    } else if (starts_with_word(text, "INQUIRE")) {
      // What gpg answers, e.g. to PINENTRY_LAUNCHED: nothing to add.
      if (!write_all("END\n")) {
        break;
      }
    }
    // "S" status lines and "#" comments carry nothing this client needs.
  }
  reply.error = "the agent closed the connection";
  return reply;
}

std::optional<std::string> AssuanClient::read_line() {
  while (true) {
    std::size_t end = m_buffer.find('\n');
    if (end != std::string::npos) {
      std::string line = m_buffer.substr(0, end);
      m_buffer.erase(0, end + 1);
      return line;
    }
    if (m_buffer.size() > k_line_limit) {
      return std::nullopt;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        m_deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      throw AgentTimeout(agent_timeout_message(m_what));
    }
    pollfd watch{m_fd, POLLIN, 0};
    int ready = ::poll(&watch, 1, static_cast<int>(std::min<long long>(left.count(), INT_MAX)));
    if (ready < 0 && errno != EINTR) {
      return std::nullopt;
    }
    if (ready <= 0) {
      continue; // interrupted, or the time is up: the deadline check above decides
    }
    char chunk[4096];
    ssize_t got = ::read(m_fd, chunk, sizeof(chunk));
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return std::nullopt;
    }
    m_buffer.append(chunk, static_cast<std::size_t>(got));
  }
}

bool AssuanClient::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t sent = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) {
      continue;
    }
    if (sent <= 0) {
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

} // namespace gpg
