#include "core/runbook_diff.hpp"

#include "support/runbook_parts.hpp"
#include "util/text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace runbook_diff_test {

using core::diff_runbooks;
using core::describe_changes;
using core::Evidence;
using core::Input;
using core::Runbook;
using core::RunbookChange;
using core::Step;
using testing::AnyOf;
using testing::EndsWith;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;
using Kind = RunbookChange::Kind;

Step step(const std::string& id, const std::string& title, const std::string& instructions = "") {
  Step s;
  s.id = id;
  s.title = title;
  s.instructions = instructions.empty() ? "Do " + title + "." : instructions;
  return s;
}

Runbook base() {
  Runbook r;
  r.id = "onboarding";
  r.version = 1;
  r.title = "Onboard a new colleague";
  r.owner = "alice";
  r.summary = "Everything for a colleague's first day.";
  r.tags = {"hr", "it"};
  r.inputs = {test_support::make_input("name", "Who starts?", std::nullopt, true),
              test_support::make_input("team", "Which team?", std::nullopt, false, {"ops", "dev"})};
  r.steps = {step("1", "Order a laptop"), step("2", "Create the accounts"), step("3", "Email the team"),
             step("4", "Book the welcome lunch")};
  return r;
}

Runbook next_of(const Runbook& r) {
  Runbook n = r;
  n.version = r.version + 1;
  n.change = "Some reason";
  return n;
}

const char* name(Kind kind) {
  switch (kind) {
  case Kind::field:
    return "field";
  case Kind::step_added:
    return "step_added";
  case Kind::step_removed:
    return "step_removed";
  case Kind::step_changed:
    return "step_changed";
  case Kind::step_moved:
    return "step_moved";
  }
  return "?";
}

std::string show(const std::vector<RunbookChange>& changes) {
  std::string text;
  for (const RunbookChange& change : changes) {
    text += std::string("  ") + name(change.kind) + " [" + change.step_id + "] " + change.description + "\n";
  }
  return text.empty() ? "  (no changes)\n" : text;
}

std::vector<RunbookChange> of_kind(const std::vector<RunbookChange>& changes, Kind kind) {
  std::vector<RunbookChange> found;
  std::copy_if(changes.begin(), changes.end(), std::back_inserter(found),
               [&](const RunbookChange& c) { return c.kind == kind; });
  return found;
}

std::size_t count(const std::vector<RunbookChange>& changes, Kind kind) { return of_kind(changes, kind).size(); }

// The only change; fails when there is not exactly one.
RunbookChange only(const std::vector<RunbookChange>& changes) {
  EXPECT_EQ(changes.size(), 1U) << show(changes);
  return changes.empty() ? RunbookChange{Kind::field, "", ""} : changes.front();
}

bool valid_utf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) {
      return false;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

// Non-ASCII bytes as \xNN, so that a broken character does not garble the test output.
std::string escaped(const std::string& text) {
  static const char* const digits = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      out += "\\x";
      out += digits[byte >> 4];
      out += digits[byte & 0xF];
    }
  }
  return out;
}

// ---------------------------------------------------------------- nothing changed

TEST(RunbookDiff, IdenticalRunbooksHaveNoChanges) {
  Runbook r = base();
  auto changes = diff_runbooks(r, r);
  EXPECT_TRUE(changes.empty()) << show(changes);
  EXPECT_EQ(describe_changes(changes),
            "- No change to the steps or fields (only wording outside them, if anything)\n");
}

TEST(RunbookDiff, VersionAndChangeFieldAreNotReported) {
  // Every new version has a new number and a new `change`; they are not changes of the runbook.
  Runbook before = base();
  Runbook after = next_of(before);
  after.change = "Because the laptop vendor changed";
  auto changes = diff_runbooks(before, after);
  EXPECT_TRUE(changes.empty()) << show(changes);
}

TEST(RunbookDiff, EmptyRunbooks) {
  Runbook empty;
  EXPECT_TRUE(diff_runbooks(empty, empty).empty());
}

// ---------------------------------------------------------------- fields

TEST(RunbookDiff, TitleChange) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.title = "Welcome a new colleague";
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::field);
  EXPECT_EQ(change.step_id, "");
  EXPECT_EQ(change.description, R"(Title changed from "Onboard a new colleague" to "Welcome a new colleague")");
}

TEST(RunbookDiff, OwnerChange) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.owner = "bob";
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::field);
  EXPECT_EQ(change.description, "Owner changed from alice to bob");
}

TEST(RunbookDiff, SummaryChange) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.summary = "Everything for a colleague's first week.";
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::field);
  EXPECT_EQ(change.description, "Summary reworded");
}

TEST(RunbookDiff, TagsChange) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.tags = {"hr", "it", "facilities"};
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::field);
  EXPECT_EQ(change.description, "Tags changed from [hr, it] to [hr, it, facilities]");
}

TEST(RunbookDiff, TagsRemovedEntirely) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.tags.clear();
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.description, "Tags changed from [hr, it] to []");
}

TEST(RunbookDiff, InputAdded) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.inputs.push_back(test_support::make_input("start", "First day?", std::string("^[0-9-]+$"), true));
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::field);
  EXPECT_EQ(change.description, R"(Input "start" added)");
}

TEST(RunbookDiff, InputRemoved) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.inputs.erase(after.inputs.begin());
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::field);
  EXPECT_EQ(change.description, R"(Input "name" removed)");
}

TEST(RunbookDiff, InputChangedInAnyOfItsParts) {
  auto check = [](auto&& edit, const char* what) {
    Runbook before = base();
    Runbook after = next_of(before);
    edit(after.inputs[1]);
    auto changes = diff_runbooks(before, after);
    ASSERT_EQ(changes.size(), 1U) << what << "\n" << show(changes);
    EXPECT_EQ(changes[0].kind, Kind::field) << what;
    EXPECT_EQ(changes[0].description, R"(Input "team" changed)") << what;
  };
  check([](Input& i) { i.prompt = "Which team joins?"; }, "prompt");
  check([](Input& i) { i.pattern = "^[a-z]+$"; }, "pattern");
  check([](Input& i) { i.options.push_back("sales"); }, "options");
  check([](Input& i) { i.options.clear(); }, "options cleared");
  check([](Input& i) { i.required = true; }, "required");
}

TEST(RunbookDiff, InputsReorderedAreNotChanges) {
  Runbook before = base();
  Runbook after = next_of(before);
  std::swap(after.inputs[0], after.inputs[1]);
  auto changes = diff_runbooks(before, after);
  EXPECT_TRUE(changes.empty()) << show(changes);
}

TEST(RunbookDiff, InputRenamedIsRemovedPlusAdded) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.inputs[0].name = "full_name";
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(changes.size(), 2U) << show(changes);
  EXPECT_EQ(count(changes, Kind::field), 2U) << show(changes);
  std::string text = describe_changes(changes);
  EXPECT_THAT(text, HasSubstr(R"(- Input "full_name" added)"));
  EXPECT_THAT(text, HasSubstr(R"(- Input "name" removed)"));
}

TEST(RunbookDiff, SeveralFieldChangesAllShow) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.title = "New title";
  after.owner = "carol";
  after.summary = "New summary";
  after.tags = {"hr"};
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(changes.size(), 4U) << show(changes);
  EXPECT_EQ(count(changes, Kind::field), 4U) << show(changes);
}

TEST(RunbookDiff, FieldChangesComeBeforeStepChanges) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps.push_back(step("5", "Check in after a week"));
  after.title = "Changed";
  after.owner = "dave";
  auto changes = diff_runbooks(before, after);
  ASSERT_EQ(changes.size(), 3U) << show(changes);
  EXPECT_EQ(changes[0].kind, Kind::field);
  EXPECT_EQ(changes[1].kind, Kind::field);
  EXPECT_EQ(changes[2].kind, Kind::step_added);
}

// ---------------------------------------------------------------- steps added / removed

TEST(RunbookDiff, StepAddedAtTheEnd) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps.push_back(step("5", "Check in after a week"));
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::step_added);
  EXPECT_EQ(change.step_id, "5");
  EXPECT_EQ(change.description, R"(Step 5 "Check in after a week" added)");
}

TEST(RunbookDiff, StepRemovedAtTheEnd) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps.pop_back();
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::step_removed);
  EXPECT_EQ(change.step_id, "4");
  EXPECT_EQ(change.description, R"(Step 4 "Book the welcome lunch" removed)");
}

TEST(RunbookDiff, SubStepAdded) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps.insert(after.steps.begin() + 2, step("2.1", "Give access to the wiki"));
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::step_added);
  EXPECT_EQ(change.step_id, "2.1");
}

TEST(RunbookDiff, StepInsertedInTheMiddleIsOneAddAndMoves) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps = {step("1", "Order a laptop"), step("2", "Order a phone"), step("3", "Create the accounts"),
                 step("4", "Email the team"), step("5", "Book the welcome lunch")};
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(count(changes, Kind::step_added), 1U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_removed), 0U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_changed), 0U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_moved), 3U) << show(changes);
  auto added = of_kind(changes, Kind::step_added);
  ASSERT_EQ(added.size(), 1U);
  EXPECT_EQ(added[0].step_id, "2");
  EXPECT_EQ(added[0].description, R"(Step 2 "Order a phone" added)");
  std::string text = describe_changes(changes);
  EXPECT_THAT(text, HasSubstr(R"(- Step "Create the accounts" moved from 2 to 3)"));
  EXPECT_THAT(text, HasSubstr(R"(- Step "Email the team" moved from 3 to 4)"));
  EXPECT_THAT(text, HasSubstr(R"(- Step "Book the welcome lunch" moved from 4 to 5)"));
}

TEST(RunbookDiff, StepInsertedAtTheStartIsOneAddAndMoves) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps = {step("1", "Sign the contract"), step("2", "Order a laptop"), step("3", "Create the accounts"),
                 step("4", "Email the team"), step("5", "Book the welcome lunch")};
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(count(changes, Kind::step_added), 1U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_changed), 0U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_removed), 0U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_moved), 4U) << show(changes);
}

TEST(RunbookDiff, StepRemovedInTheMiddleIsOneRemoveAndMoves) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps = {step("1", "Order a laptop"), step("2", "Email the team"), step("3", "Book the welcome lunch")};
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(count(changes, Kind::step_removed), 1U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_added), 0U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_changed), 0U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_moved), 2U) << show(changes);
  auto removed = of_kind(changes, Kind::step_removed);
  ASSERT_EQ(removed.size(), 1U);
  EXPECT_EQ(removed[0].step_id, "2");
  EXPECT_EQ(removed[0].description, R"(Step 2 "Create the accounts" removed)");
}

TEST(RunbookDiff, InsertionPlusRewordingOfAFollowingStep) {
  // A step is inserted at 2, and the old step 2 (now 3) is also reworded. People read
  // that as one added step and one reworded, moved step, not as "step 2 retitled" plus
  // the old step showing up as new.
  Runbook before = base();
  Runbook after = next_of(before);
  Step reworded = step("3", "Create the accounts", "Create the accounts in the new directory.");
  after.steps = {step("1", "Order a laptop"), step("2", "Order a phone"), reworded, step("4", "Email the team"),
                 step("5", "Book the welcome lunch")};
  auto changes = diff_runbooks(before, after);
  auto added = of_kind(changes, Kind::step_added);
  ASSERT_EQ(added.size(), 1U) << show(changes);
  EXPECT_EQ(added[0].description, R"(Step 2 "Order a phone" added)") << show(changes);
  auto changed = of_kind(changes, Kind::step_changed);
  ASSERT_EQ(changed.size(), 1U) << show(changes);
  EXPECT_EQ(changed[0].step_id, "3") << show(changes);
  EXPECT_THAT(changed[0].description, HasSubstr("instructions reworded"));
  EXPECT_THAT(changed[0].description, Not(HasSubstr("title changed"))) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_removed), 0U) << show(changes);
}

// ---------------------------------------------------------------- steps moved

TEST(RunbookDiff, StepRenumberedOnlyIsAMoveNotRemovedPlusAdded) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps[3].id = "5"; // 1, 2, 3, 5
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::step_moved);
  EXPECT_EQ(change.step_id, "5");
  EXPECT_EQ(change.description, R"(Step "Book the welcome lunch" moved from 4 to 5)");
}

TEST(RunbookDiff, StepMadeASubStepIsAMove) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps[2].id = "2.1";
  after.steps[3].id = "3";
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(changes.size(), 2U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_moved), 2U) << show(changes);
  EXPECT_THAT(describe_changes(changes), HasSubstr(R"(Step "Email the team" moved from 3 to 2.1)"));
}

TEST(RunbookDiff, TwoStepsSwapped) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps = {step("1", "Create the accounts"), step("2", "Order a laptop"), step("3", "Email the team"),
                 step("4", "Book the welcome lunch")};
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(changes.size(), 2U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_moved), 2U) << show(changes);
  std::string text = describe_changes(changes);
  EXPECT_THAT(text, HasSubstr(R"(Step "Create the accounts" moved from 2 to 1)"));
  EXPECT_THAT(text, HasSubstr(R"(Step "Order a laptop" moved from 1 to 2)"));
}

TEST(RunbookDiff, StepMovedAndRewordedIsOneChangeAndOneMove) {
  Runbook before = base();
  Runbook after = next_of(before);
  // "Email the team" goes to the end and gets new instructions.
  after.steps = {step("1", "Order a laptop"), step("2", "Create the accounts"), step("3", "Book the welcome lunch"),
                 step("4", "Email the team", "Email the team and the manager.")};
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(count(changes, Kind::step_added), 0U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_removed), 0U) << show(changes);
  auto changed = of_kind(changes, Kind::step_changed);
  ASSERT_EQ(changed.size(), 1U) << show(changes);
  EXPECT_EQ(changed[0].step_id, "4");
  EXPECT_THAT(changed[0].description, HasSubstr("Email the team"));
  EXPECT_THAT(changed[0].description, HasSubstr("instructions reworded"));
  auto moved = of_kind(changes, Kind::step_moved);
  ASSERT_EQ(moved.size(), 2U) << show(changes);
}

TEST(RunbookDiff, RetitledAndRenumberedStepStillMatchesByContent) {
  Runbook before;
  before.steps = {step("1", "A", "Do the first thing."), step("2", "B", "Do the second thing.")};
  Runbook after;
  after.steps = {step("1", "B", "Do the second thing."), step("2", "A", "Do the first thing.")};
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(count(changes, Kind::step_moved), 2U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_changed), 0U) << show(changes);
}

TEST(RunbookDiff, DuplicateStepsAreMatchedOneToOne) {
  Runbook before;
  before.steps = {step("1", "Check", "Look."), step("2", "Check", "Look.")};
  Runbook after;
  after.steps = {step("1", "Check", "Look."), step("2", "Check", "Look."), step("3", "Check", "Look.")};
  auto changes = diff_runbooks(before, after);
  RunbookChange change = only(changes);
  EXPECT_EQ(change.kind, Kind::step_added);
  EXPECT_EQ(change.step_id, "3");
}

// ---------------------------------------------------------------- steps changed

TEST(RunbookDiff, InstructionsReworded) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps[1].instructions = "Create the accounts in the directory and in the wiki.";
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::step_changed);
  EXPECT_EQ(change.step_id, "2");
  EXPECT_EQ(change.description, R"(Step 2 "Create the accounts": instructions reworded)");
}

TEST(RunbookDiff, StepTitleChanged) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps[2].title = "Email the whole team";
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::step_changed);
  EXPECT_EQ(change.step_id, "3");
  EXPECT_EQ(change.description,
            R"(Step 3 "Email the whole team": title changed from "Email the team" to "Email the whole team")");
}

TEST(RunbookDiff, TitleAndInstructionsChangedTogether) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps[2].title = "Tell the team";
  after.steps[2].instructions = "Post in the team channel.";
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::step_changed);
  EXPECT_EQ(change.description,
            R"(Step 3 "Tell the team": title changed from "Email the team" to "Tell the team"; instructions reworded)");
}

TEST(RunbookDiff, OptionalStepFieldsChanged) {
  struct Case {
    const char* what;
    void (*edit)(Step&);
    const char* expected;
  };
  const Case cases[] = {
      {"tool added", [](Step& s) { s.tool = "ldap-admin"; }, R"(tool changed from (none) to "ldap-admin")"},
      {"template added", [](Step& s) { s.template_name = "welcome-mail"; },
       R"(template changed from (none) to "welcome-mail")"},
      {"subject added", [](Step& s) { s.subject = "Welcome!"; }, R"(subject changed from (none) to "Welcome!")"},
      {"role added", [](Step& s) { s.role = "it"; }, R"(role changed from (none) to "it")"},
      {"approval added", [](Step& s) { s.approval = "manager"; }, R"(approval changed from (none) to "manager")"},
      {"evidence", [](Step& s) { s.evidence = Evidence::link; }, "evidence changed from none to link"},
  };
  for (const Case& c : cases) {
    Runbook before = base();
    Runbook after = next_of(before);
    c.edit(after.steps[1]);
    auto changes = diff_runbooks(before, after);
    ASSERT_EQ(changes.size(), 1U) << c.what << "\n" << show(changes);
    EXPECT_EQ(changes[0].kind, Kind::step_changed) << c.what;
    EXPECT_EQ(changes[0].step_id, "2") << c.what;
    EXPECT_EQ(changes[0].description, std::string(R"(Step 2 "Create the accounts": )") + c.expected) << c.what;
  }
}

TEST(RunbookDiff, OptionalStepFieldsChangedAndRemoved) {
  Runbook before = base();
  before.steps[0].tool = "shop";
  before.steps[0].role = "it";
  before.steps[0].approval = "manager";
  before.steps[0].evidence = Evidence::file;
  before.steps[0].template_name = "order";
  before.steps[0].subject = "Laptop";
  Runbook after = next_of(before);
  after.steps[0].tool = "vendor-portal";
  after.steps[0].role.reset();
  after.steps[0].approval = "finance";
  after.steps[0].evidence = Evidence::text;
  after.steps[0].template_name.reset();
  after.steps[0].subject = "Laptop order";
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::step_changed);
  EXPECT_THAT(change.description, HasSubstr(R"(tool changed from "shop" to "vendor-portal")"));
  EXPECT_THAT(change.description, HasSubstr(R"(role changed from "it" to (none))"));
  EXPECT_THAT(change.description, HasSubstr(R"(approval changed from "manager" to "finance")"));
  EXPECT_THAT(change.description, HasSubstr("evidence changed from file to text"));
  EXPECT_THAT(change.description, HasSubstr(R"(template changed from "order" to (none))"));
  EXPECT_THAT(change.description, HasSubstr(R"(subject changed from "Laptop" to "Laptop order")"));
  EXPECT_THAT(change.description, Not(HasSubstr("instructions")));
  EXPECT_THAT(change.description, Not(HasSubstr("title changed")));
}

TEST(RunbookDiff, EveryStepChangedIsReportedPerStep) {
  Runbook before = base();
  Runbook after = next_of(before);
  for (Step& s : after.steps) {
    s.instructions += " Carefully.";
  }
  auto changes = diff_runbooks(before, after);
  EXPECT_EQ(changes.size(), 4U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_changed), 4U) << show(changes);
}

TEST(RunbookDiff, StepReplacedByAnUnrelatedOneWithTheSameIdIsAChange) {
  // Matched by id: shows what changed rather than remove + add.
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps[3] = step("4", "Hand over the badge", "Give the badge at the front desk.");
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.kind, Kind::step_changed);
  EXPECT_EQ(change.step_id, "4");
  EXPECT_THAT(change.description, HasSubstr(R"(title changed from "Book the welcome lunch" to "Hand over the badge")"));
}

// ---------------------------------------------------------------- texts

TEST(RunbookDiff, LongTitlesAreShortened) {
  Runbook before = base();
  Runbook after = next_of(before);
  std::string long_title(100, 'x');
  after.steps.push_back(step("5", long_title));
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.description, "Step 5 \"" + std::string(57, 'x') + "...\" added");
}

TEST(RunbookDiff, TitlesUpTo60CharactersAreKept) {
  Runbook before = base();
  Runbook after = next_of(before);
  std::string sixty(60, 'y');
  after.steps.push_back(step("5", sixty));
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.description, "Step 5 \"" + sixty + "\" added");

  Runbook after61 = next_of(before);
  after61.steps.push_back(step("5", std::string(61, 'y')));
  RunbookChange change61 = only(diff_runbooks(before, after61));
  EXPECT_EQ(change61.description, "Step 5 \"" + std::string(57, 'y') + "...\" added");
}

TEST(RunbookDiff, LongRunbookTitlesAreShortened) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.title = std::string(80, 'T');
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.description,
            "Title changed from \"Onboard a new colleague\" to \"" + std::string(57, 'T') + "...\"");
}

TEST(RunbookDiff, MultiLineTitlesShowTheirFirstLine) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps.push_back(step("5", "First line\nsecond line"));
  RunbookChange change = only(diff_runbooks(before, after));
  EXPECT_EQ(change.description, R"(Step 5 "First line" added)");
}

TEST(RunbookDiff, ShortenedTitlesStayValidUtf8) {
  // 56 ASCII characters then "é" (2 bytes) etc.: cutting at a byte count must not cut a
  // character in half, or the line cannot go into a commit message or JSON.
  for (std::size_t ascii = 50; ascii <= 60; ++ascii) {
    for (const std::string& wide : {std::string("é"), std::string("€"), std::string("😀")}) {
      std::string title = std::string(ascii, 'a');
      while (title.size() < 80) {
        title += wide;
      }
      Runbook before = base();
      Runbook after = next_of(before);
      after.steps.push_back(step("5", title));
      after.title = title;
      auto changes = diff_runbooks(before, after);
      std::string text = describe_changes(changes);
      EXPECT_TRUE(valid_utf8(text)) << ascii << " ASCII then " << wide << ":\n" << escaped(text);
      EXPECT_THAT(text, HasSubstr("...")) << escaped(text);
    }
  }
}

TEST(RunbookDiff, DescribeChangesIsABulletPerChange) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.owner = "bob";
  after.steps.pop_back();
  after.steps.push_back(step("4", "Lunch", "Book it."));
  after.steps.push_back(step("5", "Check in after a week"));
  auto changes = diff_runbooks(before, after);
  std::string text = describe_changes(changes);
  EXPECT_THAT(text, StartsWith("- "));
  EXPECT_THAT(text, EndsWith("\n"));
  // One bullet per change; a reworded step's old and new wording indented under it.
  std::string bullets;
  for (const std::string& line : util::split(text, '\n')) {
    if (line.rfind("- ", 0) == 0) {
      bullets += line + "\n";
    } else {
      EXPECT_THAT(line, AnyOf(StartsWith("    "), testing::IsEmpty())) << text;
    }
  }
  std::string expected;
  for (const RunbookChange& change : changes) {
    expected += "- " + change.description + "\n";
  }
  EXPECT_EQ(bullets, expected);
  EXPECT_THAT(text, HasSubstr("      was: Book the welcome lunch\n      now: Lunch\n"));
  EXPECT_THAT(text, HasSubstr("- Owner changed from alice to bob\n"));
  EXPECT_THAT(text, HasSubstr("- Step 5 \"Check in after a week\" added\n"));
}

TEST(RunbookDiff, DescribeChangesOfHandMadeList) {
  std::vector<RunbookChange> changes = {{Kind::field, "", "One"}, {Kind::step_added, "2", "Two"}};
  EXPECT_EQ(describe_changes(changes), "- One\n- Two\n");
  EXPECT_EQ(describe_changes({}), "- No change to the steps or fields (only wording outside them, if anything)\n");
}

TEST(RunbookDiff, StepIdsOfChangesUseTheNewerVersionExceptForRemoved) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps = {step("1", "Order a laptop", "Order it early."), step("2", "Email the team"),
                 step("3", "Book the welcome lunch"), step("4", "Say goodbye")};
  auto changes = diff_runbooks(before, after);
  for (const RunbookChange& change : changes) {
    if (change.kind == Kind::step_removed) {
      EXPECT_EQ(change.step_id, "2") << show(changes);
    } else if (change.kind == Kind::step_moved) {
      EXPECT_TRUE(change.step_id == "2" || change.step_id == "3") << show(changes);
    } else if (change.kind == Kind::step_changed) {
      EXPECT_EQ(change.step_id, "1") << show(changes);
    } else if (change.kind == Kind::step_added) {
      EXPECT_EQ(change.step_id, "4") << show(changes);
    }
  }
  EXPECT_EQ(count(changes, Kind::step_removed), 1U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_moved), 2U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_changed), 1U) << show(changes);
  EXPECT_EQ(count(changes, Kind::step_added), 1U) << show(changes);
}

} // namespace runbook_diff_test

// ---------------------------------------------------------------- old and new wording (issue 17)

namespace runbook_diff_test {

TEST(RunbookDiffWording, RewordedInstructionsCarryBothTextsInFull) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps[1].instructions = "Create the accounts in the directory and in the wiki.";
  RunbookChange change = only(diff_runbooks(before, after));
  ASSERT_EQ(change.wording.size(), 1U);
  EXPECT_EQ(change.wording[0].field, "instructions");
  EXPECT_EQ(change.wording[0].was, "Do Create the accounts.");
  EXPECT_EQ(change.wording[0].now, "Create the accounts in the directory and in the wiki.");
  EXPECT_EQ(describe_changes({change}), "- Step 2 \"Create the accounts\": instructions reworded\n"
                                        "    Instructions\n"
                                        "      was: Do Create the accounts.\n"
                                        "      now: Create the accounts in the directory and in the wiki.\n");
}

TEST(RunbookDiffWording, TitleAndInstructionsBothShown) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps[2].title = "Tell the team";
  after.steps[2].instructions = "Post in the team channel.";
  RunbookChange change = only(diff_runbooks(before, after));
  ASSERT_EQ(change.wording.size(), 2U);
  EXPECT_EQ(change.wording[0].field, "title");
  EXPECT_EQ(change.wording[0].was, "Email the team");
  EXPECT_EQ(change.wording[0].now, "Tell the team");
  std::string text = describe_changes({change});
  EXPECT_THAT(text, HasSubstr("    Title\n      was: Email the team\n      now: Tell the team\n"));
  EXPECT_THAT(text, HasSubstr("    Instructions\n      was: Do Email the team.\n      now: Post in the team channel.\n"));
}

TEST(RunbookDiffWording, LongTextShowsOnlyTheLinesThatDiffer) {
  Runbook before = base();
  before.steps[0].instructions = "Open the IT portal.\nChoose the standard laptop.\nOrder it.\nTell IT.\n";
  Runbook after = next_of(before);
  after.steps[0].instructions = "Open the IT portal.\nChoose the light laptop.\nOrder it.\nTell IT.\n";
  std::string text = describe_changes(diff_runbooks(before, after));
  EXPECT_THAT(text, HasSubstr("      was: ...\n           Choose the standard laptop.\n           ...\n"));
  EXPECT_THAT(text, HasSubstr("      now: ...\n           Choose the light laptop.\n           ...\n"));
  EXPECT_THAT(text, Not(HasSubstr("Open the IT portal")));
}

TEST(RunbookDiffWording, AddedLineShowsNothingOnTheOtherSide) {
  Runbook before = base();
  before.steps[0].instructions = "Open the IT portal.\nOrder it.\n";
  Runbook after = next_of(before);
  after.steps[0].instructions = "Open the IT portal.\nChoose the light laptop.\nOrder it.\n";
  std::string text = describe_changes(diff_runbooks(before, after));
  EXPECT_THAT(text, HasSubstr("      was: ...\n           (nothing)\n           ...\n"));
  EXPECT_THAT(text, HasSubstr("      now: ...\n           Choose the light laptop.\n           ...\n"));
}

TEST(RunbookDiffWording, SummaryAndTitleOfTheRunbook) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.summary = "Everything for a colleague's first week.";
  after.title = "Welcome a new colleague";
  auto changes = diff_runbooks(before, after);
  ASSERT_EQ(changes.size(), 2U) << show(changes);
  EXPECT_EQ(changes[0].wording.at(0).field, "title");
  EXPECT_EQ(changes[1].wording.at(0).field, "summary");
  EXPECT_EQ(changes[1].wording.at(0).now, "Everything for a colleague's first week.");
}

TEST(RunbookDiffWording, OtherChangesHaveNoWording) {
  Runbook before = base();
  Runbook after = next_of(before);
  after.steps[0].tool = "IT portal";
  after.steps.push_back(step("5", "Say goodbye"));
  for (const RunbookChange& change : diff_runbooks(before, after)) {
    EXPECT_TRUE(change.wording.empty()) << change.description;
  }
}

} // namespace runbook_diff_test
