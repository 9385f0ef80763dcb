#pragma once

#include <string>
#include <vector>

namespace gpg {

// The shape of what is handed to GnuPG, read in-process (private_keyring.cpp): what a
// signature block holds besides its mathematics, for messages that name the cause when
// GnuPG refuses it, and which key files can share one import.

// Whether an armored block holds a signed message (literal data, a one-pass signature
// or compressed data) rather than a detached signature.
bool holds_message(const std::string& armored);

// Whether the one signature of an armored block has a critical notation in its signed
// area: GnuPG calls such a signature bad, though nothing was changed.
bool has_critical_notation(const std::string& armored);

// The primary fingerprints of a key file that is one well-formed armored block of public
// keys that the in-process reader fully understands: such files can share one gpg
// process, each told apart afterwards by the fingerprints GnuPG reports. Empty for
// anything else (binary, several blocks, secret or unknown keys), which is imported on
// its own.
std::vector<std::string> batchable_primaries(const std::string& file);

} // namespace gpg
