#pragma once

#include <string>

#include "gpg/signature_math.hpp"

namespace test_support {

// The public key `fingerprint` of the test's GnuPG keyring, as signature_math checks
// with it; an empty key (no fingerprint) when the keyring has none.
gpg::CheckableKey keyring_key(const std::string& fingerprint);

} // namespace test_support
