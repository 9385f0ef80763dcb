#include "yaml/field_edit.hpp"

#include "yaml/strict_yaml.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace field_edit_test {

using nlohmann::json;
using testing::HasSubstr;
using testing::Not;
using yaml::inline_scalar;
using yaml::remove_top_level_field;
using yaml::set_top_level_field;

// The file read back strictly; fails the test when it is not valid.
json parsed(std::string_view text) {
  auto result = yaml::parse_strict(text, "edited.yaml");
  EXPECT_TRUE(result.ok()) << "not valid YAML any more:\n"
                           << text << "\n"
                           << (result.ok() ? "" : core::format_all(result.error()));
  return result.ok() ? result->value : json();
}

const std::string k_runbook = "# yaml-language-server: $schema=../../.runbook/schemas/runbook.schema.json\n"
                              "id: onboarding\n"
                              "version: 2\n"
                              "# Why this version exists:\n"
                              "change: |\n"
                              "  The laptop vendor changed.\n"
                              "\n"
                              "  Also: order two weeks ahead.\n"
                              "\n"
                              "title: Onboard a new colleague # shown in lists\n"
                              "owner: alice\n"
                              "steps:\n"
                              "  - id: \"1\"\n"
                              "    title: Order a laptop\n"
                              "    do: |\n"
                              "      Order it.\n"
                              "    version: 7\n"
                              "  - id: \"2\"\n"
                              "    title: Create the accounts\n"
                              "    do: Create them.\n"
                              "    change: nested, not the top-level one\n";

// ---------------------------------------------------------------- set_top_level_field: replace

TEST(FieldEdit, ReplacesAOneLineField) {
  std::string text = "id: x\nversion: 1\ntitle: T\n";
  EXPECT_EQ(set_top_level_field(text, "version", "2"), "id: x\nversion: 2\ntitle: T\n");
  EXPECT_EQ(set_top_level_field(text, "id", "y"), "id: y\nversion: 1\ntitle: T\n");
  EXPECT_EQ(set_top_level_field(text, "title", "\"New\""), "id: x\nversion: 1\ntitle: \"New\"\n");
}

TEST(FieldEdit, ReplacingKeepsEverythingElseByteForByte) {
  std::string edited = set_top_level_field(k_runbook, "version", "3");
  std::string expected = k_runbook;
  expected.replace(expected.find("version: 2\n"), 11, "version: 3\n");
  EXPECT_EQ(edited, expected);
  json value = parsed(edited);
  EXPECT_EQ(value["version"], 3);
  EXPECT_EQ(value["steps"][0]["version"], 7);
}

TEST(FieldEdit, ReplacesABlockScalarWithoutTouchingTheNextField) {
  std::string edited = set_top_level_field(k_runbook, "change", "\"\"");
  EXPECT_EQ(edited, "# yaml-language-server: $schema=../../.runbook/schemas/runbook.schema.json\n"
                    "id: onboarding\n"
                    "version: 2\n"
                    "# Why this version exists:\n"
                    "change: \"\"\n"
                    "\n"
                    "title: Onboard a new colleague # shown in lists\n"
                    "owner: alice\n"
                    "steps:\n"
                    "  - id: \"1\"\n"
                    "    title: Order a laptop\n"
                    "    do: |\n"
                    "      Order it.\n"
                    "    version: 7\n"
                    "  - id: \"2\"\n"
                    "    title: Create the accounts\n"
                    "    do: Create them.\n"
                    "    change: nested, not the top-level one\n");
  json value = parsed(edited);
  EXPECT_EQ(value["change"], "");
  EXPECT_EQ(value["title"], "Onboard a new colleague");
  EXPECT_EQ(value["steps"][1]["change"], "nested, not the top-level one");
}

TEST(FieldEdit, ReplacesABlockScalarThatEndsTheFile) {
  std::string text = "id: x\nchange: >-\n  folded\n  text\n";
  EXPECT_EQ(set_top_level_field(text, "change", "short"), "id: x\nchange: short\n");
}

TEST(FieldEdit, ReplacesAFieldWithABlockScalarValue) {
  std::string text = "id: x\nchange: old\ntitle: T\n";
  std::string edited = set_top_level_field(text, "change", "|\n  line one\n  line two");
  EXPECT_EQ(edited, "id: x\nchange: |\n  line one\n  line two\ntitle: T\n");
  EXPECT_EQ(parsed(edited)["change"], "line one\nline two\n");
}

TEST(FieldEdit, ReplacesANestedMappingOrSequenceField) {
  std::string text = "id: x\ntags:\n  - a\n  - b\ninputs:\n  - name: n\n    prompt: p\nsteps: []\n";
  EXPECT_EQ(set_top_level_field(text, "tags", "[c]"), "id: x\ntags: [c]\ninputs:\n  - name: n\n    prompt: p\nsteps: []\n");
  EXPECT_EQ(set_top_level_field(text, "inputs", "[]"), "id: x\ntags:\n  - a\n  - b\ninputs: []\nsteps: []\n");
}

TEST(FieldEdit, ReplacesASequenceWrittenAtColumnOne) {
  // "key:\n- a\n- b" is an ordinary YAML way to write a sequence under a top-level key;
  // the "- " lines belong to the field.
  std::string text = "id: x\ntags:\n- a\n- b\ntitle: T\n";
  std::string edited = set_top_level_field(text, "tags", "[c]");
  EXPECT_EQ(edited, "id: x\ntags: [c]\ntitle: T\n");
  json value = parsed(edited);
  EXPECT_EQ(value["tags"], json::array({"c"}));
}

TEST(FieldEdit, EmptyValueWritesJustTheKey) {
  std::string text = "id: x\nchange: old\ntitle: T\n";
  EXPECT_EQ(set_top_level_field(text, "change", ""), "id: x\nchange:\ntitle: T\n");
}

TEST(FieldEdit, KeepsCommentsAndBlankLinesAround) {
  std::string text = "# top comment\n"
                     "\n"
                     "id: x\n"
                     "\n"
                     "# about the version\n"
                     "version: 1\n"
                     "\n"
                     "\n"
                     "# about the title\n"
                     "title: T\n"
                     "# the end\n";
  std::string expected = text;
  expected.replace(expected.find("version: 1"), 10, "version: 2");
  EXPECT_EQ(set_top_level_field(text, "version", "2"), expected);
}

TEST(FieldEdit, KeepsBlankLinesInsideOtherBlockScalars) {
  std::string text = "summary: |\n  one\n\n  two\nversion: 1\nchange: |\n  a\n\n  b\n";
  std::string edited = set_top_level_field(text, "version", "2");
  EXPECT_EQ(edited, "summary: |\n  one\n\n  two\nversion: 2\nchange: |\n  a\n\n  b\n");
  json value = parsed(edited);
  EXPECT_EQ(value["summary"], "one\n\ntwo\n");
  EXPECT_EQ(value["change"], "a\n\nb\n");
}

TEST(FieldEdit, OnlyTheFirstColumnKeyIsAField) {
  // "version" appears nested under steps (indented): never touched.
  std::string text = "steps:\n  - id: \"1\"\n    version: 7\nversion: 1\n";
  EXPECT_EQ(set_top_level_field(text, "version", "2"), "steps:\n  - id: \"1\"\n    version: 7\nversion: 2\n");
  EXPECT_EQ(remove_top_level_field(text, "version"), "steps:\n  - id: \"1\"\n    version: 7\n");
}

TEST(FieldEdit, NestedKeyOfTheSameNameDoesNotCountAsPresent) {
  std::string text = "id: x\nsteps:\n  - id: \"1\"\n    change: nested\n";
  std::string edited = set_top_level_field(text, "change", "top");
  EXPECT_EQ(edited, "id: x\nsteps:\n  - id: \"1\"\n    change: nested\nchange: top\n");
  json value = parsed(edited);
  EXPECT_EQ(value["change"], "top");
  EXPECT_EQ(value["steps"][0]["change"], "nested");
}

TEST(FieldEdit, KeysThatStartTheSameAreDifferentFields) {
  std::string text = "versions: [1]\nversion_note: n\nversion: 1\n";
  EXPECT_EQ(set_top_level_field(text, "version", "2"), "versions: [1]\nversion_note: n\nversion: 2\n");
  std::string only_longer = "versions: [1]\n";
  EXPECT_EQ(set_top_level_field(only_longer, "version", "2"), "versions: [1]\nversion: 2\n");
  EXPECT_EQ(set_top_level_field("x-version: 1\n", "version", "2"), "x-version: 1\nversion: 2\n");
}

TEST(FieldEdit, KeyInsideACommentIsNotAField) {
  std::string text = "id: x\n# version: 9\n";
  EXPECT_EQ(set_top_level_field(text, "version", "2", "id"), "id: x\nversion: 2\n# version: 9\n");
}

TEST(FieldEdit, KeyInsideABlockScalarIsNotAField) {
  std::string text = "summary: |\n  version: 9\n  more\nid: x\n";
  EXPECT_EQ(set_top_level_field(text, "version", "2", "id"), "summary: |\n  version: 9\n  more\nid: x\nversion: 2\n");
}

// ---------------------------------------------------------------- set_top_level_field: insert

TEST(FieldEdit, InsertsAfterTheGivenField) {
  std::string text = "id: x\nversion: 2\ntitle: T\n";
  EXPECT_EQ(set_top_level_field(text, "change", "\"\"", "version"), "id: x\nversion: 2\nchange: \"\"\ntitle: T\n");
}

TEST(FieldEdit, InsertsAfterAMultiLineField) {
  std::string text = "id: x\nsummary: |\n  one\n  two\ntitle: T\n";
  EXPECT_EQ(set_top_level_field(text, "change", "c", "summary"),
            "id: x\nsummary: |\n  one\n  two\nchange: c\ntitle: T\n");
}

TEST(FieldEdit, InsertsBeforeTheBlankLineThatEndsTheGivenField) {
  std::string text = "id: x\nversion: 2\n\n# the title\ntitle: T\n";
  EXPECT_EQ(set_top_level_field(text, "change", "c", "version"),
            "id: x\nversion: 2\nchange: c\n\n# the title\ntitle: T\n");
}

TEST(FieldEdit, InsertsAfterTheLastField) {
  std::string text = "id: x\nversion: 2\n";
  EXPECT_EQ(set_top_level_field(text, "change", "c", "version"), "id: x\nversion: 2\nchange: c\n");
}

TEST(FieldEdit, AppendsAtTheEndWhenTheAfterFieldIsMissing) {
  std::string text = "id: x\ntitle: T\n";
  EXPECT_EQ(set_top_level_field(text, "change", "c", "version"), "id: x\ntitle: T\nchange: c\n");
}

TEST(FieldEdit, AppendsAtTheEndWithoutAnAfterField) {
  std::string text = "id: x\ntitle: T\n";
  EXPECT_EQ(set_top_level_field(text, "change", "c"), "id: x\ntitle: T\nchange: c\n");
}

TEST(FieldEdit, ExistingFieldIsReplacedInPlaceEvenWhenAfterIsGiven) {
  std::string text = "change: old\nid: x\nversion: 2\n";
  EXPECT_EQ(set_top_level_field(text, "change", "new", "version"), "change: new\nid: x\nversion: 2\n");
}

TEST(FieldEdit, EditOfAPublishedVersionGivesAValidDraft) {
  // What `git runbook edit` does: raise the version, then empty `change` (inserted
  // after `version` when v1 had none).
  std::string v1 = "id: onboarding\nversion: 1\ntitle: Onboard\nowner: alice\nsteps:\n  - id: \"1\"\n"
                   "    title: T\n    do: D\n";
  std::string draft = set_top_level_field(v1, "version", "2");
  draft = set_top_level_field(draft, "change", "\"\"", "version");
  EXPECT_EQ(draft, "id: onboarding\nversion: 2\nchange: \"\"\ntitle: Onboard\nowner: alice\nsteps:\n"
                   "  - id: \"1\"\n    title: T\n    do: D\n");
  json value = parsed(draft);
  EXPECT_EQ(value["version"], 2);
  EXPECT_EQ(value["change"], "");

  std::string v3 = set_top_level_field(k_runbook, "version", "3");
  v3 = set_top_level_field(v3, "change", "\"\"", "version");
  json next = parsed(v3);
  EXPECT_EQ(next["version"], 3);
  EXPECT_EQ(next["change"], "");
  EXPECT_EQ(next["title"], "Onboard a new colleague");
  EXPECT_EQ(next["steps"].size(), 2U);
}

// ---------------------------------------------------------------- odd files

TEST(FieldEdit, FileWithoutFinalNewline) {
  std::string replaced = set_top_level_field("id: x\nversion: 1", "version", "2");
  EXPECT_THAT(replaced, testing::AnyOf("id: x\nversion: 2\n", "id: x\nversion: 2"));
  std::string appended = set_top_level_field("id: x", "version", "1");
  EXPECT_THAT(appended, testing::AnyOf("id: x\nversion: 1\n", "id: x\nversion: 1"));
  std::string inserted = set_top_level_field("id: x\ntitle: T", "version", "1", "id");
  EXPECT_THAT(inserted, testing::AnyOf("id: x\nversion: 1\ntitle: T\n", "id: x\nversion: 1\ntitle: T"));
  std::string removed = remove_top_level_field("id: x\nversion: 1", "version");
  EXPECT_THAT(removed, testing::AnyOf("id: x\n", "id: x"));
  EXPECT_EQ(parsed(appended)["version"], 1);
}

TEST(FieldEdit, EmptyFile) {
  EXPECT_EQ(set_top_level_field("", "version", "1"), "version: 1\n");
  EXPECT_EQ(set_top_level_field("", "version", "1", "id"), "version: 1\n");
  EXPECT_EQ(remove_top_level_field("", "version"), "");
}

TEST(FieldEdit, FileOfOnlyCommentsAndBlankLines) {
  std::string text = "# a comment\n\n";
  EXPECT_EQ(remove_top_level_field(text, "version"), text);
  std::string edited = set_top_level_field(text, "version", "1");
  EXPECT_THAT(edited, HasSubstr("# a comment\n"));
  EXPECT_THAT(edited, HasSubstr("version: 1\n"));
  EXPECT_EQ(parsed(edited)["version"], 1);
}

TEST(FieldEdit, TrailingBlankLinesAreKept) {
  std::string text = "id: x\nversion: 1\n\n\n";
  EXPECT_EQ(set_top_level_field(text, "version", "2"), "id: x\nversion: 2\n\n\n");
}

TEST(FieldEdit, KeyWithNothingAfterTheColon) {
  std::string text = "id: x\nchange:\ntitle: T\n";
  EXPECT_EQ(set_top_level_field(text, "change", "c"), "id: x\nchange: c\ntitle: T\n");
}

// ---------------------------------------------------------------- remove_top_level_field

TEST(FieldEdit, RemovesAOneLineField) {
  EXPECT_EQ(remove_top_level_field("id: x\nchange: c\ntitle: T\n", "change"), "id: x\ntitle: T\n");
}

TEST(FieldEdit, RemovesABlockScalarFieldAndKeepsTheSeparatingBlankLine) {
  std::string edited = remove_top_level_field(k_runbook, "change");
  EXPECT_EQ(edited, "# yaml-language-server: $schema=../../.runbook/schemas/runbook.schema.json\n"
                    "id: onboarding\n"
                    "version: 2\n"
                    "# Why this version exists:\n"
                    "\n"
                    "title: Onboard a new colleague # shown in lists\n"
                    "owner: alice\n"
                    "steps:\n"
                    "  - id: \"1\"\n"
                    "    title: Order a laptop\n"
                    "    do: |\n"
                    "      Order it.\n"
                    "    version: 7\n"
                    "  - id: \"2\"\n"
                    "    title: Create the accounts\n"
                    "    do: Create them.\n"
                    "    change: nested, not the top-level one\n");
  json value = parsed(edited);
  EXPECT_FALSE(value.contains("change"));
  EXPECT_EQ(value["steps"][1]["change"], "nested, not the top-level one");
}

TEST(FieldEdit, RemovesTheLastField) {
  EXPECT_EQ(remove_top_level_field("id: x\nsteps:\n  - a\n  - b\n", "steps"), "id: x\n");
}

TEST(FieldEdit, RemovesTheFirstField) {
  EXPECT_EQ(remove_top_level_field("id: x\nversion: 1\n", "id"), "version: 1\n");
}

TEST(FieldEdit, RemovingAMissingFieldChangesNothing) {
  EXPECT_EQ(remove_top_level_field(k_runbook, "summary"), k_runbook);
  // Nested keys of that name are not top-level fields.
  EXPECT_EQ(remove_top_level_field("steps:\n  - change: c\n", "change"), "steps:\n  - change: c\n");
}

TEST(FieldEdit, RemovingASequenceWrittenAtColumnOne) {
  std::string text = "id: x\ntags:\n- a\n- b\ntitle: T\n";
  std::string edited = remove_top_level_field(text, "tags");
  EXPECT_EQ(edited, "id: x\ntitle: T\n");
}

// ---------------------------------------------------------------- inline_scalar

TEST(InlineScalar, PlainWhenSafe) {
  for (const std::string& text :
       {std::string("hello"), std::string("Order a laptop"), std::string("Onboard a new colleague"),
        std::string("v1.2"), std::string("Done."), std::string("a-b_c/d (e), f"), std::string("x"),
        std::string("7a"), std::string("Step 3 (optional)"), std::string("R2-D2")}) {
    EXPECT_EQ(inline_scalar(text), text);
  }
}

TEST(InlineScalar, QuotesYamlKeywords) {
  for (const std::string& word :
       {std::string("true"), std::string("True"), std::string("TRUE"), std::string("false"), std::string("False"),
        std::string("No"), std::string("no"), std::string("NO"), std::string("yes"), std::string("Yes"),
        std::string("y"), std::string("Y"), std::string("n"), std::string("N"), std::string("on"),
        std::string("On"), std::string("ON"), std::string("off"), std::string("Off"), std::string("null"),
        std::string("Null"), std::string("NULL"), std::string("~")}) {
    EXPECT_EQ(inline_scalar(word), "\"" + word + "\"");
  }
}

TEST(InlineScalar, QuotesNumbers) {
  for (const std::string& number :
       {std::string("0"), std::string("1"), std::string("42"), std::string("007"), std::string("1.5"),
        std::string("1."), std::string(".5"), std::string("-1"), std::string("+1"), std::string("-1.5"),
        std::string("1.2.3"), std::string("99999999999999999999999"), std::string(".inf"), std::string("-.inf"),
        std::string(".nan"), std::string("1e3"), std::string("1E3"), std::string("1e-3"), std::string("2.5e10"),
        std::string("1.5E+3")}) {
    EXPECT_EQ(inline_scalar(number), "\"" + number + "\"");
  }
}

TEST(InlineScalar, QuotesOtherYaml12CoreNumberForms) {
  // YAML 1.2's core schema also reads 0x1F (hex) and 0o17 (octal) as integers; an editor
  // using the schema line would show them as numbers.
  for (const std::string& number : {std::string("0x1F"), std::string("0o17"), std::string("0xff")}) {
    EXPECT_EQ(inline_scalar(number), "\"" + number + "\"");
  }
}

TEST(InlineScalar, QuotesEmptyAndSpaces) {
  EXPECT_EQ(inline_scalar(""), "\"\"");
  EXPECT_EQ(inline_scalar(" "), "\" \"");
  EXPECT_EQ(inline_scalar(" lead"), "\" lead\"");
  EXPECT_EQ(inline_scalar("trail "), "\"trail \"");
}

TEST(InlineScalar, QuotesIndicatorsAndSpecialCharacters) {
  for (const std::string& text :
       {std::string("a: b"), std::string("a:b"), std::string("key:"), std::string(":"), std::string("a #b"),
        std::string("#a"), std::string("a#b"), std::string("'q'"), std::string("\"q\""), std::string("it's"),
        std::string("- item"), std::string("-"), std::string("[x]"), std::string("{x}"), std::string("*a"),
        std::string("&a"), std::string("!tag"), std::string("%x"), std::string("@x"), std::string("`x"),
        std::string("|"), std::string(">"), std::string("?"), std::string(","), std::string("a, "),
        std::string("(x)"), std::string("a\\b"), std::string("a\nb"), std::string("a\tb"), std::string("café"),
        std::string("---"), std::string("...")}) {
    std::string out = inline_scalar(text);
    EXPECT_EQ(out.front(), '"') << text;
    EXPECT_EQ(out.back(), '"') << text;
  }
}

// Once regular expressions, whose matcher recursed once per character.
TEST(InlineScalar, AMegabyteTextIsJudgedWithoutACrash) {
  std::string plain = "a" + std::string(1024 * 1024, ' ') + "b";
  EXPECT_EQ(inline_scalar(plain), plain);
  std::string digits(1024 * 1024, '7');
  EXPECT_EQ(inline_scalar(digits), "\"" + digits + "\"");
  EXPECT_EQ(inline_scalar(digits + ":").front(), '"');
}

TEST(InlineScalar, EdgesOfThePlainForm) {
  for (const std::string& text : {std::string("_a"), std::string("/tmp"), std::string("a.b@c/d"), std::string("(a)"),
                                  std::string("ab"), std::string("e1x"), std::string("0x"), std::string("0o8"),
                                  std::string("0xg"), std::string("inf"), std::string("nan"), std::string("yess")}) {
    EXPECT_EQ(inline_scalar(text) == text, text != "(a)") << text;
  }
  for (const std::string& text : {std::string("_"), std::string("/"), std::string("a("), std::string("a-"),
                                  std::string("a,"), std::string("e"), std::string("E"), std::string("-"),
                                  std::string("+.inf"), std::string(".Inf"), std::string(".NaN"),
                                  std::string("oN"), std::string("nULL")}) {
    EXPECT_EQ(inline_scalar(text).front(), '"') << text;
  }
}

TEST(InlineScalar, EscapesAsJson) {
  EXPECT_EQ(inline_scalar("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(inline_scalar("C:\\temp"), R"("C:\\temp")");
  EXPECT_EQ(inline_scalar("a\nb"), R"("a\nb")");
  EXPECT_EQ(inline_scalar("a\tb"), R"("a\tb")");
}

TEST(InlineScalar, IsAlwaysOneLine) {
  for (const std::string& text : {std::string("a\nb"), std::string("a\r\nb"), std::string("\n"),
                                  std::string("a\rb"), std::string("end\n"), std::string("x\u2028y"),
                                  std::string("x\u2029y"), std::string("x\u0085y")}) {
    std::string out = inline_scalar(text);
    EXPECT_EQ(out.find('\n'), std::string::npos) << out;
    EXPECT_EQ(out.find('\r'), std::string::npos) << out;
  }
}

// `key: <inline_scalar(x)>` reads back as the string x.
void expect_round_trip(const std::string& text) {
  std::string scalar = inline_scalar(text);
  std::string file = "key: " + scalar + "\n";
  auto result = yaml::parse_strict(file, "t.yaml");
  ASSERT_TRUE(result.ok()) << "inline_scalar gave " << scalar << " for " << json(text).dump() << ", refused: "
                           << core::format_all(result.error());
  const json& value = result->value;
  ASSERT_TRUE(value.is_object()) << value.dump();
  ASSERT_TRUE(value.contains("key")) << value.dump();
  EXPECT_TRUE(value["key"].is_string()) << json(text).dump() << " written as " << scalar << " read back as "
                                        << value["key"].dump();
  if (value["key"].is_string()) {
    EXPECT_EQ(value["key"].get<std::string>(), text)
        << json(text).dump() << " written as " << scalar << " read back as " << value["key"].dump();
  }
  // Also as the value of a field set with set_top_level_field, among other fields.
  std::string edited = set_top_level_field("id: x\nkey: old\ntitle: T\n", "key", scalar);
  auto again = yaml::parse_strict(edited, "t.yaml");
  ASSERT_TRUE(again.ok()) << edited;
  EXPECT_EQ(again->value["key"], json(text)) << edited;
  EXPECT_EQ(again->value["title"], "T") << edited;
}

TEST(InlineScalar, RoundTripsOrdinaryText) {
  for (const char* text : {"hello", "Order a laptop", "Onboard a new colleague", "v1.2", "Done.", "a-b_c/d (e), f",
                           "x", "7a", "R2-D2", "Step 3 (optional)", "Email the team, then wait."}) {
    expect_round_trip(text);
  }
}

TEST(InlineScalar, RoundTripsKeywords) {
  for (const char* text : {"true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "no", "No", "NO",
                           "on", "On", "off", "OFF", "y", "n", "null", "Null", "NULL", "~"}) {
    expect_round_trip(text);
  }
}

TEST(InlineScalar, RoundTripsNumbers) {
  for (const char* text : {"0", "1", "42", "007", "-1", "+1", "1.5", "1.", ".5", "-1.5", "1.2.3", "1e3", "1E3",
                           "1e-3", "2.5e10", "1.5E+3", "1e", "e3", ".inf", "-.inf", ".nan", "0x1F", "0o17",
                           "99999999999999999999999", "1_000", "12:30", "1,000"}) {
    expect_round_trip(text);
  }
}

TEST(InlineScalar, RoundTripsPunctuation) {
  for (const char* text :
       {"", " ", "  ", " lead", "trail ", "a: b", "a:b", "key:", ":", "a #b", "#a", "a#b", "'q'", "\"q\"", "it's",
        "say \"hi\"", "- item", "-", "--", "---", "...", "[x]", "{x}", "{a: 1}", "[1, 2]", "*a", "&a", "!tag",
        "!!str x", "%YAML", "@x", "`x", "|", "|-", ">", ">+", "?", "? x", ",", "a, ", "(x)", "<<", "=", "\\",
        "a\\b", "C:\\temp\\new", "\\n", "\\\"", "\"", "'", "''", "\"\"", "a'b\"c", "%", "&", "*"}) {
    expect_round_trip(text);
  }
}

TEST(InlineScalar, RoundTripsControlCharacters) {
  for (const std::string& text :
       {std::string("a\nb"), std::string("\n"), std::string("\n\n"), std::string("end\n"), std::string("\nstart"),
        std::string("a\tb"), std::string("\t"), std::string("\tlead"), std::string("a\r\nb"), std::string("a\rb"),
        std::string("bell\a"), std::string("\x01"), std::string("\x1f"), std::string("esc\x1b[0m"),
        std::string("\b\f\v"), std::string("nul\0byte", 8)}) {
    expect_round_trip(text);
  }
}

TEST(InlineScalar, RoundTripsUnicode) {
  for (const char* text : {"café", "Grüße", "日本語", "Ωmega", "😀", "emoji 😀 in text", "naïve: résumé",
                           "\xC2\xA0nbsp", "zero\xE2\x80\x8Bwidth"}) {
    expect_round_trip(text);
  }
}

TEST(InlineScalar, RoundTripsUnusualCodePoints) {
  // DEL, C1 controls, NEL, line and paragraph separators, BOM: a double-quoted YAML
  // scalar can hold them all when escaped.
  for (const std::string& text :
       {std::string("del\x7f"), std::string("c1\xC2\x80"), std::string("nel\xC2\x85next"),
        std::string("ls\xE2\x80\xA8next"), std::string("ps\xE2\x80\xA9next"), std::string("bom\xEF\xBB\xBFin"),
        std::string("\xEF\xBB\xBF"), std::string("nonchar\xEF\xBF\xBF")}) {
    expect_round_trip(text);
  }
}

TEST(InlineScalar, RoundTripsLongText) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "word" + std::to_string(i) + (i % 7 == 0 ? ": " : " ");
  }
  expect_round_trip(text);
  expect_round_trip(std::string(5000, 'a'));
}

} // namespace field_edit_test
