// Conditions, optional steps and steps repeated per item (issue 17): the runbook rules,
// the hard rules of items, the run's state, and the ordering rules per item.
#include "core/input_rules.hpp"
#include "core/record_rules.hpp"
#include "core/step_conditions.hpp"
#include "support/runbook_parts.hpp"

#include <gtest/gtest.h>

namespace step_conditions_test {

bool says(const std::optional<std::string>& text, const std::string& part) {
  return text && text->find(part) != std::string::npos;
}

// An offboarding: 1 always; 2 only for SEV1/SEV2 (here: admin yes); 3 optional;
// 4 for each system, approved per item.
core::Runbook runbook() {
  core::Runbook book = test_support::numbered_runbook("offboarding", "Offboarding", 4);
  core::Input admin;
  admin.name = "admin";
  admin.prompt = "Admin access?";
  admin.options = {"yes", "no"};
  admin.required = true;
  core::Input systems;
  systems.name = "systems";
  systems.prompt = "Systems";
  systems.list = true;
  book.inputs = {admin, systems};
  book.steps[1].when = core::Condition{"admin", {}, std::string("yes")};
  book.steps[2].optional = true;
  book.steps[3].for_each = "systems";
  book.steps[3].approval = "approver";
  return book;
}

core::Person person(const std::string& id, std::set<core::Role> roles) {
  return test_support::make_person(id, std::move(roles));
}

const core::Person hana = person("hana", {core::Role::operator_});
const core::Person marco = person("marco", {core::Role::operator_, core::Role::approver});

core::Record record(core::EventKind kind, const std::string& by, std::optional<std::string> step = std::nullopt,
                    std::optional<core::Outcome> outcome = std::nullopt,
                    std::optional<std::string> item = std::nullopt) {
  core::Record r =
      test_support::make_record("offboarding", "offboarding-20261204T1000Z-abcd", kind, by, "2026-12-04T10:05:00.000Z");
  r.step = std::move(step);
  r.outcome = outcome;
  r.item = std::move(item);
  return r;
}

core::RunState started(const std::string& admin, const std::string& systems = "payroll, crm, okta") {
  core::RunState state;
  core::Record start = record(core::EventKind::start, "hana");
  start.at = "2026-12-04T10:00:00.000Z";
  start.inputs = {{"admin", admin}};
  if (!systems.empty()) {
    start.inputs["systems"] = systems;
  }
  core::apply(state, runbook(), start);
  return state;
}

core::Record step(const std::string& id, core::Outcome outcome, std::optional<std::string> item = std::nullopt) {
  return record(core::EventKind::step, "hana", id, outcome, std::move(item));
}

TEST(ListAnswers, ItemsAreTrimmedNonEmptyDistinctAndFitTheOptions) {
  core::Input systems = runbook().inputs[1];
  EXPECT_EQ(core::list_items(" payroll, crm ,okta "), (std::vector<std::string>{"payroll", "crm", "okta"}));
  EXPECT_EQ(core::canonical_list("payroll,crm,  okta"), "payroll, crm, okta");
  EXPECT_FALSE(core::answer_problem(systems, "payroll,crm,okta"));
  EXPECT_TRUE(says(core::answer_problem(systems, "payroll,,crm"), "has an empty item"));
  EXPECT_TRUE(says(core::answer_problem(systems, "crm, crm"), "\"crm\" is listed twice"));
  EXPECT_TRUE(says(core::answer_problem(systems, " , "), "has an empty item"));
  EXPECT_TRUE(says(core::answer_problem(systems, "   "), "lists no item"));
  EXPECT_TRUE(says(core::answer_problem(systems, "crm,pay\nroll"), "line break"));
  EXPECT_TRUE(says(core::answer_problem(systems, std::string(201, 'a')), "longer than 200"));
  systems.options = {"payroll", "crm"};
  EXPECT_TRUE(says(core::answer_problem(systems, "payroll, okta"), "\"okta\" is not one of the choices"));
}

TEST(RunbookRules, WhenAndForEachNameKnownInputsOfTheRightKind) {
  core::Runbook book = runbook();
  std::vector<core::RunbookProblem> problems;
  core::check_conditions(book, problems);
  EXPECT_TRUE(problems.empty());

  book.steps[1].when = core::Condition{"severity", {"SEV1"}, std::nullopt};
  book.steps[3].for_each = "admin";
  book.steps[2].when = core::Condition{"admin", {"yes", "maybe"}, std::string("yes")};
  book.steps[0].when = core::Condition{"systems", {}, std::string("crm")};
  core::check_conditions(book, problems);
  std::map<std::string, std::string> by_pointer;
  for (const auto& problem : problems) {
    by_pointer[problem.pointer] += problem.message + "|";
  }
  EXPECT_TRUE(says(by_pointer["/steps/1/when/input"], "names the input \"severity\", which this runbook does not ask for — use one of: admin, systems"));
  EXPECT_TRUE(says(by_pointer["/steps/3/for_each"], "add \"list: true\" to the input \"admin\""));
  EXPECT_TRUE(says(by_pointer["/steps/2/when"], "has both \"in\" and \"equals\""));
  EXPECT_TRUE(says(by_pointer["/steps/2/when/in/1"], "\"maybe\" is not one of the choices for \"admin\" (yes, no)"));
  EXPECT_TRUE(says(by_pointer["/steps/0/when/input"], "names the list input \"systems\""));

  problems.clear();
  book = runbook();
  book.steps[1].when = core::Condition{"admin", {}, std::nullopt};
  book.steps[3].for_each = "people";
  core::check_conditions(book, problems);
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_TRUE(says(problems[0].message, "says neither"));
  EXPECT_TRUE(says(problems[1].message, "\"people\", which this runbook does not ask for"));
}

TEST(RunState, ANotNeededOrOptionalStepDoesNotHoldUpCompletion) {
  core::Runbook book = runbook();
  core::RunState state = started("no");
  EXPECT_EQ(core::not_needed_reason(book.steps[1], core::run_answers(state)), "admin is no");
  std::vector<const core::Step*> open = core::open_steps(state, book);
  ASSERT_EQ(open.size(), 2U);
  EXPECT_EQ(open[0]->id, "1");
  EXPECT_EQ(open[1]->id, "4");

  core::apply(state, book, step("1", core::Outcome::done));
  auto work = core::next_work(state, book);
  ASSERT_TRUE(work);
  EXPECT_EQ(work->step->id, "2");
  EXPECT_EQ(work->not_needed, "admin is no");

  for (const char* item : {"payroll", "crm", "okta"}) {
    core::apply(state, book, step("4", core::Outcome::done, item));
    core::apply(state, book, record(core::EventKind::approve, "marco", "4", std::nullopt, item));
  }
  EXPECT_TRUE(core::open_steps(state, book).empty());
  core::Record finish = record(core::EventKind::finish, "hana");
  finish.outcome = core::Outcome::completed;
  EXPECT_FALSE(core::event_problem(state, book, hana, finish));
}

TEST(RunState, AForEachStepIsSettledWhenEveryItemIs) {
  core::Runbook book = runbook();
  core::RunState state = started("yes");
  core::apply(state, book, step("4", core::Outcome::done, "payroll"));
  core::apply(state, book, record(core::EventKind::approve, "marco", "4", std::nullopt, "payroll"));
  core::apply(state, book, step("4", core::Outcome::skipped, "crm"));
  EXPECT_FALSE(core::step_settled(state, book.steps[3]));
  auto work = core::next_work(state, book);
  ASSERT_TRUE(work);
  EXPECT_EQ(work->step->id, "1");
  core::apply(state, book, step("4", core::Outcome::done, "okta"));
  EXPECT_EQ(core::awaiting_approval(state, book), &book.steps[3]);
  EXPECT_EQ(core::awaiting_item(state, book.steps[3]), "okta");
  core::Record finish = record(core::EventKind::finish, "hana");
  finish.outcome = core::Outcome::completed;
  EXPECT_TRUE(says(core::event_problem(state, book, hana, finish), "step 1"));
  core::apply(state, book, record(core::EventKind::approve, "marco", "4", std::nullopt, "okta"));
  EXPECT_TRUE(core::step_settled(state, book.steps[3]));
}

TEST(HardRules, ItemsAreKnownAndOnlyOnRepeatedSteps) {
  core::Runbook book = runbook();
  core::RunState state = started("yes");
  EXPECT_TRUE(says(core::hard_problem(state, book, hana, step("4", core::Outcome::done)),
                   "recorded once for each of systems (payroll, crm, okta) — name one with --item"));
  EXPECT_TRUE(says(core::hard_problem(state, book, hana, step("4", core::Outcome::done, "hr")),
                   "\"hr\" is not one of the items of step 4 in this run (systems: payroll, crm, okta)"));
  EXPECT_TRUE(says(core::hard_problem(state, book, hana, step("1", core::Outcome::done, "crm")),
                   "step 1 is not repeated per item"));
  EXPECT_TRUE(says(core::hard_problem(state, book, marco,
                                      record(core::EventKind::approve, "marco", "4", std::nullopt, "hr")),
                   "\"hr\" is not one of the items"));
  core::Record note = record(core::EventKind::note, "hana");
  note.note = "hello";
  note.item = "crm";
  EXPECT_TRUE(says(core::hard_problem(state, book, hana, note), "only a step or an approval"));
  EXPECT_FALSE(core::hard_problem(state, book, hana, step("4", core::Outcome::done, "crm")));
}

TEST(HardRules, ANotNeededStepIsOnlySkippedAndSaysSoOnlyWhenTrue) {
  core::Runbook book = runbook();
  core::RunState sev3 = started("no");
  EXPECT_TRUE(says(core::hard_problem(sev3, book, hana, step("2", core::Outcome::done)),
                   "step 2 is not needed in this run (admin is no): it can only be skipped"));
  core::Record skip = step("2", core::Outcome::skipped);
  skip.not_needed = true;
  EXPECT_FALSE(core::hard_problem(sev3, book, hana, skip));
  EXPECT_FALSE(core::hard_problem(sev3, book, hana, step("2", core::Outcome::skipped)));

  core::RunState sev1 = started("yes");
  EXPECT_TRUE(says(core::hard_problem(sev1, book, hana, skip), "is needed in this run"));
  core::Record done = step("1", core::Outcome::done);
  done.not_needed = true;
  EXPECT_TRUE(says(core::hard_problem(sev1, book, hana, done), "only a skipped step"));

  core::RunState nothing_listed = started("yes", "");
  EXPECT_EQ(core::not_needed_reason(book.steps[3], core::run_answers(nothing_listed)), "no item was given for systems");
  EXPECT_TRUE(says(core::hard_problem(nothing_listed, book, hana, step("4", core::Outcome::skipped, "crm")),
                   "skipped as a whole — leave out --item"));
}

TEST(OrderingRules, APerItemStepRecordedTwiceIsFlaggedWhenMerged) {
  core::Runbook book = runbook();
  core::RunState state = started("yes");
  core::apply(state, book, step("4", core::Outcome::done, "crm"));
  core::Record again = step("4", core::Outcome::done, "crm");
  again.by = "marco";
  auto conflict = core::ordering_conflict(state, book, again);
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->kind, core::FlagKind::recorded_twice);
  EXPECT_TRUE(says(conflict->refusal, "step 4 for crm is already recorded as done"));
  EXPECT_FALSE(core::hard_problem(state, book, marco, again)); // valid for its author: accepted and flagged
  core::apply(state, book, again);
  ASSERT_EQ(state.flags.size(), 1U);
  // the other items are their own: recording okta is no conflict
  EXPECT_FALSE(core::ordering_conflict(state, book, step("4", core::Outcome::done, "okta")));
}

TEST(OrderingRules, ApprovalsArePerItem) {
  core::Runbook book = runbook();
  core::RunState state = started("yes");
  core::apply(state, book, step("4", core::Outcome::done, "crm"));
  auto early = core::ordering_conflict(state, book, record(core::EventKind::approve, "marco", "4", std::nullopt, "okta"));
  ASSERT_TRUE(early);
  EXPECT_EQ(early->kind, core::FlagKind::not_ready);
  EXPECT_TRUE(says(early->refusal, "step 4 for okta is not done yet"));
  // another step waits for crm's approval
  auto waiting = core::ordering_conflict(state, book, step("1", core::Outcome::done));
  ASSERT_TRUE(waiting);
  EXPECT_TRUE(says(waiting->refusal, "git runbook approve offboarding-20261204T1000Z-abcd 4 --item crm"));
  // hana recorded crm; she may not approve it, nor may marco approve without the item
  core::Person both = person("hana", {core::Role::operator_, core::Role::approver});
  EXPECT_TRUE(says(core::hard_problem(state, book, both, record(core::EventKind::approve, "hana", "4", std::nullopt, "crm")),
                   "cannot also approve"));
  EXPECT_TRUE(says(core::hard_problem(state, book, marco, record(core::EventKind::approve, "marco", "4")),
                   "name one with --item"));
}

} // namespace step_conditions_test
