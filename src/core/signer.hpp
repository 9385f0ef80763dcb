#pragma once

#include <functional>
#include <future>
#include <string>
#include <string_view>
#include <utility>

namespace core {

// A signature and the signer's own check of it, which may still be running on another
// thread: the caller does other work meanwhile (the commit writer flushes the objects
// to disk) and asks before anything points at the result.
class CheckedSignature {
public:
  // A signature whose check is done.
  explicit CheckedSignature(std::string armored) : m_armored(std::move(armored)) {}
  // `check` answers whether the signature is good; `when_bad` runs on the caller's
  // thread when it is not (the signer's next signature is then made another way).
  CheckedSignature(std::string armored, std::future<bool> check, std::function<void()> when_bad)
      : m_armored(std::move(armored)), m_check(std::move(check)), m_when_bad(std::move(when_bad)) {}

  const std::string& armored() const { return m_armored; }
  // Waits for the check. False: the signature must not be used; sign again.
  [[nodiscard]] bool good() {
    if (m_check.valid()) {
      m_good = m_check.get();
      if (!m_good && m_when_bad) {
        m_when_bad();
      }
    }
    return m_good;
  }

private:
  std::string m_armored;
  std::future<bool> m_check;
  std::function<void()> m_when_bad;
  bool m_good = true;
};

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
  // The same, but the signer may still be checking the signature when this returns.
  virtual CheckedSignature sign_then_check(std::string_view payload) const { return CheckedSignature(sign(payload)); }
};

} // namespace core
