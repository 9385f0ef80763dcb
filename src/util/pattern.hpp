#pragma once

#include "util/result.hpp"

#include <memory>
#include <string>
#include <string_view>

struct pcre2_real_code_8; // PCRE2's compiled pattern (pcre2_code with 8-bit code units)

namespace util {

// A regular expression as JSON Schema's `pattern` and a runbook input's `pattern` write
// one (JavaScript's syntax, ECMA-262), compiled and matched by PCRE2 as UTF-8 text: `.`
// takes any character but a line break (\n, \r), `$` is the end of the text only, \uXXXX
// is a character, [^] is any character.
//
// Matching uses PCRE2's other algorithm (pcre2_dfa_match), which follows all the ways
// through the pattern at once instead of trying them one after the other: the work
// grows with the text's length times the pattern's, never exponentially (`^(a+)+$` on
// "aaa…ab" answers at once), and no step recurses on the machine's stack once per
// character. What it cannot do, back-references (\1), is refused when compiling. Limits
// on its work and memory still apply; a text that reaches one gets an error, not a guess.
class Pattern {
public:
  // Where the pattern must match: somewhere in the text (JSON Schema's `pattern`), or
  // the whole text (a runbook input's `pattern`).
  enum class Span { anywhere, whole_text };

  // Why a pattern was refused.
  struct Refusal {
    enum class Kind {
      invalid,        // not a regular expression
      too_complex,    // compiles to more than PCRE2 takes (repetitions of repetitions)
      back_reference, // \1 or \k<name>: not matched by the algorithm above
    };
    Kind kind;
    // PCRE2's words and the place, e.g. "missing closing parenthesis at character 9".
    std::string detail;
  };

  // Why a text could not be judged.
  struct Failure {
    enum class Kind {
      too_much_work, // a limit on work or memory was reached
      not_utf8,      // the text is not valid UTF-8
      unsupported,   // the pattern uses something only the usual algorithm does (\K)
    };
    Kind kind;
    std::string detail; // PCRE2's words: "UTF-8 error: isolated byte with 0x80 bit set"
  };

  static Result<Pattern, Refusal> compile(std::string_view pattern, Span span);

  // Whether the text matches, or why that cannot be told.
  Result<bool, Failure> matches(std::string_view text) const;

  const std::string& text() const { return m_text; }

private:
  struct CodeFree {
    void operator()(pcre2_real_code_8* code) const;
  };
  Pattern(std::string text, Span span, pcre2_real_code_8* code);

  std::string m_text;
  Span m_span;
  std::unique_ptr<pcre2_real_code_8, CodeFree> m_code;
};

// The version of PCRE2 in this binary, as it reports it, without its date ("10.42").
std::string pcre2_version();

} // namespace util
