#include "core/input_pattern.hpp"

namespace core {

util::Result<util::Pattern, util::Pattern::Refusal> compile_input_pattern(const std::string& pattern) {
  return util::Pattern::compile(pattern, util::Pattern::Span::whole_text);
}

std::string pattern_fault(const util::Pattern::Refusal& refusal) {
  switch (refusal.kind) {
  case util::Pattern::Refusal::Kind::back_reference:
    return "uses a back-reference such as \\1, which answers are not checked against";
  case util::Pattern::Refusal::Kind::too_complex:
    return "is too complex to check answers against (" + refusal.detail + ")";
  case util::Pattern::Refusal::Kind::invalid:
    break;
  }
  return "is not a valid regular expression (" + refusal.detail + ")";
}

std::optional<std::string> pattern_problem(const Input& input, const std::string& value) {
  if (!input.pattern) {
    return std::nullopt;
  }
  auto pattern = compile_input_pattern(*input.pattern);
  if (!pattern) {
    return "the runbook's pattern for \"" + input.name + "\" " + pattern_fault(pattern.error()) +
           "; ask the runbook's owner to fix it";
  }
  auto matched = pattern->matches(value);
  if (matched) {
    if (*matched) {
      return std::nullopt;
    }
    if (input.hint) { // plain words instead of the pattern (issue 17)
      return "\"" + value + "\" does not fit: " + input.name + " must be " + *input.hint;
    }
    return "\"" + value + "\" does not have the form \"" + input.name + "\" needs (" + *input.pattern + ")";
  }
  const util::Pattern::Failure& failure = matched.error();
  switch (failure.kind) {
  case util::Pattern::Failure::Kind::not_utf8:
    return "the answer for \"" + input.name + "\" is not valid UTF-8 text (" + failure.detail + ")";
  case util::Pattern::Failure::Kind::too_much_work:
    return "checking the answer for \"" + input.name + "\" against the runbook's pattern (" + *input.pattern +
           ") took more work than allowed (" + failure.detail +
           "); ask the runbook's owner for a simpler pattern, or give a shorter answer";
  case util::Pattern::Failure::Kind::unsupported:
    break;
  }
  return "the runbook's pattern for \"" + input.name + "\" (" + *input.pattern +
         ") uses something answers are not checked against (" + failure.detail +
         "); ask the runbook's owner to fix it";
}

} // namespace core
