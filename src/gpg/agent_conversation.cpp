#include "gpg/agent_conversation.hpp"

#include "util/encoding.hpp"

#include <cstdlib>
#include <unistd.h>
#include <vector>

namespace gpg {

namespace {

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::optional<std::string>(value) : std::nullopt;
}

// The first of these variables that is set, as setlocale(…, "") would pick it.
std::optional<std::string> locale_from(const char* specific) {
  for (const char* name : {"LC_ALL", specific, "LANG"}) {
    if (auto value = environment(name)) {
      return value;
    }
  }
  return std::nullopt;
}

// Where a pinentry for a passphrase-protected key belongs: what gpg tells the agent
// (common/asshelp.c, send_pinentry_environment).
std::vector<std::string> pinentry_options() {
  std::vector<std::pair<std::string, std::optional<std::string>>> settings;
  std::optional<std::string> tty = environment("GPG_TTY");
  if (!tty && ::isatty(0) != 0) {
    const char* name = ::ttyname(0);
    tty = name != nullptr ? std::optional<std::string>(name) : std::nullopt;
  }
  settings.emplace_back("ttyname", tty);
  settings.emplace_back("ttytype", environment("TERM"));
  settings.emplace_back("display", environment("DISPLAY"));
  settings.emplace_back("xauthority", environment("XAUTHORITY"));
  settings.emplace_back("lc-ctype", locale_from("LC_CTYPE"));
  settings.emplace_back("lc-messages", locale_from("LC_MESSAGES"));
  std::vector<std::string> lines = {"OPTION allow-pinentry-notify", "OPTION agent-awareness=2.1.0"};
  for (const auto& [name, value] : settings) {
    // A value with a line break cannot be sent; gpg would not send it either.
    if (value && value->find_first_of("\r\n") == std::string::npos) {
      lines.push_back("OPTION " + name + "=" + *value);
    }
  }
  return lines;
}

// `text` as a SETKEYDESC line carries it, as gpg writes it (common/percent.c,
// percent_plus_escape): '%', '+', and control characters as "%XX", spaces as '+'.
std::string percent_plus_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ') {
      out.push_back('+');
    } else if (static_cast<unsigned char>(c) < 0x20 || c == '%' || c == '+') {
      out += "%" + util::hex(std::string_view(&c, 1), util::HexCase::upper);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

} // namespace

std::optional<std::string> ask_agent_to_sign(const DigestToSign& request,
                                             AgentConnection::Deadline deadline) {
  std::optional<AgentConnection> agent = AgentConnection::connect(
      request.agent_socket, deadline, "signing with key " + request.fingerprint);
  if (!agent || !agent->transact("RESET")) {
    return std::nullopt;
  }
  for (const std::string& option : pinentry_options()) {
    (void)agent->transact(option); // an option this agent does not know is no reason to stop
  }
  std::vector<std::string> commands = {
      "SIGKEY " + request.keygrip,
      "SETKEYDESC " + percent_plus_escape(request.description),
      "SETHASH " + std::to_string(request.hash_algorithm) + " " +
          util::hex(request.digest, util::HexCase::upper),
  };
  for (const std::string& command : commands) {
    if (!agent->transact(command)) {
      return std::nullopt;
    }
  }
  std::optional<std::string> signature = agent->transact("PKSIGN");
  if (!signature || signature->empty()) {
    return std::nullopt;
  }
  return signature;
}

} // namespace gpg
