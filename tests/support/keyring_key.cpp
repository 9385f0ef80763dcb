#include "support/keyring_key.hpp"

#include "gpg/openpgp.hpp"
#include "gpg/user_keys.hpp"

#include <optional>

namespace test_support {

gpg::CheckableKey keyring_key(const std::string& fingerprint) {
  std::optional<std::string> bytes = gpg::openpgp::dearmor(gpg::export_public_key(fingerprint));
  for (gpg::CheckableKey& key : gpg::checkable_keys(bytes.value_or(""))) {
    if (key.fingerprint == fingerprint) {
      return key;
    }
  }
  return {};
}

} // namespace test_support
