#include "gpg/remembered_key_signer.hpp"

#include "gpg/agent_signature.hpp"
#include "gpg/assuan_client.hpp"
#include "util/error.hpp"

namespace gpg {

RememberedKeySigner::RememberedKeySigner(SignerMemo memo,
                                         CheckableKey key,
                                         std::filesystem::path memo_file,
                                         SignerChoice choose_slowly)
    : m_memo(std::move(memo)), m_key(std::move(key)), m_memo_file(std::move(memo_file)),
      m_choose_slowly(std::move(choose_slowly)) {}

std::string RememberedKeySigner::sign(std::string_view payload) const {
  if (!m_fallback) {
    std::optional<std::string> signature;
    try {
      signature = agent_signature(m_memo, m_key, payload);
    } catch (const AgentTimeout&) {
      drop_signer_memo(m_memo_file);
      throw;
    }
    if (signature) {
      return *signature;
    }
    drop_signer_memo(m_memo_file);
    m_fallback = m_choose_slowly();
    // The memo held only while everything the choice depends on was unchanged, so the
    // ordinary way chooses the same key; if not, the caller has already used this one.
    if (m_fallback->fingerprint() != m_memo.fingerprint) {
      throw util::EnvironmentError("your signing key changed while this command ran (from " +
                                   m_memo.fingerprint + " to " + m_fallback->fingerprint() +
                                   "). Run the command again. Nothing was written.");
    }
  }
  return m_fallback->sign(payload);
}

} // namespace gpg
