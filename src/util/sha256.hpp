#pragma once

#include <string>
#include <string_view>

namespace util {

// The SHA-256 digest of some bytes, as 64 lower-case hex digits (FIPS 180-4). For
// evidence files, whose digest a record keeps so an auditor can check the copy.
std::string sha256_hex(std::string_view bytes);

} // namespace util
