#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace util {

// The one place where octets become text and back: hexadecimal (RFC 4648's base16) and
// base64 (RFC 4648's standard alphabet, with '=' padding, no line breaks).

// Which letters hex writes: lower case as Git writes object ids and digests, upper case
// as GnuPG writes fingerprints, keygrips and the digests it sends its agent.
enum class HexCase { lower, upper };

// Two hex digits for each octet of `bytes`.
std::string hex(std::string_view bytes, HexCase letters = HexCase::lower);

// The octets that `text` spells in hex, either case. nullopt when `text` has an odd
// length or a character that is no hex digit.
std::optional<std::string> hex_decode(std::string_view text);

// Whether `text` is hex written in `letters`' case only (digits and a to f, or A to F),
// an even number of them.
bool is_hex(std::string_view text, HexCase letters);

// `bytes` in base64, padded with '=' to a multiple of four characters.
std::string base64(std::string_view bytes);

// The octets that `text` spells in base64. nullopt unless `text` is a multiple of four
// characters of the standard alphabet, with at most two '=' and only at its end.
// Leftover bits of the last character are ignored, as GnuPG ignores them.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace util
