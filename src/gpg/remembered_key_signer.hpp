#pragma once

#include "core/signer.hpp"
#include "gpg/signature_math.hpp"
#include "gpg/signer_memo.hpp"

#include <filesystem>
#include <functional>
#include <memory>

namespace gpg {

// The ordinary way to a signer (list the secret keys, choose one, sign through GnuPG).
using SignerChoice = std::function<std::unique_ptr<core::Signer>()>;

// Signs with the key a memo remembers by asking gpg-agent directly: no gpg process,
// no GPGME. When that fails in any way the memo is dropped and the signature is made
// the ordinary way (`choose_slowly`), which must choose the same key; only an agent
// that does not answer in time ends the command (asking it through gpg would wait as
// long again).
class RememberedKeySigner : public core::Signer {
public:
  // `key`: the memo's key as the repository holds it, for the check of each signature.
  RememberedKeySigner(SignerMemo memo,
                      CheckableKey key,
                      std::filesystem::path memo_file,
                      SignerChoice choose_slowly);

  std::string fingerprint() const override { return m_memo.fingerprint; }
  std::string name() const override { return m_memo.name; }
  std::string email() const override { return m_memo.email; }
  // Throws util::EnvironmentError as GpgmeSigner does, and AgentTimeout.
  std::string sign(std::string_view payload) const override;
  // The agent's signature, checked on a thread of its own; a bad one gives up the memo.
  core::CheckedSignature sign_then_check(std::string_view payload) const override;

private:
  // Drops the memo and chooses the ordinary way (m_fallback) for every later signature.
  void give_up_memo() const;

  SignerMemo m_memo;
  CheckableKey m_key;
  std::filesystem::path m_memo_file;
  SignerChoice m_choose_slowly;
  mutable std::unique_ptr<core::Signer> m_fallback;
};

} // namespace gpg
