#include "util/pattern.hpp"

#include "util/deleter.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <new>
#include <vector>

namespace util {

namespace {

// Every PCRE2 handle is owned by one of these; no *_free call happens elsewhere.
using CompileContextPtr = std::unique_ptr<pcre2_compile_context, Deleter<pcre2_compile_context_free>>;
using MatchContextPtr = std::unique_ptr<pcre2_match_context, Deleter<pcre2_match_context_free>>;
using MatchDataPtr = std::unique_ptr<pcre2_match_data, Deleter<pcre2_match_data_free>>;

// ECMA-262's reading of a pattern, as far as PCRE2 has it (see the header).
constexpr std::uint32_t k_compile_options =
    PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_NEVER_BACKSLASH_C;
constexpr std::uint32_t k_extra_options = PCRE2_EXTRA_ALT_BSUX;

// The matcher's inner function runs once per place a match may start, and once per
// lookaround or recursion: a million-character text searched everywhere takes a million.
constexpr std::uint32_t k_match_limit = 10'000'000;
// Lookarounds and recursions inside each other; each level is a call on the stack.
constexpr std::uint32_t k_depth_limit = 1000;
constexpr std::uint32_t k_heap_limit_kib = 64 * 1024;
// The states the algorithm keeps (ints): it asks for more when a pattern needs it.
constexpr std::size_t k_first_workspace = 1000;
constexpr std::size_t k_largest_workspace = std::size_t{1} << 22;

std::string error_message(int code) {
  std::array<PCRE2_UCHAR, 256> buffer{};
  int length = pcre2_get_error_message(code, buffer.data(), buffer.size());
  if (length < 0) {
    return "PCRE2 error " + std::to_string(code);
  }
  return {reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(length)};
}

// "at the start" or "after character 9": PCRE2 counts bytes, people count characters.
std::string place(std::string_view pattern, std::size_t byte_offset) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < byte_offset && i < pattern.size(); ++i) {
    characters += (static_cast<unsigned char>(pattern[i]) & 0xC0U) != 0x80U ? 1U : 0U;
  }
  return characters == 0 ? "at the start" : "after character " + std::to_string(characters);
}

bool too_complex(int code) {
  return code == PCRE2_ERROR_PATTERN_TOO_LARGE || code == PCRE2_ERROR_PATTERN_TOO_COMPLICATED ||
         code == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP || code == PCRE2_ERROR_HEAP_FAILED ||
         code == PCRE2_ERROR_TOO_MANY_CAPTURES || code == PCRE2_ERROR_TOO_MANY_NAMED_SUBPATTERNS;
}

} // namespace

void Pattern::CodeFree::operator()(pcre2_real_code_8* code) const { pcre2_code_free(code); }

Pattern::Pattern(std::string text, Span span, pcre2_real_code_8* code)
    : m_text(std::move(text)), m_span(span), m_code(code) {}

Result<Pattern, Pattern::Refusal> Pattern::compile(std::string_view pattern, Span span) {
  CompileContextPtr context(pcre2_compile_context_create(nullptr));
  if (!context) {
    throw std::bad_alloc();
  }
  pcre2_set_compile_extra_options(context.get(), k_extra_options);
  pcre2_set_newline(context.get(), PCRE2_NEWLINE_ANYCRLF); // what `.` leaves out: \n and \r
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                       k_compile_options, &code, &offset, context.get());
  if (compiled == nullptr) {
    Refusal::Kind kind = too_complex(code) ? Refusal::Kind::too_complex : Refusal::Kind::invalid;
    return Result<Pattern, Refusal>::failure({kind, error_message(code) + " " + place(pattern, offset)});
  }
  Pattern result(std::string(pattern), span, compiled);
  std::uint32_t back_references = 0;
  pcre2_pattern_info(compiled, PCRE2_INFO_BACKREFMAX, &back_references);
  if (back_references > 0) {
    return Result<Pattern, Refusal>::failure({Refusal::Kind::back_reference, "a back-reference such as \\1"});
  }
  return result;
}

Result<bool, Pattern::Failure> Pattern::matches(std::string_view text) const {
  MatchContextPtr context(pcre2_match_context_create(nullptr));
  MatchDataPtr data(pcre2_match_data_create(1, nullptr));
  if (!context || !data) {
    throw std::bad_alloc();
  }
  pcre2_set_match_limit(context.get(), k_match_limit);
  pcre2_set_depth_limit(context.get(), k_depth_limit);
  pcre2_set_heap_limit(context.get(), k_heap_limit_kib);
  std::uint32_t options = m_span == Span::whole_text ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0;
  std::vector<int> workspace(k_first_workspace);
  while (true) {
    int found = pcre2_dfa_match(m_code.get(), reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, options,
                                data.get(), context.get(), workspace.data(), workspace.size());
    if (found >= 0) { // 0: more ways to match than the match data holds
      return true;
    }
    if (found == PCRE2_ERROR_NOMATCH) {
      return false;
    }
    if (found == PCRE2_ERROR_DFA_WSSIZE && workspace.size() < k_largest_workspace) {
      workspace.resize(workspace.size() * 4);
      continue;
    }
    if (found <= PCRE2_ERROR_UTF8_ERR1 && found >= PCRE2_ERROR_UTF8_ERR21) {
      // (pcre2_dfa_match leaves the place of the bad byte unset.)
      return Result<bool, Failure>::failure({Failure::Kind::not_utf8, error_message(found)});
    }
    bool limit = found == PCRE2_ERROR_MATCHLIMIT || found == PCRE2_ERROR_DEPTHLIMIT ||
                 found == PCRE2_ERROR_HEAPLIMIT || found == PCRE2_ERROR_NOMEMORY ||
                 found == PCRE2_ERROR_DFA_WSSIZE || found == PCRE2_ERROR_DFA_RECURSE;
    return Result<bool, Failure>::failure(
        {limit ? Failure::Kind::too_much_work : Failure::Kind::unsupported, error_message(found)});
  }
}

std::string pcre2_version() {
  std::array<char, 64> buffer{};
  int length = pcre2_config(PCRE2_CONFIG_VERSION, buffer.data());
  std::string version = length > 1 ? std::string(buffer.data()) : std::string("unknown");
  return version.substr(0, version.find(' ')); // without the release date
}

} // namespace util
