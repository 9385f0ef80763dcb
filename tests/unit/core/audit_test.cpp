#include "core/audit.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace audit_test {

using core::AuditEvent;
using core::EventKind;
using core::Outcome;
using core::Record;
using core::RunAudit;
using testing::ElementsAre;
using testing::Pair;

Record record(EventKind kind, const std::string& at, std::optional<std::string> step = std::nullopt,
              std::optional<Outcome> outcome = std::nullopt) {
  Record r;
  r.event = kind;
  r.at = at;
  r.step = std::move(step);
  r.outcome = outcome;
  r.by = "alice";
  if (kind == EventKind::start) {
    r.inputs = {{"employee_name", "Eve"}};
  }
  return r;
}

RunAudit run_of(const std::string& runbook, std::vector<Record> records, bool verified = true) {
  RunAudit run;
  run.run = runbook + "-20261129T2150Z-0000";
  run.runbook = runbook;
  run.runbook_title = "Title of " + runbook;
  for (Record& r : records) {
    run.events.push_back(AuditEvent{std::move(r), "c", verified, "", {}});
  }
  core::settle(run);
  return run;
}

TEST(SecondsBetween, CountsAcrossDaysAndIgnoresFractions) {
  EXPECT_EQ(core::seconds_between("2026-11-29T21:50:03.120Z", "2026-11-29T21:51:04.000Z"), 61);
  EXPECT_EQ(core::seconds_between("2026-12-31T23:00:00Z", "2027-01-01T01:00:00Z"), 7200);
  EXPECT_EQ(core::seconds_between("yesterday", "2027-01-01T01:00:00Z"), std::nullopt);
}

TEST(DescribeDuration, PicksAReadableUnit) {
  EXPECT_EQ(core::describe_duration(15), "15 s");
  EXPECT_EQ(core::describe_duration(42 * 60 + 5), "42 min");
  EXPECT_EQ(core::describe_duration(2 * 3600 + 5 * 60), "2 h 5 min");
  EXPECT_EQ(core::describe_duration(3 * 86400 + 4 * 3600), "3 d 4 h");
}

TEST(Settle, TakesStartFinishOutcomeDurationAndInputs) {
  RunAudit run = run_of("payroll", {record(EventKind::start, "2026-11-29T10:00:00.000Z"),
                                    record(EventKind::step, "2026-11-29T10:10:00.000Z", "1", Outcome::done),
                                    record(EventKind::finish, "2026-11-29T11:00:00.000Z", std::nullopt, Outcome::completed)});
  EXPECT_EQ(run.started_at, "2026-11-29T10:00:00.000Z");
  EXPECT_EQ(run.finished_at, "2026-11-29T11:00:00.000Z");
  EXPECT_EQ(run.outcome, Outcome::completed);
  EXPECT_EQ(run.duration_seconds, 3600);
  EXPECT_EQ(run.inputs.at("employee_name"), "Eve");
  EXPECT_TRUE(run.all_verified);
}

TEST(Settle, AnOpenRunHasNoDurationAndOneUnverifiedEventMarksTheRun) {
  RunAudit run = run_of("payroll", {record(EventKind::start, "2026-11-29T10:00:00.000Z")}, false);
  EXPECT_FALSE(run.outcome.has_value());
  EXPECT_FALSE(run.duration_seconds.has_value());
  EXPECT_FALSE(run.all_verified);
}

TEST(Summarize, CompletionRateMedianAndTheStepsMostOftenSkippedOrFailed) {
  std::vector<RunAudit> runs{
      run_of("payroll", {record(EventKind::start, "2026-11-01T10:00:00Z"),
                         record(EventKind::step, "2026-11-01T10:01:00Z", "2", Outcome::skipped),
                         record(EventKind::finish, "2026-11-01T11:00:00Z", std::nullopt, Outcome::completed)}),
      run_of("payroll", {record(EventKind::start, "2026-11-02T10:00:00Z"),
                         record(EventKind::step, "2026-11-02T10:01:00Z", "2", Outcome::skipped),
                         record(EventKind::step, "2026-11-02T10:02:00Z", "3", Outcome::skipped),
                         record(EventKind::step, "2026-11-02T10:03:00Z", "4", Outcome::failed),
                         record(EventKind::finish, "2026-11-02T13:00:00Z", std::nullopt, Outcome::aborted)}),
      run_of("payroll", {record(EventKind::start, "2026-11-03T10:00:00Z")}),
      run_of("hiring", {record(EventKind::start, "2026-11-03T10:00:00Z"),
                        record(EventKind::finish, "2026-11-03T10:30:00Z", std::nullopt, Outcome::completed)})};
  std::vector<core::RunbookAudit> summaries = core::summarize(runs);
  ASSERT_EQ(summaries.size(), 2U);
  const core::RunbookAudit& hiring = summaries[0];
  const core::RunbookAudit& payroll = summaries[1];
  EXPECT_EQ(hiring.runbook, "hiring");
  EXPECT_EQ(hiring.median_duration_seconds, 1800);
  EXPECT_DOUBLE_EQ(hiring.completion_rate, 1.0);
  EXPECT_EQ(payroll.runs, 3U);
  EXPECT_EQ(payroll.finished, 2U);
  EXPECT_EQ(payroll.completed, 1U);
  EXPECT_DOUBLE_EQ(payroll.completion_rate, 0.5);
  EXPECT_EQ(payroll.median_duration_seconds, (3600 + 3 * 3600) / 2);
  EXPECT_THAT(payroll.skipped_steps, ElementsAre(Pair("2", 2U), Pair("3", 1U)));
  EXPECT_THAT(payroll.failed_steps, ElementsAre(Pair("4", 1U)));
}

TEST(Summarize, NoRunsNoSummaries) { EXPECT_TRUE(core::summarize({}).empty()); }

// An audit report people read (issue 18)

core::Runbook approval_runbook() {
  core::Runbook runbook;
  runbook.id = "payroll";
  runbook.version = 1;
  runbook.title = "Payroll change";
  core::Step one;
  one.id = "1";
  one.title = "Prepare the change";
  one.approval = "security-lead";
  one.approvals_needed = 2;
  core::Step two;
  two.id = "2";
  two.title = "Apply the change";
  two.approval = "approver";
  core::Step three;
  three.id = "3";
  three.title = "Tell the team";
  runbook.steps = {one, two, three};
  return runbook;
}

Record by(Record r, const std::string& person) {
  r.by = person;
  return r;
}

TEST(StepApprovals, WhoApprovedAfterTheLatestDoneAndWhetherTheCountIsMet) {
  core::Runbook runbook = approval_runbook();
  std::vector<Record> records{record(EventKind::start, "2026-11-29T10:00:00.000Z"),
                              record(EventKind::step, "2026-11-29T10:01:00.000Z", "1", Outcome::done),
                              by(record(EventKind::approve, "2026-11-29T10:02:00.000Z", "1"), "bob"),
                              by(record(EventKind::approve, "2026-11-29T10:03:00.000Z", "1"), "bob"),
                              by(record(EventKind::approve, "2026-11-29T10:04:00.000Z", "1"), "carol"),
                              record(EventKind::step, "2026-11-29T10:05:00.000Z", "2", Outcome::done)};
  std::vector<core::StepApproval> approvals = core::step_approvals(runbook, core::replay(records, runbook), records);
  ASSERT_EQ(approvals.size(), 2U); // step 3 asks for none
  EXPECT_EQ(approvals[0].step, "1");
  EXPECT_EQ(approvals[0].role, "security-lead");
  EXPECT_EQ(approvals[0].needed, 2);
  EXPECT_EQ(approvals[0].wording, "2 people with the security-lead role");
  ASSERT_EQ(approvals[0].given.size(), 2U); // bob once, then carol
  EXPECT_EQ(approvals[0].given[0].by, "bob");
  EXPECT_EQ(approvals[0].given[0].at, "2026-11-29T10:02:00.000Z");
  EXPECT_EQ(approvals[0].given[1].by, "carol");
  EXPECT_EQ(approvals[0].status, core::ApprovalStatus::met);
  EXPECT_EQ(approvals[1].step, "2");
  EXPECT_TRUE(approvals[1].given.empty());
  EXPECT_EQ(approvals[1].status, core::ApprovalStatus::missing);
  EXPECT_EQ(core::to_string(approvals[1].status), "not met");
}

TEST(StepApprovals, ASkippedStepNeedsNoneAndOneNotRecordedIsLeftOut) {
  core::Runbook runbook = approval_runbook();
  std::vector<Record> records{record(EventKind::start, "2026-11-29T10:00:00.000Z"),
                              record(EventKind::step, "2026-11-29T10:01:00.000Z", "1", Outcome::skipped)};
  std::vector<core::StepApproval> approvals = core::step_approvals(runbook, core::replay(records, runbook), records);
  ASSERT_EQ(approvals.size(), 1U);
  EXPECT_EQ(approvals[0].outcome, Outcome::skipped);
  EXPECT_EQ(approvals[0].status, core::ApprovalStatus::not_needed);
}

TEST(RunTraining, WhoAcknowledgedTheVersionBeforeTheirFirstRecord) {
  RunAudit run = run_of("payroll", {record(EventKind::start, "2026-11-29T10:00:00.000Z"),
                                    by(record(EventKind::step, "2026-11-29T10:01:00.000Z", "1", Outcome::done), "bob"),
                                    by(record(EventKind::approve, "2026-11-29T10:02:00.000Z", "1"), "carol"),
                                    by(record(EventKind::step, "2026-11-29T10:03:00.000Z", "2", Outcome::done), "dave"),
                                    record(EventKind::step, "2026-11-29T10:04:00.000Z", "3", Outcome::done)});
  core::VersionTraining version;
  version.acknowledged = {core::Acknowledgement{"alice", "2026-11-28T09:00:00.000Z", std::nullopt},
                          core::Acknowledgement{"dave", "2026-11-29T11:00:00.000Z", std::nullopt}};
  std::vector<core::RunTraining> people = core::run_training(run, version);
  ASSERT_EQ(people.size(), 3U); // carol only approved: training asks nothing of her
  EXPECT_EQ(people[0].person, "alice");
  EXPECT_EQ(people[0].acknowledged_at, "2026-11-28T09:00:00.000Z");
  EXPECT_TRUE(people[0].acknowledged_before);
  EXPECT_EQ(people[1].person, "bob");
  EXPECT_EQ(people[1].acknowledged_at, "");
  EXPECT_FALSE(people[1].acknowledged_before);
  EXPECT_EQ(people[2].person, "dave");
  EXPECT_EQ(people[2].first_action_at, "2026-11-29T10:03:00.000Z");
  EXPECT_FALSE(people[2].acknowledged_before); // acknowledged after the step
}

} // namespace audit_test
