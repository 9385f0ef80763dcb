#pragma once

#include "core/signer.hpp"
#include "gpg/gpgme_signer.hpp"
#include "gpg/signer_memo.hpp"

#include <filesystem>
#include <memory>

namespace gpg {

// Signs through GnuPG like the signer it wraps and, after its first good signature,
// writes a memo of the key that signed (gpg/signer_memo.hpp), so that the next command
// can sign by asking gpg-agent directly. Nothing is remembered when the memo's inputs
// changed meanwhile, when a subkey signed (the in-process check before each fast
// signature handles primary keys only), for an algorithm other than RSA or EdDSA, or
// when the agent's socket cannot be found.
class KeyRememberingSigner : public core::Signer {
public:
  // `inputs`: what the choice of `signer`'s key depended on, taken before choosing.
  KeyRememberingSigner(std::unique_ptr<GpgmeSigner> signer,
                       std::filesystem::path memo_file,
                       SignerMemoInputs inputs);

  std::string fingerprint() const override { return m_signer->fingerprint(); }
  std::string name() const override { return m_signer->name(); }
  std::string email() const override { return m_signer->email(); }
  // As GpgmeSigner::sign; remembering never fails the signature.
  std::string sign(std::string_view payload) const override;

private:
  std::optional<SignerMemo> memo_for(const std::string& signature) const;

  std::unique_ptr<GpgmeSigner> m_signer;
  std::filesystem::path m_memo_file;
  SignerMemoInputs m_inputs;
  mutable bool m_remembered = false;
};

} // namespace gpg
