#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gpg {

// Policy in plain words (issue 18): when the key `fingerprint` of a key file (armored
// or binary) expires, as its newest self-signature says — seconds since 1970, 0 for
// never; nullopt when the file does not hold that version-4 key in a form this reads.
// Read in-process (no gpg), for showing only: the signature on it is not checked here;
// GnuPG judges the key whenever it is imported to check a signature.
std::optional<std::int64_t> key_expiry(std::string_view key_file, const std::string& fingerprint);

} // namespace gpg
