#include "yaml/strict_yaml.hpp"

#include "support/work_bound.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <exception>
#include <gmock/gmock.h>
#include <string>
#include <string_view>

namespace strict_yaml_test {

using namespace std::string_literals;
using nlohmann::json;
using testing::AllOf;
using testing::HasSubstr;
using testing::Not;
using yaml::parse_strict;

const std::string k_file = "in.yaml";

yaml::Document parse_ok(std::string_view text) {
  auto result = parse_strict(text, k_file);
  EXPECT_TRUE(result.ok()) << "refused: " << (result.ok() ? "" : core::format_all(result.error()));
  return result.ok() ? result.value() : yaml::Document{};
}

core::Diagnostic refused(std::string_view text) {
  auto result = parse_strict(text, k_file);
  EXPECT_FALSE(result.ok()) << "accepted as " << (result.ok() ? result->value.dump() : "");
  if (result.ok()) {
    return core::Diagnostic{};
  }
  EXPECT_EQ(result.error().size(), 1U);
  EXPECT_EQ(result.error().front().file, k_file);
  return result.error().front();
}

// What parsing an honest document of about a mebibyte costs: the measure of what a
// hostile one may cost (support/work_bound.hpp).
double honest_document_seconds() {
  static const double seconds = [] {
    std::string text;
    while (text.size() < yaml::k_max_file_size - 256) {
      text += "- name: person " + std::to_string(text.size()) + "\n  note: " + std::string(330, 'n') + "\n";
    }
    auto parsed = parse_strict(text, k_file);
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : core::format_all(parsed.error()));
    return test_support::least_cpu_seconds_of([&] { (void)parse_strict(text, k_file); });
  }();
  return seconds;
}

// `text` is refused, at most at k_hostile_cost_ratio times the cost of an honest document.
core::Diagnostic refused_cheaply(std::string_view text, const std::string& what) {
  core::Diagnostic d;
  double cost = test_support::cpu_seconds_of([&] { d = refused(text); });
  EXPECT_EQ(test_support::beyond_honest_cost(cost, honest_document_seconds(), what), "");
  return d;
}

// Refused at this line and column, with a message containing `words`.
void expect_refused_at(std::string_view text, int line, int column, const std::string& words) {
  core::Diagnostic d = refused(text);
  EXPECT_EQ(d.line, line) << d.format();
  EXPECT_EQ(d.column, column) << d.format();
  EXPECT_THAT(d.message, HasSubstr(words)) << d.format();
}

void expect_position(const yaml::Document& document,
                     const std::string& pointer,
                     int line,
                     int column) {
  auto it = document.positions.find(pointer);
  ASSERT_NE(it, document.positions.end()) << "no position for \"" << pointer << "\"";
  EXPECT_EQ(it->second.line, line) << pointer;
  EXPECT_EQ(it->second.column, column) << pointer;
}

// ---------------------------------------------------------------- values

TEST(ParseStrict, MapOfScalars) {
  auto document = parse_ok("name: Alice\ncount: 3\n");
  EXPECT_EQ(document.value, json({{"name", "Alice"}, {"count", 3}}));
}

TEST(ParseStrict, BlockAndFlowLists) {
  EXPECT_EQ(parse_ok("- a\n- b\n- 3\n").value, json::array({"a", "b", 3}));
  EXPECT_EQ(parse_ok("[a, b, 3]\n").value, json::array({"a", "b", 3}));
  EXPECT_EQ(parse_ok("roles: []\n").value, json({{"roles", json::array()}}));
  EXPECT_EQ(parse_ok("people: {}\n").value, json({{"people", json::object()}}));
}

TEST(ParseStrict, NestedMapsAndLists) {
  auto document = parse_ok("people:\n"
                           "  alice:\n"
                           "    roles: [admin, author]\n"
                           "    keys:\n"
                           "      - {file: a.asc, size: 10}\n");
  json expected = {{"people",
                    {{"alice",
                      {{"roles", {"admin", "author"}},
                       {"keys", json::array({{{"file", "a.asc"}, {"size", 10}}})}}}}}};
  EXPECT_EQ(document.value, expected);
}

TEST(ParseStrict, PlainScalarsFollowTheCoreSchema) {
  auto document = parse_ok("int: 42\n"
                           "negative: -7\n"
                           "plus: +5\n"
                           "float: 1.5\n"
                           "exp: 2e3\n"
                           "t: true\n"
                           "T: True\n"
                           "f: FALSE\n"
                           "n1: null\n"
                           "n2: ~\n"
                           "n3:\n"
                           "n4: Null\n"
                           "word: hello world\n");
  const json& v = document.value;
  EXPECT_EQ(v["int"], json(42));
  EXPECT_TRUE(v["int"].is_number_integer());
  EXPECT_EQ(v["negative"], json(-7));
  EXPECT_EQ(v["plus"], json(5));
  EXPECT_TRUE(v["float"].is_number_float());
  EXPECT_DOUBLE_EQ(v["float"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(v["exp"].get<double>(), 2000.0);
  EXPECT_EQ(v["t"], json(true));
  EXPECT_EQ(v["T"], json(true));
  EXPECT_EQ(v["f"], json(false));
  EXPECT_TRUE(v["n1"].is_null());
  EXPECT_TRUE(v["n2"].is_null());
  EXPECT_TRUE(v["n3"].is_null());
  EXPECT_TRUE(v["n4"].is_null());
  EXPECT_EQ(v["word"], json("hello world"));
}

TEST(ParseStrict, YamlOneOneBooleansStayStrings) {
  auto document = parse_ok("a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: tRUE\n");
  EXPECT_EQ(document.value,
            json({{"a", "yes"},
                  {"b", "no"},
                  {"c", "on"},
                  {"d", "off"},
                  {"e", "y"},
                  {"f", "n"},
                  {"g", "tRUE"}}));
}

TEST(ParseStrict, QuotedScalarsStayStrings) {
  auto document = parse_ok("a: \"1\"\n"
                           "b: '2.5'\n"
                           "c: \"true\"\n"
                           "d: 'null'\n"
                           "e: \"~\"\n"
                           "f: ''\n"
                           "g: \"yes\"\n");
  EXPECT_EQ(document.value,
            json({{"a", "1"},
                  {"b", "2.5"},
                  {"c", "true"},
                  {"d", "null"},
                  {"e", "~"},
                  {"f", ""},
                  {"g", "yes"}}));
}

TEST(ParseStrict, NumberLikeTextThatIsNoNumberStaysAString) {
  auto document = parse_ok("a: 1.2.3\nb: 1_000\nc: .\nd: '-'\ne: 12ab\nf: v1\n");
  EXPECT_EQ(
      document.value,
      json({{"a", "1.2.3"}, {"b", "1_000"}, {"c", "."}, {"d", "-"}, {"e", "12ab"}, {"f", "v1"}}));
}

TEST(ParseStrict, FortyDigitFingerprintStaysAString) {
  // A fingerprint can be all decimal digits; it must not become a (lossy) number.
  const std::string digits = "1234567890123456789012345678901234567890";
  auto document = parse_ok("fingerprint: " + digits + "\n");
  EXPECT_EQ(document.value["fingerprint"], json(digits));
}

TEST(ParseStrict, BlockScalarsKeepTheirLines) {
  auto document = parse_ok("do: |\n  line one\n  line two\nfolded: >\n  a\n  b\n");
  EXPECT_EQ(document.value["do"], json("line one\nline two\n"));
  EXPECT_EQ(document.value["folded"], json("a b\n"));
}

TEST(ParseStrict, UnicodeTextIsKept) {
  auto document = parse_ok("name: Zoë Ørsted €\nemoji: \"𝄞\"\n");
  EXPECT_EQ(document.value["name"], json("Zoë Ørsted €"));
  EXPECT_EQ(document.value["emoji"], json("𝄞"));
}

TEST(ParseStrict, EmptyFileAndCommentsOnlyAreNull) {
  EXPECT_TRUE(parse_ok("").value.is_null());
  EXPECT_TRUE(parse_ok("# just a comment\n\n").value.is_null());
}

TEST(ParseStrict, ExplicitDocumentMarkersAreFine) {
  EXPECT_EQ(parse_ok("---\na: 1\n").value, json({{"a", 1}}));
  EXPECT_EQ(parse_ok("a: 1\n...\n").value, json({{"a", 1}}));
  EXPECT_EQ(parse_ok("%YAML 1.2\n---\na: 1\n").value, json({{"a", 1}}));
}

TEST(ParseStrict, TabsAfterTheIndentationAreFine) {
  EXPECT_EQ(parse_ok("a:\t1\nb: x\ty\n").value, json({{"a", 1}, {"b", "x\ty"}}));
}

TEST(ParseStrict, SameTextInDifferentMapsIsNoDuplicate) {
  auto document = parse_ok("a: {name: 1}\nb: {name: 2}\n");
  EXPECT_EQ(document.value, json({{"a", {{"name", 1}}}, {"b", {{"name", 2}}}}));
}

TEST(ParseStrict, ExactlyMaxDepthIsAccepted) {
  std::string text = std::string(yaml::k_max_depth, '[') + std::string(yaml::k_max_depth, ']');
  auto document = parse_ok(text);
  EXPECT_TRUE(document.value.is_array());
}

TEST(ParseStrict, ExactlyMaxSizeIsAccepted) {
  std::string text = "a: 1\n#";
  text += std::string(yaml::k_max_file_size - text.size(), 'x');
  ASSERT_EQ(text.size(), yaml::k_max_file_size);
  EXPECT_EQ(parse_ok(text).value, json({{"a", 1}}));
}

// ---------------------------------------------------------------- positions

TEST(ParseStrict, PositionsByJsonPointer) {
  auto document = parse_ok("version: 1\n"                 // 1
                           "people:\n"                    // 2
                           "  alice:\n"                   // 3
                           "    name: Alice\n"            // 4
                           "    roles: [admin, author]\n" // 5
                           "list:\n"                      // 6
                           "  - x\n"                      // 7
                           "  - {q: 2}\n");               // 8
  expect_position(document, "", 1, 1);
  expect_position(document, "/version", 1, 10);
  expect_position(document, "/people", 3, 3);
  expect_position(document, "/people/alice", 4, 5);
  expect_position(document, "/people/alice/name", 4, 11);
  expect_position(document, "/people/alice/roles", 5, 12);
  expect_position(document, "/people/alice/roles/0", 5, 13);
  expect_position(document, "/people/alice/roles/1", 5, 20);
  expect_position(document, "/list", 7, 3);
  expect_position(document, "/list/0", 7, 5);
  expect_position(document, "/list/1", 8, 5);
  expect_position(document, "/list/1/q", 8, 9);
}

TEST(ParseStrict, PointerTokensAreEscaped) {
  auto document = parse_ok("a/b: 1\nm~n: 2\n");
  EXPECT_EQ(document.value, json({{"a/b", 1}, {"m~n", 2}}));
  expect_position(document, "/a~1b", 1, 6);
  expect_position(document, "/m~0n", 2, 6);
}

TEST(ParseStrict, PositionOfFallsBackToTheNearestParent) {
  auto document = parse_ok("a:\n  b: 1\n");
  yaml::Position exact = document.position_of("/a/b");
  EXPECT_EQ(exact.line, 2);
  EXPECT_EQ(exact.column, 6);
  yaml::Position parent = document.position_of("/a/b/c/d");
  EXPECT_EQ(parent.line, 2);
  EXPECT_EQ(parent.column, 6);
  yaml::Position map = document.position_of("/a/missing");
  EXPECT_EQ(map.line, 2);
  EXPECT_EQ(map.column, 3);
  yaml::Position root = document.position_of("/nothing");
  EXPECT_EQ(root.line, 1);
  EXPECT_EQ(root.column, 1);
  yaml::Position none = yaml::Document{}.position_of("/x");
  EXPECT_EQ(none.line, 1);
  EXPECT_EQ(none.column, 1);
}

TEST(ParseStrict, RootPositionSkipsLeadingComments) {
  auto document = parse_ok("# comment\n\nkey: value\n");
  expect_position(document, "", 3, 1);
  expect_position(document, "/key", 3, 6);
}

// ---------------------------------------------------------------- anchors and aliases

TEST(ParseStrict, RefusesAnchors) {
  expect_refused_at("a: 1\nb: &base 2\n", 2, 4, "&base");
  expect_refused_at("a: &m\n  x: 1\n", 1, 4, "not allowed");
  expect_refused_at("a: &s [1]\n", 1, 4, "not allowed");
  expect_refused_at("a: &empty\n", 1, 4, "not allowed");
  expect_refused_at("- &x 1\n", 1, 3, "not allowed");
}

TEST(ParseStrict, RefusesAliases) {
  // Whatever yaml-cpp says first, an alias never gets through and the position is the alias.
  expect_refused_at("a: 1\nb: *x\n", 2, 4, "");
  expect_refused_at("a: &x 1\nb: *x\n", 1, 4, "anchor");
}

TEST(ParseStrict, RefusesTheBillionLaughs) {
  std::string text =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char name = 'b'; name <= 'i'; ++name) {
    std::string previous(1, static_cast<char>(name - 1));
    text += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 9; ++i) {
      text += (i == 0 ? "*" : ",*") + previous;
    }
    text += "]\n";
  }
  core::Diagnostic d = refused_cheaply(text, "the billion laughs");
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 4);
  EXPECT_THAT(d.message, HasSubstr("not allowed"));
}

TEST(ParseStrict, RefusesMergeKeys) {
  expect_refused_at("<<: {a: 1}\n", 1, 1, "merge keys");
  expect_refused_at("b:\n  x: 1\n  <<: {y: 2}\n", 3, 3, "\"<<\"");
}

// ---------------------------------------------------------------- keys

TEST(ParseStrict, RefusesDuplicateKeysAtTheSecondOne) {
  expect_refused_at("a: 1\nb: 2\na: 3\n", 3, 1, "\"a\" appears twice");
  expect_refused_at("people:\n  alice: {}\n  alice: {}\n", 3, 3, "\"alice\"");
  expect_refused_at("{x: 1, x: 2}\n", 1, 8, "\"x\"");
}

TEST(ParseStrict, QuotingAKeyDoesNotMakeItAnotherKey) {
  expect_refused_at("a: 1\n'a': 2\n", 2, 1, "twice");
  expect_refused_at("a: 1\n\"a\": 2\n", 2, 1, "twice");
}

TEST(ParseStrict, RefusesNonScalarKeys) {
  expect_refused_at("? [a, b]\n: value\n", 1, 3, "key");
  expect_refused_at("? {a: 1}\n: value\n", 1, 3, "key");
  expect_refused_at("{[a]: b}\n", 1, 2, "key");
  expect_refused_at("x:\n  [a]: b\n", 2, 3, "key");
}

TEST(ParseStrict, RefusesEmptyKeys) {
  expect_refused_at("\"\": 1\n", 1, 1, "empty");
  expect_refused_at("a: 1\n: 2\n", 2, 1, "");
}

// Tags other than the core schema's (YAML 1.2 §10.3) are refused where they stand,
// on values, lists and mappings alike.
TEST(ParseStrict, RefusesTagsOutsideTheCoreSchema) {
  expect_refused_at("a: !custom x\n", 1, 4, "the tag \"!custom\" is not allowed");
  expect_refused_at("a: 1\nb: !!binary aGk=\n", 2, 4, "the tag \"!!binary\" is not allowed");
  expect_refused_at("a: !!timestamp 2001-12-14\n", 1, 4, "the tag \"!!timestamp\"");
  expect_refused_at("a: !!python/tuple [1, 2]\n", 1, 4, "the tag \"!!python/tuple\"");
  expect_refused_at("a:\n  b: !!set {x: null}\n", 2, 6, "the tag \"!!set\"");
  expect_refused_at("a: !!omap\n  - x: 1\n", 1, 4, "the tag \"!!omap\"");
  expect_refused_at("a: !secret\n  x: 1\n", 1, 4, "the tag \"!secret\"");
  expect_refused_at("- !<tag:example.com,2000:x> y\n", 1, 3, "the tag \"tag:example.com,2000:x\"");
  expect_refused_at("%TAG !! tag:example.com,2000:\n---\na: !!str x\n", 3, 4, "tag:example.com,2000:str");
}

// The core schema's own tags, as PyYAML writes them ("version": !!int "1"), keep
// their meaning, whether the value is quoted or not.
TEST(ParseStrict, CoreTagsGiveTheirMeaning) {
  auto document = parse_ok("s1: !!str 5\n"
                           "s2: !!str true\n"
                           "s3: !!str\n"
                           "s4: !!str \"x\"\n"
                           "i1: !!int \"5\"\n"
                           "i2: !!int -12\n"
                           "i3: !!int '+7'\n"
                           "i4: !!int 0x1F\n"
                           "i5: !!int 0o17\n"
                           "f1: !!float \"1.5\"\n"
                           "f2: !!float 2\n"
                           "f3: !!float -1e3\n"
                           "b1: !!bool \"true\"\n"
                           "b2: !!bool False\n"
                           "n1: !!null \"\"\n"
                           "n2: !!null null\n"
                           "n3: !!null\n"
                           "n4: !!null '~'\n"
                           "q: ! 5\n"
                           "v: !<tag:yaml.org,2002:int> \"9\"\n"
                           "l: !!seq [!!str 1, !!int '2']\n"
                           "m: !!map {k: !!bool 'TRUE'}\n"
                           "e: !!seq []\n");
  EXPECT_EQ(document.value, json({{"s1", "5"},   {"s2", "true"}, {"s3", ""},    {"s4", "x"},
                                  {"i1", 5},     {"i2", -12},    {"i3", 7},     {"i4", 31},
                                  {"i5", 15},    {"f1", 1.5},    {"f2", 2.0},   {"f3", -1000.0},
                                  {"b1", true},  {"b2", false},  {"n1", nullptr}, {"n2", nullptr},
                                  {"n3", nullptr}, {"n4", nullptr}, {"q", "5"}, {"v", 9},
                                  {"l", json::array({"1", 2})}, {"m", {{"k", true}}}, {"e", json::array()}}));
  EXPECT_TRUE(document.value["f2"].is_number_float());
  expect_position(document, "/i1", 5, 5);
  expect_position(document, "/l/1", 21, 20);
}

TEST(ParseStrict, ACoreTagCanMarkAKey) {
  EXPECT_EQ(parse_ok("!!str 1: a\n\"2\": b\n").value, json({{"1", "a"}, {"2", "b"}}));
  expect_refused_at("!!str 1: a\n\"1\": b\n", 2, 1, "appears twice");
}

TEST(ParseStrict, RefusesAValueThatDoesNotFitItsCoreTag) {
  expect_refused_at("a: !!int abc\n", 1, 4, "does not fit its tag !!int, which means a whole number");
  expect_refused_at("a: 1\nb: !!int \"1.5\"\n", 2, 4, "!!int");
  expect_refused_at("a: !!int 99999999999999999999\n", 1, 4, "!!int");
  expect_refused_at("a: !!int 0x\n", 1, 4, "!!int");
  expect_refused_at("a: !!int \"\"\n", 1, 4, "!!int");
  expect_refused_at("a: !!int\n", 1, 4, "!!int");
  expect_refused_at("a: !!float one\n", 1, 4, "!!float, which means a number");
  expect_refused_at("a: !!float .inf\n", 1, 4, "!!float");
  expect_refused_at("a: !!float 1e999\n", 1, 4, "!!float");
  expect_refused_at("a: !!bool yes\n", 1, 4, "!!bool, which means true or false");
  expect_refused_at("a: !!null x\n", 1, 4, "!!null");
  expect_refused_at("a: !!seq x\n", 1, 4, "!!seq, which means a list");
  expect_refused_at("a: !!map x\n", 1, 4, "!!map");
  expect_refused_at("a: !!seq {b: 1}\n", 1, 4, "the tag !!seq means a list, but a mapping");
  expect_refused_at("a: !!map [1]\n", 1, 4, "the tag !!map means a mapping (names with values), but a list");
  expect_refused_at("a:\n  - !!str [1]\n", 2, 5, "the tag !!str means a text, but a list");
}

// A quoted text may go on over several lines (PyYAML, ruamel.yaml and editors write
// long ones so): line breaks fold into spaces, an empty line is a line break, "\" at
// the end of a line joins the lines, "\"" and "''" are quotes.
TEST(ParseStrict, QuotedTextsOverSeveralLinesAreRead) {
  auto document = parse_ok("do: \"line one with \\\"quotes\\\",\n"
                           "  folded\n"
                           "\n"
                           "  kept break, and \\\n"
                           "  joined\"\n"
                           "single: 'it''s\n"
                           "  here,\n"
                           "\n"
                           "  there'\n"
                           "\"summary\": \"Use it: a raise, a\\npromotion\\\n"
                           "  \\ or a correction.\"\n"
                           "end: 1\n");
  EXPECT_EQ(document.value, json({{"do", "line one with \"quotes\", folded\nkept break, and joined"},
                                  {"single", "it's here,\nthere"},
                                  {"summary", "Use it: a raise, a\npromotion or a correction."},
                                  {"end", 1}}));
  expect_position(document, "/end", 12, 6);
}

TEST(ParseStrict, QuotedTextsOverSeveralLinesInListsAndFlowCollections) {
  auto document = parse_ok("steps:\n"
                           "- id: \"1\"\n"
                           "  do: \"a\n"
                           "    b\"\n"
                           "  x: 'c\n"
                           "\n"
                           "   d'\n"
                           "tags: [\"x, y\", 'it''s', \"multi\n"
                           "  line\"]\n"
                           "list:\n"
                           "  - \"e\n"
                           "    f\"\n"
                           "crlf: \"g\r\n"
                           "  h\"\r\n");
  EXPECT_EQ(document.value,
            json({{"steps", json::array({{{"id", "1"}, {"do", "a b"}, {"x", "c\nd"}}})},
                  {"tags", {"x, y", "it's", "multi line"}},
                  {"list", {"e f"}},
                  {"crlf", "g h"}}));
}

TEST(ParseStrict, QuotesInsidePlainTextCommentsAndBlocksAreNoQuotedTexts) {
  auto document = parse_ok("a: it's fine\n"
                           "b: say \"hi\n"
                           "c: 1 # it's \"open\n"
                           "# a comment's \"quote\n"
                           "d: |\n"
                           "  it's \"open\n"
                           "e: 'x' # \"\n"
                           "f: \"\\\\\"\n"
                           "g: \"a'b\"\n"
                           "h: 'a\"b'\n");
  EXPECT_EQ(document.value, json({{"a", "it's fine"},
                                  {"b", "say \"hi"},
                                  {"c", 1},
                                  {"d", "it's \"open\n"},
                                  {"e", "x"},
                                  {"f", "\\"},
                                  {"g", "a'b"},
                                  {"h", "a\"b"}}));
}

// ---------------------------------------------------------------- documents

TEST(ParseStrict, RefusesASecondDocument) {
  core::Diagnostic d = refused("a: 1\n---\nb: 2\n");
  EXPECT_THAT(d.message, HasSubstr("more than one YAML document"));
}

// The header promises positions for every refusal; the second document starts at the
// "---" on line 2.
TEST(ParseStrict, ASecondDocumentIsRefusedAtItsStart) {
  expect_refused_at("a: 1\n---\nb: 2\n", 2, 1, "more than one");
  expect_refused_at("a: 1\n...\n---\nb: 2\n", 3, 1, "more than one");
}

TEST(ParseStrict, RefusesAnEmptySecondDocument) {
  core::Diagnostic d = refused("a: 1\n---\n");
  EXPECT_THAT(d.message, HasSubstr("more than one"));
}

TEST(ParseStrict, RefusesWhatIsWrongInsideASecondDocument) {
  expect_refused_at("a: 1\n--- &x\nb: 2\n", 2, 5, "anchor");
}

// ---------------------------------------------------------------- bytes

TEST(ParseStrict, RefusesTabsInIndentation) {
  expect_refused_at("a:\n\tb: 1\n", 2, 1, "tab");
  expect_refused_at("a:\n  \tb: 1\n", 2, 3, "indent with spaces");
  expect_refused_at("\ta: 1\n", 1, 1, "tab");
}

TEST(ParseStrict, RefusesNulBytes) {
  expect_refused_at("a: b\0c\n"s, 1, 5, "NUL");
  expect_refused_at("a: 1\nb: 2\0\n"s, 2, 5, "NUL");
  expect_refused_at("\0"s, 1, 1, "NUL");
}

TEST(ParseStrict, RefusesALoneContinuationByte) {
  expect_refused_at("a: \x80\n", 1, 4, "UTF-8");
  expect_refused_at("a: ok\nb: x\xBFy\n", 2, 5, "UTF-8");
}

TEST(ParseStrict, RefusesOverlongEncodings) {
  expect_refused_at("a: \xC0\xAF\n", 1, 4, "UTF-8"); // '/' in two bytes
  expect_refused_at("a: \xC1\xBF\n", 1, 4, "UTF-8");
  expect_refused_at("a: \xE0\x80\xAF\n", 1, 4, "UTF-8");     // '/' in three bytes
  expect_refused_at("a: \xF0\x80\x80\xAF\n", 1, 4, "UTF-8"); // '/' in four bytes
}

TEST(ParseStrict, RefusesUtf16Surrogates) {
  expect_refused_at("a: \xED\xA0\x80\n", 1, 4, "UTF-8"); // U+D800
  expect_refused_at("a: \xED\xBF\xBF\n", 1, 4, "UTF-8"); // U+DFFF
}

TEST(ParseStrict, RefusesOtherInvalidUtf8) {
  expect_refused_at("a: \xF4\x90\x80\x80\n", 1, 4, "UTF-8"); // above U+10FFFF
  expect_refused_at("a: \xF5\x80\x80\x80\n", 1, 4, "UTF-8");
  expect_refused_at("a: \xFF\n", 1, 4, "UTF-8");
  expect_refused_at("a: \xC3\n", 1, 4, "UTF-8");         // truncated before the line break
  expect_refused_at("a: \xE2\x82", 1, 4, "UTF-8");       // truncated at the end of the file
  expect_refused_at("a: \xE2\x28\xA1\n", 1, 4, "UTF-8"); // bad second byte
}

TEST(ParseStrict, ColumnsCountCharactersAfterMultibyteText) {
  // "é" is one character (two bytes): the bad byte is the 4th character of line 1.
  expect_refused_at("é: \x80\n", 1, 4, "UTF-8");
  expect_refused_at("x: €\n\t\n", 2, 1, "tab");
}

// yaml-cpp counts columns in bytes; the byte checks count characters. One file should not
// mix both: "&a" is the 4th character of "é: &a 1".
TEST(ParseStrict, YamlErrorsCountColumnsInCharactersToo) {
  expect_refused_at("é: &a 1\n", 1, 4, "anchor");
}

TEST(ParseStrict, RefusesFilesOverOneMebibyteBeforeParsing) {
  std::string big = "a: 1\n#" + std::string(yaml::k_max_file_size, 'x');
  core::Diagnostic d = refused(big);
  EXPECT_EQ(d.line, 0);
  EXPECT_EQ(d.column, 0);
  EXPECT_THAT(d.message, HasSubstr("1 MiB"));
  // Checked first: neither the NUL byte nor the anchor nor the bad YAML is reported.
  std::string hostile = "\0&x ["s + std::string(yaml::k_max_file_size, '[');
  EXPECT_THAT(refused(hostile).message, HasSubstr("1 MiB"));
  std::string one_over = std::string(yaml::k_max_file_size + 1, ' ');
  EXPECT_THAT(refused(one_over).message, HasSubstr("1 MiB"));
}

// ---------------------------------------------------------------- depth

TEST(ParseStrict, RefusesFlowNestingDeeperThanTheLimit) {
  int depth = yaml::k_max_depth + 1;
  std::string text = std::string(static_cast<std::size_t>(depth), '[') +
                     std::string(static_cast<std::size_t>(depth), ']');
  expect_refused_at(text, 1, depth, "nested more than 32");
}

TEST(ParseStrict, RefusesBlockNestingDeeperThanTheLimit) {
  std::string text;
  for (int level = 0; level <= yaml::k_max_depth; ++level) {
    text += std::string(static_cast<std::size_t>(2 * level), ' ') + "k:\n";
  }
  text += std::string(static_cast<std::size_t>(2 * (yaml::k_max_depth + 1)), ' ') + "leaf: 1\n";
  core::Diagnostic d = refused(text);
  EXPECT_THAT(d.message, HasSubstr("nested"));
  EXPECT_EQ(d.line, yaml::k_max_depth + 1);
}

TEST(ParseStrict, RefusesAHostileDeepFlowSequenceFast) {
  std::string text(100000, '[');
  core::Diagnostic d = refused_cheaply(text, "100000 opening brackets");
  EXPECT_EQ(d.line, 1);
  std::string closed = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT(refused(closed).message, HasSubstr("nested"));
  std::string maps(100000, '{');
  EXPECT_EQ(refused(maps).line, 1);
  std::string dashes;
  for (int i = 0; i < 50000; ++i) {
    dashes += "- ";
  }
  EXPECT_THAT(refused(dashes).message, HasSubstr("nested"));
}

// ---------------------------------------------------------------- syntax errors

TEST(ParseStrict, RefusesYamlSyntaxErrorsWithPositions) {
  expect_refused_at("a: [1, 2\n", 2, 1, "not valid YAML");
  expect_refused_at("a: [1, 2]]\n", 1, 10, "not valid YAML");
  expect_refused_at("a: b: c\n", 1, 5, "not valid YAML");
  expect_refused_at("a: 1\n b: 2\n", 2, 3, "not valid YAML");
  expect_refused_at("a:\n  b: 1\n c: 2\n", 3, 2, "not valid YAML");
}

// An unclosed "[" is a syntax error, not a key that is a list.
TEST(ParseStrict, AnUnclosedFlowSequenceIsCalledASyntaxError) {
  core::Diagnostic d = refused("[[1]\n");
  EXPECT_THAT(d.message, HasSubstr("not valid YAML"));
}

// yaml-cpp 0.7 accepts an unterminated quoted scalar at the end of the file and swallows
// the lines after it into the string.
TEST(ParseStrict, RefusesUnterminatedQuotes) {
  refused("a: \"x\nb: 1\n");
  refused("a: 'x\nb: 1\n");
  refused("a: 'unterminated\n");
}

// A quote left open in the middle of a file runs on to the next quote of its kind; the
// lines it takes on the way are not indented as a quoted text's further lines must be,
// so the quote is refused at its own line and column.
TEST(ParseStrict, RefusesAnUnclosedQuoteInTheMiddleAtItsLine) {
  const std::string words = "this quoted text has no closing quote";
  expect_refused_at("a: 1\nb: \"x\nc: 2\nd: \"y\"\n", 2, 4, words);
  expect_refused_at("a: 1\nb: 'it\nc: it's\n", 2, 4, words);
  expect_refused_at("a: 1\nb: \"say \\\"hi\nc: 2\n", 2, 4, words);
  expect_refused_at("a: 1\nb: !!str \"x\nc: \"y\"\n", 2, 4, words);
  expect_refused_at("a: [\"x, y]\nb: 1\n", 1, 5, words);
  expect_refused_at("a: \"abc\nb: \"@home\"\n", 1, 4, words);
  expect_refused_at("steps:\n  - id: \"1\n    title: \"x\"\n", 2, 9, words);
  expect_refused_at("- a: \"x\n  b: \"\n", 1, 6, words);
  expect_refused_at("a:\n  b: 'x\n\n  c: y'\n", 2, 6, words);
  expect_refused_at("a: [Zoë, 'x\nb: 1\n", 1, 10, words); // columns in characters
}

// Inside brackets, the lines a quote left open takes may be indented enough; YAML then
// breaks down right after the quote that was meant to open the next text.
TEST(ParseStrict, AnUnclosedQuoteInBracketsIsNamedWhereYamlBreaksDown) {
  core::Diagnostic d = refused("tags: [x, 'it\n  b, 'c']\n");
  EXPECT_EQ(d.line, 1) << d.format();
  EXPECT_EQ(d.column, 11) << d.format();
  EXPECT_THAT(d.message, AllOf(HasSubstr("seems to have no closing quote"), HasSubstr("line 2"))) << d.format();
  // A text over several lines that is closed, with an error after it, keeps the error.
  expect_refused_at("a: [\"x\n  y\"]]\n", 2, 6, "not valid YAML");
}

// The end of a quoted text over several lines must be indented too.
TEST(ParseStrict, RefusesAClosingQuoteThatIsNotIndented) {
  expect_refused_at("a: \"x\n\"\nb: 1\n", 1, 4, "no closing quote");
}

// "1e999" is a number too large for a double: it must not throw out of parse_strict.
TEST(ParseStrict, HugeExponentsDoNotThrow) {
  for (std::string_view text : {"a: 1e999\n", "a: -1e999\n", "a: 1e-400\n"}) {
    try {
      auto result = parse_strict(text, k_file);
      if (!result.ok()) {
        EXPECT_GT(result.error().front().line, 0) << text;
      }
    } catch (const std::exception& error) {
      ADD_FAILURE() << "parse_strict threw " << error.what() << " for " << text;
    }
  }
}

TEST(ParseStrict, DiagnosticsNameTheFile) {
  auto result = parse_strict("a: &x 1\n", ".runbook/policy.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().front().format().rfind(".runbook/policy.yaml:1:4: ", 0), 0U)
      << result.error().front().format();
}

} // namespace strict_yaml_test
