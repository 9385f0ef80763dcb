#pragma once

#include <string>

namespace gpg {

// What a signature block holds besides its mathematics, for messages that name the
// cause when GnuPG refuses it (private_keyring.cpp).

// Whether an armored block holds a signed message (literal data, a one-pass signature
// or compressed data) rather than a detached signature.
bool holds_message(const std::string& armored);

// Whether the one signature of an armored block has a critical notation in its signed
// area: GnuPG calls such a signature bad, though nothing was changed.
bool has_critical_notation(const std::string& armored);

} // namespace gpg
