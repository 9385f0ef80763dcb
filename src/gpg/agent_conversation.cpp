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

} // namespace

std::optional<std::string> ask_agent_to_sign(const DigestToSign& request,
                                             AssuanClient::Deadline deadline) {
  std::optional<AssuanClient> agent = AssuanClient::connect(
      request.agent_socket, deadline, "signing with key " + request.fingerprint);
  if (!agent || !agent->transact("RESET").ok) {
    return std::nullopt;
  }
  for (const std::string& option : pinentry_options()) {
    agent->transact(option); // an option this agent does not know is no reason to stop
  }
  std::vector<std::string> commands = {
      "SIGKEY " + request.keygrip,
      "SETKEYDESC " + assuan_escape(request.description, Spaces::as_plus),
      "SETHASH " + std::to_string(request.hash_algorithm) + " " + util::hex(request.digest, util::HexCase::upper),
  };
  for (const std::string& command : commands) {
    if (!agent->transact(command).ok) {
      return std::nullopt;
    }
  }
  AssuanClient::Reply signed_reply = agent->transact("PKSIGN");
  if (!signed_reply.ok || signed_reply.data.empty()) {
    return std::nullopt;
  }
  return signed_reply.data;
}

} // namespace gpg
