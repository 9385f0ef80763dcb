#include "util/pattern.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace pattern_test {

using testing::AllOf;
using testing::HasSubstr;
using testing::StartsWith;
using util::Pattern;

constexpr Pattern::Span k_anywhere = Pattern::Span::anywhere;
constexpr Pattern::Span k_whole = Pattern::Span::whole_text;

Pattern compiled(const std::string& text, Pattern::Span span) {
  auto pattern = Pattern::compile(text, span);
  if (!pattern) {
    ADD_FAILURE() << text << " refused: " << pattern.error().detail;
    return std::move(Pattern::compile("", span)).value();
  }
  return std::move(pattern).value();
}

// Whether `text` matches; a failure to tell is a test failure.
bool matches(const std::string& pattern, Pattern::Span span, const std::string& text) {
  auto matched = compiled(pattern, span).matches(text);
  EXPECT_TRUE(matched.ok()) << pattern << " could not judge a text of " << text.size()
                            << " bytes: " << (matched ? "" : matched.error().detail);
  return matched.ok() && *matched;
}

Pattern::Refusal refusal(const std::string& pattern) {
  auto compiled = Pattern::compile(pattern, k_whole);
  EXPECT_FALSE(compiled.ok()) << pattern << " was accepted";
  return compiled ? Pattern::Refusal{Pattern::Refusal::Kind::invalid, "accepted"} : compiled.error();
}

TEST(Pattern, SearchesAnywhereOrMatchesTheWholeText) {
  EXPECT_TRUE(matches("\\S", k_anywhere, "   x "));
  EXPECT_FALSE(matches("\\S", k_anywhere, " \t "));
  EXPECT_TRUE(matches("[0-9]{4}", k_anywhere, "year 2024!"));
  EXPECT_TRUE(matches("[0-9]{4}", k_whole, "2024"));
  EXPECT_FALSE(matches("[0-9]{4}", k_whole, "year 2024"));
  EXPECT_FALSE(matches("[0-9]{4}", k_whole, "20245"));
  EXPECT_TRUE(matches("^INC-[0-9]+$", k_whole, "INC-42"));
  EXPECT_FALSE(matches("^INC-[0-9]+$", k_whole, "INC-"));
  // The whole text, by whichever alternative fits (as std::regex_match did).
  EXPECT_TRUE(matches("a|ab", k_whole, "ab"));
  EXPECT_FALSE(matches("a|ab", k_whole, "ac"));
  EXPECT_TRUE(matches("", k_anywhere, "anything"));
}

TEST(Pattern, ReadsPatternsAsJavaScriptDoes) {
  // `$` is the end of the text, not before a final line break.
  EXPECT_FALSE(matches("^abc$", k_anywhere, "abc\n"));
  EXPECT_FALSE(matches("abc", k_whole, "abc\n"));
  // `.` is any character but a line break.
  EXPECT_TRUE(matches("^a.b$", k_anywhere, "a b"));
  EXPECT_FALSE(matches("^a.b$", k_anywhere, "a\nb"));
  EXPECT_FALSE(matches("^a.b$", k_anywhere, "a\rb"));
  // [^] is any character, line breaks too.
  EXPECT_TRUE(matches("^[^]$", k_anywhere, "\n"));
  // \uXXXX is a character.
  EXPECT_TRUE(matches("^caf\\u00e9$", k_anywhere, "café"));
  // Lookahead.
  EXPECT_TRUE(matches("^(?=.*[0-9])[a-z0-9]+$", k_whole, "abc1"));
  EXPECT_FALSE(matches("^(?=.*[0-9])[a-z0-9]+$", k_whole, "abc"));
}

TEST(Pattern, CountsCharactersNotBytes) {
  EXPECT_TRUE(matches("^.{4}$", k_whole, "café"));
  EXPECT_TRUE(matches("[é]", k_whole, "é"));
  EXPECT_TRUE(matches("^[^a-z]+$", k_whole, "日本"));
}

TEST(Pattern, AnInvalidPatternIsRefusedWithThePlace) {
  Pattern::Refusal unclosed = refusal("(unclosed");
  EXPECT_EQ(unclosed.kind, Pattern::Refusal::Kind::invalid);
  EXPECT_THAT(unclosed.detail, AllOf(HasSubstr("missing closing parenthesis"), HasSubstr("after character 9")));
  EXPECT_THAT(refusal("*a").detail, HasSubstr("at the start"));
  EXPECT_THAT(refusal("é[").detail, HasSubstr("after character 2")); // characters, though é is 2 bytes
  for (const std::string bad : {"[0-9", "a{2,1}", "\\", "(?<", "a**"}) {
    EXPECT_EQ(refusal(bad).kind, Pattern::Refusal::Kind::invalid) << bad;
  }
  EXPECT_EQ(refusal("\xff").kind, Pattern::Refusal::Kind::invalid); // not UTF-8
}

TEST(Pattern, BackReferencesAreRefused) {
  EXPECT_EQ(refusal("^(a+)\\1$").kind, Pattern::Refusal::Kind::back_reference);
  EXPECT_EQ(refusal("(?<x>a)\\k<x>").kind, Pattern::Refusal::Kind::back_reference);
}

TEST(Pattern, AnExplodingPatternIsRefusedAsTooComplex) {
  Pattern::Refusal exploding = refusal("((a{100}){100}){100}");
  EXPECT_EQ(exploding.kind, Pattern::Refusal::Kind::too_complex);
  EXPECT_THAT(exploding.detail, HasSubstr("too large"));
}

// std::regex's default matcher recursed once per character a repetition took in: a value
// of some 30 000 characters overflowed the stack.
TEST(Pattern, AMegabyteTextIsJudgedWithoutACrash) {
  std::string text;
  for (std::size_t i = 0; i < 1024 * 1024 / 2; ++i) {
    text += "ab";
  }
  EXPECT_TRUE(matches("^(a|b)*$", k_anywhere, text));
  EXPECT_TRUE(matches("(a|b)*", k_whole, text));
  EXPECT_FALSE(matches("^(a|b)*$", k_anywhere, text + "c"));
  EXPECT_FALSE(matches("^[^\\n\\r]*\\S[^\\n\\r]*$", k_anywhere, std::string(1024 * 1024, ' ')));
  EXPECT_TRUE(matches("^[^@\\s<>]+@[^@\\s<>]+$", k_anywhere, std::string(1024 * 1024, 'a') + "@example.com"));
}

// A backtracking matcher tries 2^40 ways before it says no, and would reach the work
// limit (a count of steps, not a time: `matches` fails on it); this one answers.
TEST(Pattern, NestedRepetitionsAnswerAtOnce) {
  EXPECT_FALSE(matches("^(a+)+$", k_whole, std::string(40, 'a') + "b"));
  EXPECT_TRUE(matches("^(a+)+$", k_whole, std::string(40, 'a')));
  EXPECT_FALSE(matches("^([a-z0-9]+-?)*[a-z0-9]$", k_whole, "my-very-long-host-name-with-a-typo-in-it_"));
}

// Recursion is the one thing that nests the matcher's calls as the text grows: a limit
// stops it, and the caller is told so.
TEST(Pattern, ALimitReachedIsAFailureNotAnAnswer) {
  std::string text = std::string(3000, 'a') + std::string(3000, 'b');
  auto matched = compiled("^(a(?1)?b)$", k_anywhere).matches(text);
  ASSERT_FALSE(matched.ok());
  EXPECT_EQ(matched.error().kind, Pattern::Failure::Kind::too_much_work);
  EXPECT_THAT(matched.error().detail, HasSubstr("limit"));
  EXPECT_TRUE(matches("^(a(?1)?b)$", k_anywhere, "aaabbb")); // within the limit
}

TEST(Pattern, TextThatIsNotUtf8IsAFailure) {
  auto matched = compiled("a", k_anywhere).matches("ab\xff");
  ASSERT_FALSE(matched.ok());
  EXPECT_EQ(matched.error().kind, Pattern::Failure::Kind::not_utf8);
  EXPECT_THAT(matched.error().detail, HasSubstr("UTF-8 error"));
}

TEST(Pattern, WhatTheOtherAlgorithmCannotDoIsAFailure) {
  auto matched = compiled("a\\Kb", k_anywhere).matches("ab");
  ASSERT_FALSE(matched.ok());
  EXPECT_EQ(matched.error().kind, Pattern::Failure::Kind::unsupported);
}

TEST(Pattern, NamesPcre2sVersion) { EXPECT_THAT(util::pcre2_version(), StartsWith("10.")); }

} // namespace pattern_test
