#pragma once

#include "gpg/signature_math.hpp"
#include "gpg/signer_memo.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace gpg {

// A detached, armored OpenPGP signature over `payload`, made without a gpg process:
// the packet is built here (version 4, binary document, issuer fingerprint and
// creation time hashed, issuer key id unhashed, as GnuPG 2.2 writes it) and gpg-agent
// signs its digest with the key `memo` names. Before it is returned the signature is
// checked in-process against `key`, the public key as the repository holds it, so a
// stale or altered memo never yields a signature others would reject.
//
// nullopt when anything fails (no agent, no such key in the agent, an answer this
// code does not read, a check that does not say good): the caller then signs through
// GnuPG. Throws AgentTimeout when the agent does not answer within the operation
// timeout (gpg/bounded_operation.hpp).
std::optional<std::string>
agent_signature(const SignerMemo& memo, const CheckableKey& key, std::string_view payload);

// agent_signature in its two halves, for a caller that checks on another thread: the
// signature before its check (`key` only has to match the memo), and the check.
std::optional<std::string> unchecked_agent_signature(const SignerMemo& memo,
                                                     const CheckableKey& key,
                                                     std::string_view payload);
bool signature_checks_out(const CheckableKey& key,
                          const std::string& armored,
                          std::string_view payload);

// A detached, armored signature over `payload` with the given hashed part
// (openpgp::signature_hashed_part) and unhashed area, its digest signed by the agent
// with the key `memo` names, nothing checked. agent_signature writes GnuPG's layout
// through it; tests craft the layouts GnuPG does not write. nullopt when the agent
// does not sign.
std::optional<std::string> agent_signed_packet(const SignerMemo& memo,
                                               std::string_view hashed_part,
                                               std::string_view unhashed_area,
                                               std::string_view payload);

} // namespace gpg
