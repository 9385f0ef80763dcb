#pragma once

#include <string>

#include "gpg/signature_math.hpp"
#include "gpg/signer_memo.hpp"

namespace test_support {

// The public key `fingerprint` of the test's GnuPG keyring, as signature_math checks
// with it; an empty key (no fingerprint) when the keyring has none.
gpg::CheckableKey keyring_key(const std::string& fingerprint);

// A memo as the slow path writes it for the key `fingerprint` of the test's keyring,
// after one GnuPG signature started the agent: what the agent signer needs.
gpg::SignerMemo agent_memo(const std::string& fingerprint, int algorithm, int hash);

} // namespace test_support
