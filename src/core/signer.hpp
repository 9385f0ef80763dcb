#pragma once

#include <string>
#include <string_view>

namespace core {

// Who signs a commit, and how. The GPGME implementation lives in src/gpg; tests can
// pass their own. The key's identity decides every permission, never user.name.
class Signer {
public:
  virtual ~Signer() = default;
  // The primary key's fingerprint, 40 upper-case hex digits.
  virtual std::string fingerprint() const = 0;
  // The name and address of the key's first user id.
  virtual std::string name() const = 0;
  virtual std::string email() const = 0;
  // A detached, ASCII-armored OpenPGP signature over `payload`. Throws
  // util::EnvironmentError when signing is impossible (agent gone, key unusable).
  virtual std::string sign(std::string_view payload) const = 0;
};

} // namespace core
