#include "core/record_rules.hpp"
#include "core/utc_time.hpp"
#include "support/runbook_parts.hpp"

#include <gtest/gtest.h>

namespace record_rules_test {

core::Runbook runbook() {
  core::Runbook book = test_support::numbered_runbook("incident", "Incident", 3);
  book.steps[1].approval = "approver";
  book.steps[2].role = "approver";
  return book;
}

core::Person person(const std::string& id, std::set<core::Role> roles) {
  return test_support::make_person(id, std::move(roles));
}

core::Record record(core::EventKind kind, const std::string& by, const std::string& at,
                    std::optional<std::string> step = std::nullopt,
                    std::optional<core::Outcome> outcome = std::nullopt) {
  core::Record r = test_support::make_record("incident", "incident-20261204T1000Z-abcd", kind, by, at);
  r.step = std::move(step);
  r.outcome = outcome;
  return r;
}

const core::Person olivia = person("olivia", {core::Role::operator_, core::Role::approver});
const core::Person hana = person("hana", {core::Role::operator_});
const core::Person marco = person("marco", {core::Role::operator_, core::Role::approver});

core::RunState started() {
  core::RunState state;
  core::apply(state, runbook(), record(core::EventKind::start, "hana", "2026-12-04T10:00:00.000Z"));
  return state;
}

TEST(HardRules, FourEyesHoldWhoeverRecordedTheStepLast) {
  core::Runbook book = runbook();
  core::RunState state = started();
  core::apply(state, book, record(core::EventKind::step, "olivia", "2026-12-04T10:01:00.000Z", "1", core::Outcome::done));
  core::apply(state, book, record(core::EventKind::step, "olivia", "2026-12-04T10:01:30.000Z", "2", core::Outcome::done));
  core::apply(state, book, record(core::EventKind::step, "hana", "2026-12-04T10:02:00.000Z", "2", core::Outcome::done));
  auto problem = core::hard_problem(state, book, olivia,
                                    record(core::EventKind::approve, "olivia", "2026-12-04T10:03:00.000Z", "2"));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("olivia recorded step 2 and cannot also approve it"), std::string::npos) << *problem;
  EXPECT_FALSE(core::hard_problem(state, book, marco,
                                  record(core::EventKind::approve, "marco", "2026-12-04T10:03:00.000Z", "2")));
}

TEST(HardRules, AnApproverDoesNotAlsoPerformTheStep) {
  core::Runbook book = runbook();
  core::RunState state = started();
  core::apply(state, book, record(core::EventKind::step, "hana", "2026-12-04T10:01:00.000Z", "2", core::Outcome::done));
  core::apply(state, book, record(core::EventKind::approve, "marco", "2026-12-04T10:02:00.000Z", "2"));
  auto problem = core::hard_problem(
      state, book, marco, record(core::EventKind::step, "marco", "2026-12-04T10:03:00.000Z", "2", core::Outcome::done));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("marco approved step 2"), std::string::npos) << *problem;
}

TEST(HardRules, TheStepsOwnRoleIsEnforced) {
  core::Runbook book = runbook();
  core::RunState state = started();
  auto problem = core::hard_problem(
      state, book, hana, record(core::EventKind::step, "hana", "2026-12-04T10:01:00.000Z", "3", core::Outcome::done));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("recording step 3 needs the approver role, which hana does not have"), std::string::npos)
      << *problem;
  EXPECT_FALSE(core::hard_problem(
      state, book, olivia, record(core::EventKind::step, "olivia", "2026-12-04T10:01:00.000Z", "3", core::Outcome::done)));
}

TEST(HardRules, ATimeThatDoesNotExistIsRefused) {
  core::RunState state = started();
  auto problem = core::hard_problem(state, runbook(), hana,
                                    record(core::EventKind::note, "hana", "9999-99-99T99:99:99Z"));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("not a real UTC time"), std::string::npos) << *problem;
}

TEST(HardRules, AStartsInputsMustFitTheRunbook) {
  core::Runbook book = runbook();
  core::Input severity;
  severity.name = "severity";
  severity.prompt = "How bad?";
  severity.options = {"low", "high"};
  severity.required = true;
  core::Input ticket;
  ticket.name = "ticket";
  ticket.prompt = "Ticket";
  ticket.pattern = "INC-[0-9]+";
  book.inputs = {severity, ticket};
  auto start = [&](std::map<std::string, std::string> inputs) {
    core::Record r = record(core::EventKind::start, "hana", "2026-12-04T10:00:00.000Z");
    r.inputs = std::move(inputs);
    return core::hard_problem(core::RunState{}, book, hana, r);
  };
  EXPECT_FALSE(start({{"severity", "high"}}));
  EXPECT_FALSE(start({{"severity", "low"}, {"ticket", "INC-42"}}));
  struct Case {
    std::map<std::string, std::string> inputs;
    const char* says;
  };
  for (const Case& bad : {Case{{}, "needs the input \"severity\""},
                          Case{{{"severity", "medium"}}, "not one of the choices for \"severity\""},
                          Case{{{"severity", "high"}, {"ticket", "42"}}, "does not have the form \"ticket\""},
                          Case{{{"severity", "high"}, {"owner", "eve"}}, "\"owner\" is not one that runbook incident"},
                          Case{{{"severity", std::string(2001, 'x')}}, "longer than 2000 characters"}}) {
    auto problem = start(bad.inputs);
    ASSERT_TRUE(problem) << bad.says;
    EXPECT_NE(problem->find(bad.says), std::string::npos) << *problem;
    EXPECT_NE(problem->find("`git runbook start incident`"), std::string::npos) << *problem;
  }
}

TEST(OrderingRules, RefusedWhenRecordingFlaggedWhenMerged) {
  core::Runbook book = runbook();
  core::RunState state = started();
  core::apply(state, book, record(core::EventKind::step, "marco", "2026-12-04T10:01:00.000Z", "2", core::Outcome::done));
  core::Record late = record(core::EventKind::step, "hana", "2026-12-04T10:00:30.000Z", "3", core::Outcome::done);
  auto refusal = core::event_problem(state, book, olivia, late);
  ASSERT_TRUE(refusal);
  EXPECT_NE(refusal->find("step 2 waits for 1 more approval from approver"), std::string::npos) << *refusal;
  EXPECT_FALSE(core::hard_problem(state, book, olivia, late)); // valid for its author
  core::apply(state, book, late);
  ASSERT_EQ(state.flags.size(), 1u);
  EXPECT_EQ(state.flags[0].kind, core::FlagKind::while_awaiting_approval);
  EXPECT_EQ(state.flags[0].record, 2u);
  EXPECT_EQ(state.flags[0].people, (std::vector<std::string>{"hana", "marco"}));
}

TEST(OrderingRules, EveryKindIsFlagged) {
  core::Runbook book = runbook();
  core::RunState state = started();
  std::vector<core::Record> log{
      record(core::EventKind::note, "hana", "2026-12-04T09:59:00.000Z"),                                     // before start
      record(core::EventKind::approve, "marco", "2026-12-04T10:01:00.000Z", "2"),                            // not done yet
      record(core::EventKind::step, "hana", "2026-12-04T10:02:00.000Z", "1", core::Outcome::done),
      record(core::EventKind::step, "olivia", "2026-12-04T10:03:00.000Z", "1", core::Outcome::done),         // twice
      record(core::EventKind::step, "olivia", "2026-12-04T10:04:00.000Z", "1", core::Outcome::failed),       // contradicts
      record(core::EventKind::finish, "hana", "2026-12-04T10:05:00.000Z", std::nullopt, core::Outcome::completed),
      record(core::EventKind::note, "olivia", "2026-12-04T10:06:00.000Z"),                                   // after finish
  };
  log.back().note = "late";
  log.front().note = "early";
  for (const core::Record& r : log) {
    core::apply(state, book, r);
  }
  std::vector<core::FlagKind> kinds;
  for (const core::Flag& flag : state.flags) {
    kinds.push_back(flag.kind);
  }
  EXPECT_EQ(kinds, (std::vector<core::FlagKind>{core::FlagKind::before_start, core::FlagKind::not_ready,
                                                core::FlagKind::recorded_twice, core::FlagKind::contradicting_outcomes,
                                                core::FlagKind::not_ready, core::FlagKind::after_finish}));
}

TEST(OrderingRules, AFailedStepMayBeTriedAgain) {
  core::Runbook book = runbook();
  core::RunState state = started();
  core::apply(state, book, record(core::EventKind::step, "hana", "2026-12-04T10:01:00.000Z", "1", core::Outcome::failed));
  EXPECT_FALSE(core::event_problem(state, book, hana,
                                   record(core::EventKind::step, "hana", "2026-12-04T10:02:00.000Z", "1", core::Outcome::done)));
}

TEST(ClockFlag, OnlyPastFiveMinutesAhead) {
  core::Record r = record(core::EventKind::note, "hana", "2026-12-04T10:06:00.000Z");
  std::int64_t now = *core::utc_millis("2026-12-04T10:00:00.000Z");
  EXPECT_TRUE(core::clock_flag(r, 0, now));
  r.at = "2026-12-04T10:05:00.000Z";
  EXPECT_FALSE(core::clock_flag(r, 0, now));
}

TEST(UtcMillis, ReadsRecordTimes) {
  EXPECT_EQ(core::utc_millis("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(core::utc_millis("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(core::utc_millis("2000-03-01T00:00:00.000Z"), 951868800000);
  EXPECT_EQ(core::utc_millis("2024-02-29T12:00:00.123456789Z"), 1709208000123);
  for (const char* bad : {"9999-99-99T99:99:99Z", "2026-02-30T00:00:00Z", "2026-12-04T24:00:00Z", "2026-12-04 10:00:00Z",
                          "2026-12-04T10:00:00", "2026-12-04T10:00:00.Z", "2026-12-04T10:00:00+01:00", ""}) {
    EXPECT_FALSE(core::utc_millis(bad)) << bad;
  }
}

} // namespace record_rules_test
