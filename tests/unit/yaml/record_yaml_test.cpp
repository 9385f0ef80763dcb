#include "yaml/record_yaml.hpp"

#include "core/record.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

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

} // namespace record_yaml_test
