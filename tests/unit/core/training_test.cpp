#include "core/training.hpp"

#include "core/record_rules.hpp"
#include "support/runbook_parts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace training_test {

using testing::HasSubstr;

core::Runbook onboarding(int version, core::Training training = core::Training::required) {
  core::Runbook book = test_support::numbered_runbook("onboarding", "Employee onboarding", 2);
  book.version = version;
  book.training = training;
  book.steps[1].role = "approver";
  return book;
}

core::Person person(const std::string& id, std::set<core::Role> roles, core::PersonStatus status = core::PersonStatus::active) {
  core::Person p = test_support::make_person(id, std::move(roles));
  p.status = status;
  return p;
}

core::Record ack(const std::string& by, int version, const std::string& at = "2026-12-04T10:00:00.000Z") {
  core::Record r;
  r.runbook = "onboarding";
  r.version = version;
  r.runbook_blob = std::string(40, 'a');
  r.source_commit = std::string(40, 'b');
  r.event = core::EventKind::ack;
  r.by = by;
  r.at = at;
  return r;
}

core::Record event(core::EventKind kind, const std::string& by, int version) {
  core::Record r = ack(by, version);
  r.run = "onboarding-20261204T1000Z-abcd";
  r.event = kind;
  if (kind == core::EventKind::step) {
    r.step = "1";
    r.outcome = core::Outcome::done;
  }
  return r;
}

TEST(AckPath, RoundTripsThroughItsGrammar) {
  std::string path = core::ack_path(ack("jane.doe", 12), "20261204T100000Z", "9f2c");
  EXPECT_EQ(path, "training/onboarding/v12/20261204T100000Z-ack-jane.doe-9f2c.yaml");
  auto parsed = core::parse_ack_path(path);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->runbook, "onboarding");
  EXPECT_EQ(parsed->version, 12);
  EXPECT_EQ(parsed->by, "jane.doe");
  EXPECT_EQ(parsed->compact_second, "20261204T100000Z");
  EXPECT_EQ(parsed->random4, "9f2c");
  EXPECT_EQ(core::record_path(ack("jane.doe", 12), "20261204T100000Z", "9f2c"), path);
}

TEST(AckPath, RefusesEverythingLooser) {
  for (const char* path : {
           "training/onboarding/v1/20261204T100000Z-ack-bob-9f2c.yml",
           "training/onboarding/v0/20261204T100000Z-ack-bob-9f2c.yaml",
           "training/onboarding/v01/20261204T100000Z-ack-bob-9f2c.yaml",
           "training/onboarding/1/20261204T100000Z-ack-bob-9f2c.yaml",
           "training/Onboarding/v1/20261204T100000Z-ack-bob-9f2c.yaml",
           "training/onboarding/v1/20261204T100000Z-step-bob-9f2c.yaml",
           "training/onboarding/v1/20261204T1000Z-ack-bob-9f2c.yaml",
           "training/onboarding/v1/20261204T100000Z-ack-bob-9F2C.yaml",
           "training/onboarding/v1/20261204T100000Z-ack--9f2c.yaml",
           "training/onboarding/v1/20261204T100000Z-ack-Bob-9f2c.yaml",
           "training/onboarding/v1/sub/20261204T100000Z-ack-bob-9f2c.yaml",
           "training/onboarding/20261204T100000Z-ack-bob-9f2c.yaml",
           "runs/onboarding/v1/20261204T100000Z-ack-bob-9f2c.yaml",
           "/training/onboarding/v1/20261204T100000Z-ack-bob-9f2c.yaml",
       }) {
    EXPECT_FALSE(core::parse_ack_path(path)) << path;
  }
}

TEST(TrainingRule, StartAndStepNeedAnAckOfThatVersion) {
  core::Runbook v2 = onboarding(2);
  auto problem = core::training_problem(v2, event(core::EventKind::start, "bob", 2), {});
  ASSERT_TRUE(problem);
  EXPECT_THAT(*problem, HasSubstr("bob has not acknowledged"));
  EXPECT_THAT(*problem, HasSubstr("`git runbook ack onboarding --version 2`"));
  EXPECT_TRUE(core::training_problem(v2, event(core::EventKind::step, "bob", 2), {"alice"}));
  EXPECT_FALSE(core::training_problem(v2, event(core::EventKind::start, "bob", 2), {"bob"}));
  EXPECT_FALSE(core::training_problem(v2, event(core::EventKind::step, "bob", 2), {"alice", "bob"}));
}

TEST(TrainingRule, ApprovalsNotesFinishAndUntrainedRunbooksNeedNone) {
  core::Runbook v2 = onboarding(2);
  for (core::EventKind kind : {core::EventKind::approve, core::EventKind::note, core::EventKind::finish}) {
    EXPECT_FALSE(core::training_problem(v2, event(kind, "bob", 2), {}));
  }
  EXPECT_FALSE(core::training_problem(onboarding(2, core::Training::none), event(core::EventKind::start, "bob", 2), {}));
}

TEST(AckRules, AnAckIsJudgedOnItsOwnThroughTheHardRules) {
  core::Runbook v1 = onboarding(1);
  core::Person bob = person("bob", {core::Role::operator_});
  EXPECT_FALSE(core::hard_problem(core::RunState{}, v1, bob, ack("bob", 1)));
  core::Person gone = person("bob", {core::Role::operator_}, core::PersonStatus::retired);
  EXPECT_THAT(core::hard_problem(core::RunState{}, v1, gone, ack("bob", 1)).value_or(""), HasSubstr("retired"));
  EXPECT_THAT(core::hard_problem(core::RunState{}, v1, bob, ack("bob", 2)).value_or(""), HasSubstr("pins the file"));
  core::Record in_run = ack("bob", 1);
  in_run.run = "onboarding-20261204T1000Z-abcd";
  EXPECT_THAT(core::hard_problem(core::RunState{}, v1, bob, in_run).value_or(""), HasSubstr("belongs to no run"));
  core::Record bad_time = ack("bob", 1, "yesterday");
  EXPECT_TRUE(core::hard_problem(core::RunState{}, v1, bob, bad_time));
}

TEST(AckRules, AckingAgainIsRefusedWithTheDateOfTheFirst) {
  std::string refusal = core::ack_again_refusal(ack("bob", 3, "2026-12-01T09:00:00.000Z"));
  EXPECT_THAT(refusal, HasSubstr("bob already acknowledged onboarding v3 (on 2026-12-01)"));
  EXPECT_THAT(refusal, HasSubstr("git runbook training onboarding"));
}

core::Policy team() {
  core::Policy policy;
  policy.people = {person("zoe", {core::Role::operator_}),
                   person("alice", {core::Role::admin, core::Role::author}),
                   person("ann", {core::Role::approver}),
                   person("old", {core::Role::operator_}, core::PersonStatus::retired)};
  return policy;
}

TEST(VersionTraining, ThoseWhoMayPerformAStepMustReadIt) {
  // Recording needs the operator role: ann (approver only) approves, she performs nothing.
  EXPECT_EQ(core::people_to_train(onboarding(1), team()), (std::vector<std::string>{"zoe"}));
}

TEST(VersionTraining, EveryStepNamingATeamRoleLeavesOutOperatorsWithoutIt) {
  core::Runbook book = onboarding(1);
  book.steps[0].role = "hr";
  book.steps[1].role = "hr";
  core::Policy policy = team();
  core::Person hana = person("hana", {core::Role::operator_});
  hana.team_roles.insert("hr");
  core::Person hiro = person("hiro", {core::Role::approver});
  hiro.team_roles.insert("hr"); // holds the team role, but may not record
  policy.people.push_back(hana);
  policy.people.push_back(hiro);
  EXPECT_EQ(core::people_to_train(book, policy), (std::vector<std::string>{"hana"}));
}

TEST(VersionTraining, FirstAckPerPersonCountsAndTheRestAreMissing) {
  std::vector<core::Record> acks = {ack("zoe", 1, "2026-12-05T10:00:00.000Z"), ack("zoe", 1, "2026-12-03T10:00:00.000Z"),
                                    ack("ann", 2, "2026-12-04T10:00:00.000Z"), ack("alice", 1, "2026-12-04T10:00:00.000Z")};
  core::Policy policy = team();
  policy.people.push_back(person("otto", {core::Role::operator_}));
  core::VersionTraining v1 = core::version_training(onboarding(1), policy, acks, "2026-12-01");
  ASSERT_EQ(v1.acknowledged.size(), 2U);
  EXPECT_EQ(v1.acknowledged[0].by, "zoe");
  EXPECT_EQ(v1.acknowledged[0].at, "2026-12-03T10:00:00.000Z");
  EXPECT_EQ(v1.acknowledged[1].by, "alice");
  EXPECT_EQ(v1.missing, (std::vector<std::string>{"otto"}));
  EXPECT_EQ(v1.published_at, "2026-12-01");
  core::VersionTraining v2 = core::version_training(onboarding(2), policy, acks, "");
  EXPECT_EQ(v2.missing, (std::vector<std::string>{"otto", "zoe"}));
}

} // namespace training_test
