#pragma once

#include <string>

#include "core/signer.hpp"
#include "gpg/handles.hpp"

namespace gpg {

// Signs with a secret key of the user's keyring through GPGME, in-process (GnuPG's
// agent does the key work).
class GpgmeSigner : public core::Signer {
public:
  // Looks the key up; throws util::EnvironmentError when the keyring has no such
  // secret key.
  explicit GpgmeSigner(const std::string& fingerprint);

  std::string fingerprint() const override { return m_fingerprint; }
  std::string name() const override { return m_name; }
  std::string email() const override { return m_email; }
  std::string sign(std::string_view payload) const override;
  // The key as GPGME lists it (owned by this signer).
  gpgme_key_t key() const { return m_key.get(); }

private:
  std::string m_fingerprint;
  KeyPtr m_key;
  std::string m_name;
  std::string m_email;
};

} // namespace gpg
