#include "support/keyring_key.hpp"

#include "gpg/context.hpp"
#include "gpg/gpgme_signer.hpp"
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

gpg::SignerMemo agent_memo(const std::string& fingerprint, int algorithm, int hash) {
  gpg::GpgmeSigner signer(fingerprint);
  signer.sign("start the agent\n");
  gpg::SignerMemo memo;
  memo.fingerprint = fingerprint;
  memo.signing_fingerprint = fingerprint;
  memo.keygrip = signer.key()->subkeys->keygrip;
  memo.public_key_algorithm = algorithm;
  memo.hash_algorithm = hash;
  memo.agent_socket = gpg::agent_socket_of().value_or("").string();
  memo.name = "Test";
  memo.email = "test@example.com";
  return memo;
}

} // namespace test_support
