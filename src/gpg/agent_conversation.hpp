#pragma once

#include "gpg/agent_connection.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace gpg {

// What to ask gpg-agent to sign, as gpg asks it (g10/call-agent.c, agent_pksign).
struct DigestToSign {
  std::filesystem::path agent_socket;
  std::string fingerprint; // of that key, for messages
  std::string keygrip;     // 40 hex digits: the key the agent holds
  int hash_algorithm = 0;  // OpenPGP's (and libgcrypt's) number: 8 SHA-256, 10 SHA-512, …
  std::string digest;      // the digest's octets
  std::string description; // what a pinentry shows when the key has a passphrase
};

// Asks the agent, over its socket and in-process, to sign `request.digest`: RESET, the
// OPTION lines that put a pinentry where gpg would put it (this terminal or display,
// this locale), SIGKEY, SETKEYDESC, SETHASH, PKSIGN. Returns the agent's answer, a
// canonical S-expression "(7:sig-val(…))"; nullopt when the agent cannot be reached or
// refuses (no such key, passphrase cancelled…). Throws AgentTimeout when it does not
// answer before `deadline`.
std::optional<std::string> ask_agent_to_sign(const DigestToSign& request,
                                             AgentConnection::Deadline deadline);

} // namespace gpg
