#include "gpg/agent_connection.hpp"
#include "gpg/bounded_operation.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace agent_connection_test {

using namespace std::chrono_literals;

// What the stand-in agent answers to one command line: `reply`, and when that asks
// something (INQUIRE), `after_end` once the client's next line ("END") came.
struct Exchange {
  std::string reply;
  std::string after_end;
};

// A stand-in agent on a socket: greets, then answers one command line after another.
class FakeAgent {
public:
  explicit FakeAgent(std::vector<Exchange> script) : m_script(std::move(script)) {
    m_listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket().c_str(), sizeof(address.sun_path) - 1);
    EXPECT_EQ(::bind(m_listener, reinterpret_cast<const sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(::listen(m_listener, 1), 0);
    m_server = std::thread([this] { serve(); });
  }
  ~FakeAgent() {
    finish();
    ::close(m_listener);
  }
  FakeAgent(const FakeAgent&) = delete;
  FakeAgent& operator=(const FakeAgent&) = delete;

  std::filesystem::path socket() const { return m_dir.path() / "S.fake"; }
  // Every line the client sent, each ended by '\n', once the client has closed.
  const std::string& finish() {
    if (m_server.joinable()) {
      m_server.join();
    }
    return m_heard;
  }

private:
  void serve() {
    int fd = ::accept(m_listener, nullptr, nullptr);
    send(fd, "OK Pleased to meet you\n");
    for (const Exchange& exchange : m_script) {
      if (!read_line(fd)) {
        break;
      }
      send(fd, exchange.reply);
      if (!exchange.after_end.empty() && read_line(fd)) {
        send(fd, exchange.after_end);
      }
    }
    while (read_line(fd)) {
    }
    ::close(fd);
  }
  bool read_line(int fd) {
    char c = 0;
    while (::read(fd, &c, 1) == 1) {
      m_heard.push_back(c);
      if (c == '\n') {
        return true;
      }
    }
    return false;
  }
  static void send(int fd, const std::string& text) {
    EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

  util::TempDir m_dir{"git-runbook-agent"};
  std::vector<Exchange> m_script;
  std::string m_heard;
  int m_listener = -1;
  std::thread m_server;
};

TEST(AgentConnection, GathersDataSkipsStatusAndAnswersAnInquiry) {
  std::optional<std::string> reset;
  std::optional<std::string> signed_data;
  std::optional<std::string> refused;
  std::string heard;
  {
    FakeAgent agent({
        {"OK\n", ""},
        {"S PROGRESS x\nINQUIRE PINENTRY_LAUNCHED 123\n", "D (7:sig-val%0A%25\nD more)\nOK\n"},
        {"ERR 67108881 No secret key <GPG Agent>\n", ""},
    });
    auto deadline = std::chrono::steady_clock::now() + 20s;
    std::optional<gpg::AgentConnection> connection =
        gpg::AgentConnection::connect(agent.socket(), deadline, "testing");
    ASSERT_TRUE(connection);
    reset = connection->transact("RESET");
    signed_data = connection->transact("PKSIGN");
    refused = connection->transact("SIGKEY 00");
    connection.reset(); // closes: the agent's thread ends
    heard = agent.finish();
  }
  // The inquiry is answered with an empty END, as gpg answers PINENTRY_LAUNCHED; libassuan
  // says BYE when the connection is released.
  EXPECT_EQ(heard, "RESET\nPKSIGN\nEND\nSIGKEY 00\nBYE\n");
  EXPECT_EQ(reset, "");
  EXPECT_EQ(signed_data, "(7:sig-val\n%more)");
  EXPECT_EQ(refused, std::nullopt);
}

TEST(AgentConnection, NobodyListeningGivesNothing) {
  util::TempDir dir;
  auto deadline = std::chrono::steady_clock::now() + 20s;
  EXPECT_FALSE(gpg::AgentConnection::connect(dir.path() / "S.none", deadline, "testing"));
}

} // namespace agent_connection_test
