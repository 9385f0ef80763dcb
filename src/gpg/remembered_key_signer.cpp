#include "gpg/remembered_key_signer.hpp"

#include "gpg/agent_signature.hpp"
#include "gpg/agent_connection.hpp"
#include "util/error.hpp"

#include <future>
#include <system_error>

namespace gpg {

RememberedKeySigner::RememberedKeySigner(SignerMemo memo,
                                         CheckableKey key,
                                         std::filesystem::path memo_file,
                                         SignerChoice choose_slowly)
    : m_memo(std::move(memo)), m_key(std::move(key)), m_memo_file(std::move(memo_file)),
      m_choose_slowly(std::move(choose_slowly)) {}

std::string RememberedKeySigner::sign(std::string_view payload) const {
  core::CheckedSignature signature = sign_then_check(payload);
  if (signature.good()) {
    return signature.armored();
  }
  return m_fallback->sign(payload); // the check failed: the ordinary way, chosen by then
}

core::CheckedSignature RememberedKeySigner::sign_then_check(std::string_view payload) const {
  if (!m_fallback) {
    std::optional<std::string> signature;
    try {
      signature = unchecked_agent_signature(m_memo, m_key, payload);
    } catch (const AgentTimeout&) {
      drop_signer_memo(m_memo_file);
      throw;
    }
    if (signature) {
      // The check (a few milliseconds for Ed25519 in libgcrypt) runs while the caller
      // goes on; until it says good, nothing may point at the signature.
      auto checking = [key = m_key, armored = *signature, text = std::string(payload)] {
        return signature_checks_out(key, armored, text);
      };
      std::future<bool> check;
      try {
        check = std::async(std::launch::async, checking);
      } catch (const std::system_error&) { // no thread to spare: check now
        std::promise<bool> checked;
        checked.set_value(checking());
        check = checked.get_future();
      }
      return core::CheckedSignature(*signature, std::move(check), [this] { give_up_memo(); });
    }
    give_up_memo();
  }
  return core::CheckedSignature(m_fallback->sign(payload));
}

void RememberedKeySigner::give_up_memo() const {
  drop_signer_memo(m_memo_file);
  m_fallback = m_choose_slowly();
  // The memo held only while everything the choice depends on was unchanged, so the
  // ordinary way chooses the same key; if not, the caller has already used this one.
  if (m_fallback->fingerprint() != m_memo.fingerprint) {
    throw util::EnvironmentError("your signing key changed while this command ran (from " + m_memo.fingerprint +
                                 " to " + m_fallback->fingerprint() + "). Run the command again. Nothing was written.");
  }
}

} // namespace gpg
