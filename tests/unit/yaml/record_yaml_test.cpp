#include "yaml/record_yaml.hpp"

#include "core/record.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace record_yaml_test {

using testing::HasSubstr;

const std::string k_file = "runs/2026/11/29/payroll-20261129T2150Z-7f3a/20261129T215012Z-step-3-9f2c.yaml";

core::Record step_record() {
  core::Record record;
  record.run = "payroll-20261129T2150Z-7f3a";
  record.runbook = "payroll";
  record.version = 2;
  record.runbook_blob = std::string(40, 'a');
  record.source_commit = std::string(40, 'b');
  record.event = core::EventKind::step;
  record.step = "3";
  record.outcome = core::Outcome::done;
  record.by = "alice";
  record.at = "2026-11-29T21:50:12.345Z";
  record.note = "Sent the offer";
  record.evidence.push_back(core::EvidenceItem{"https://example.com/offer", std::nullopt, "", "", 0});
  return record;
}

void expect_same(const core::Record& a, const core::Record& b) {
  EXPECT_EQ(yaml::dump_record(a), yaml::dump_record(b));
}

TEST(RecordYaml, ReadsBackWhatItWrites) {
  auto loaded = yaml::load_record(yaml::dump_record(step_record()), k_file);
  ASSERT_TRUE(loaded);
  expect_same(*loaded, step_record());
}

TEST(RecordYaml, ACheckedRecordReadsTheSameWithoutTheSchema) {
  auto read = yaml::read_checked_record(yaml::dump_record(step_record()), k_file);
  ASSERT_TRUE(read);
  expect_same(*read, step_record());
}

TEST(RecordYaml, ACheckedRecordThatLacksAFieldGetsTheFullDiagnostics) {
  std::string text = yaml::dump_record(step_record());
  text.erase(text.find("by: "), text.find('\n', text.find("by: ")) - text.find("by: ") + 1);
  auto full = yaml::load_record(text, k_file);
  auto read = yaml::read_checked_record(text, k_file);
  ASSERT_FALSE(full);
  ASSERT_FALSE(read);
  ASSERT_EQ(read.error().size(), full.error().size());
  EXPECT_EQ(read.error().front().message, full.error().front().message);
  EXPECT_THAT(read.error().front().message, HasSubstr("\"by\""));
}

TEST(RecordYaml, ACheckedRecordWithAnUnknownEventOrOutcomeIsRefused) {
  std::string text = yaml::dump_record(step_record());
  std::string bad_event = text;
  bad_event.replace(bad_event.find("\"step\""), 6, "\"leap\"");
  EXPECT_FALSE(yaml::read_checked_record(bad_event, k_file));
  std::string bad_outcome = text;
  bad_outcome.replace(bad_outcome.find("\"done\""), 6, "\"dune\"");
  EXPECT_FALSE(yaml::read_checked_record(bad_outcome, k_file));
}

TEST(RecordYaml, ACheckedRecordWithAWrongKindOfValueIsRefused) {
  std::string text = yaml::dump_record(step_record());
  text.replace(text.find("version: 2"), 10, "version: [2]");
  EXPECT_FALSE(yaml::read_checked_record(text, k_file));
}

// Records of every shape, with text that YAML and JSON escape differently.
std::vector<core::Record> varied_records() {
  std::vector<core::Record> records{step_record()};
  core::Record start = step_record();
  start.event = core::EventKind::start;
  start.step.reset();
  start.outcome.reset();
  start.note.reset();
  start.evidence.clear();
  records.push_back(start); // inputs: {}
  start.inputs = {{"employee", "Zoë \"Z\" O'Neil"}, {"ticket_id", "HR-1234"}, {"when", "yes"}};
  records.push_back(start);
  core::Record files = step_record();
  files.evidence.push_back(core::EvidenceItem{std::nullopt, "evidence/abcdef123456-offer letter.pdf", "offer letter.pdf",
                                              std::string(64, 'c'), 123456789012});
  files.evidence.push_back(core::EvidenceItem{"https://example.com/a?b=c&d=#e", std::nullopt, "", "", 0});
  records.push_back(files);
  for (const char* note : {"line one\nline two\n", "tab\there, back\\slash, \"quoted\"", "\x01\x1f control",
                           "ünïcødé ✓ 日本語", "- looks: like yaml\n  - item", "", "null", "~", "'single'", "#hash",
                           "trailing space ", " leading", "{\"json\": [1, 2]}"}) {
    core::Record noted = step_record();
    noted.event = core::EventKind::note;
    noted.step.reset();
    noted.outcome.reset();
    noted.evidence.clear();
    noted.note = note;
    records.push_back(noted);
  }
  core::Record finish = step_record();
  finish.event = core::EventKind::finish;
  finish.step.reset();
  finish.outcome = core::Outcome::aborted;
  finish.note.reset();
  finish.evidence.clear();
  records.push_back(finish);
  return records;
}

TEST(RecordYaml, TheCanonicalReaderReadsWhatTheYamlParserReads) {
  for (const core::Record& record : varied_records()) {
    std::string text = yaml::dump_record(record);
    auto fast = yaml::read_canonical_record(text);
    auto parsed = yaml::load_record(text, k_file);
    ASSERT_TRUE(fast) << text;
    ASSERT_TRUE(parsed) << text << core::format_all(parsed.error());
    EXPECT_EQ(yaml::dump_record(*fast), text);
    expect_same(*fast, *parsed);
    expect_same(*fast, record);
  }
}

TEST(RecordYaml, TextInAnotherFormGoesThroughTheYamlParser) {
  const std::string text = yaml::dump_record(step_record());
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string changed = text;
    changed.replace(changed.find(from), from.size(), to);
    return changed;
  };
  std::vector<std::string> others{
      replaced("by: \"alice\"", "by: alice"),                  // a plain scalar
      replaced("by: \"alice\"", "by: 'alice'"),                // single quotes
      replaced("by: \"alice\"", "by:  \"alice\""),            // another space
      replaced("by: \"alice\"", "by: \"alice\" # who"),        // a comment
      replaced("# git-runbook", "#  git-runbook"),               // another comment
      replaced("\nby: \"alice\"", "\n# signed\nby: \"alice\""), // a comment line more
      replaced("by: \"alice\"\nat: \"2026-11-29T21:50:12.345Z\"",
               "at: \"2026-11-29T21:50:12.345Z\"\nby: \"alice\""), // another order
      replaced("  - link: ", "  -   link: "),                    // another indentation
      text.substr(0, text.size() - 1),                           // no last line break
  };
  std::string crlf;
  for (char c : text) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  others.push_back(crlf);
  for (const std::string& other : others) {
    EXPECT_FALSE(yaml::read_canonical_record(other)) << other;
    auto read = yaml::read_checked_record(other, k_file);
    ASSERT_TRUE(read) << other << core::format_all(read.error());
    expect_same(*read, step_record());
  }
}

TEST(RecordYaml, TheCanonicalReaderRefusesWhatTheParserWouldRead) {
  const std::string text = yaml::dump_record(step_record());
  // Same form, but not a record: each goes to the YAML parser and its diagnostics.
  for (const std::string& broken : {text + "by: \"bob\"\n", text + "extra: \"x\"\n",
                                    text.substr(0, text.find("at: ")), std::string("\n") + text}) {
    EXPECT_FALSE(yaml::read_canonical_record(broken)) << broken;
  }
}

TEST(RecordYaml, ANumberThatIsNotAWholeIntIsRefusedByBothReaders) {
  const std::string text = yaml::dump_record(step_record());
  for (const char* version : {"92233720368547758082", "9223372036854775808", "2147483648", "2.5", "-92233720368547758082"}) {
    std::string changed = text;
    changed.replace(changed.find("version: 2"), 10, std::string("version: ") + version);
    EXPECT_FALSE(yaml::read_canonical_record(changed)) << version;
    EXPECT_FALSE(yaml::read_checked_record(changed, k_file)) << version;
  }
}

// Training on every version (issue 17): an acknowledgement belongs to no run.
core::Record ack_record() {
  core::Record record = step_record();
  record.run.clear();
  record.event = core::EventKind::ack;
  record.step.reset();
  record.outcome.reset();
  record.evidence.clear();
  record.note = "Read it with Alice";
  return record;
}

const std::string k_ack_file = "training/payroll/v2/20261129T215012Z-ack-alice-9f2c.yaml";

TEST(RecordYaml, AnAckHasNoRunAndReadsBack) {
  std::string text = yaml::dump_record(ack_record());
  EXPECT_EQ(text.find("run:"), std::string::npos);
  auto loaded = yaml::load_record(text, k_ack_file);
  ASSERT_TRUE(loaded) << core::format_all(loaded.error());
  EXPECT_EQ(loaded->event, core::EventKind::ack);
  EXPECT_TRUE(loaded->run.empty());
  EXPECT_TRUE(yaml::read_canonical_record(text));
}

TEST(RecordYaml, AnAckWithARunOrAStepAndARecordWithoutARunAreRefused) {
  std::string ack = yaml::dump_record(ack_record());
  std::string with_run = "run: \"payroll-20261129T2150Z-7f3a\"\n" + ack;
  EXPECT_FALSE(yaml::load_record(with_run, k_ack_file));
  EXPECT_FALSE(yaml::load_record(ack + "step: \"1\"\n", k_ack_file));
  std::string step = yaml::dump_record(step_record());
  std::string no_run = step.substr(0, step.find("run:")) + step.substr(step.find('\n', step.find("run:")) + 1);
  auto loaded = yaml::load_record(no_run, k_file);
  ASSERT_FALSE(loaded);
  EXPECT_THAT(core::format_all(loaded.error()), HasSubstr("run"));
}

} // namespace record_yaml_test
