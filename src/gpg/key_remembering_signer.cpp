#include "gpg/key_remembering_signer.hpp"

#include "gpg/agent_connection.hpp"
#include "gpg/context.hpp"
#include "gpg/signature_math.hpp"

#include <algorithm>

namespace gpg {

namespace {

// Whether an agent answers at `socket`: that the socket GnuPG names is its agent's. An agent that just signed answers at once.
bool agent_answers(const std::filesystem::path& socket) {
  try {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    return AgentConnection::connect(socket, deadline, "looking for GnuPG's agent").has_value();
  } catch (const AgentTimeout&) {
    return false;
  }
}

std::optional<std::filesystem::path> agent_socket() {
  std::optional<std::filesystem::path> told = agent_socket_of();
  return told && agent_answers(*told) ? told : std::nullopt;
}

std::int64_t earliest_expiry(gpgme_subkey_t primary, gpgme_subkey_t signing) {
  std::int64_t earliest = 0;
  for (gpgme_subkey_t sub : {primary, signing}) {
    if (sub->expires > 0 && (earliest == 0 || sub->expires < earliest)) {
      earliest = sub->expires;
    }
  }
  return earliest;
}

} // namespace

KeyRememberingSigner::KeyRememberingSigner(std::unique_ptr<GpgmeSigner> signer,
                                           std::filesystem::path memo_file,
                                           SignerMemoInputs inputs)
    : m_signer(std::move(signer)), m_memo_file(std::move(memo_file)), m_inputs(std::move(inputs)) {}

std::string KeyRememberingSigner::sign(std::string_view payload) const {
  std::string signature = m_signer->sign(payload);
  if (!m_remembered) {
    m_remembered = true;
    try {
      if (std::optional<SignerMemo> memo = memo_for(signature)) {
        write_signer_memo(m_memo_file, *memo);
      }
    } catch (const std::exception&) {
      // A memo only saves time: the signature is good either way.
    }
  }
  return signature;
}

std::optional<SignerMemo> KeyRememberingSigner::memo_for(const std::string& signature) const {
  std::string storage;
  std::optional<openpgp::Signature> sig = single_signature(signature, storage);
  gpgme_key_t key = m_signer->key();
  if (!sig || key == nullptr || key->subkeys == nullptr ||
      sig->issuer_fingerprint != m_signer->fingerprint() ||
      (sig->public_key_algorithm != openpgp::k_rsa &&
       sig->public_key_algorithm != openpgp::k_eddsa)) {
    return std::nullopt;
  }
  gpgme_subkey_t signing = key->subkeys;
  while (signing != nullptr &&
         (signing->fpr == nullptr || sig->issuer_fingerprint != signing->fpr)) {
    signing = signing->next;
  }
  if (signing == nullptr || signing->keygrip == nullptr) {
    return std::nullopt;
  }
  if (!same_inputs(current_memo_inputs(m_inputs.hints, m_inputs.policy_blob), m_inputs)) {
    return std::nullopt; // the keyring changed while this command ran: choose again next time
  }
  std::optional<std::filesystem::path> socket = agent_socket();
  if (!socket) {
    return std::nullopt;
  }
  SignerMemo memo;
  memo.fingerprint = m_signer->fingerprint();
  memo.name = m_signer->name();
  memo.email = m_signer->email();
  memo.signing_fingerprint = sig->issuer_fingerprint;
  memo.keygrip = signing->keygrip;
  memo.public_key_algorithm = sig->public_key_algorithm;
  memo.hash_algorithm = sig->hash_algorithm;
  memo.agent_socket = socket->string();
  memo.expires = earliest_expiry(key->subkeys, signing);
  memo.inputs = m_inputs;
  return memo;
}

} // namespace gpg
