#pragma once

#include <string>
#include <string_view>

namespace gpg {

// The SHA-256 digest of some bytes, as 64 lower-case hex digits, computed by libgcrypt
// (which uses the processor's SHA instructions where there are some). For evidence
// files, whose digest a record keeps so an auditor can check the copy, and for the
// keys of verify's cache.
std::string sha256_hex(std::string_view bytes);

} // namespace gpg
