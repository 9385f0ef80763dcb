#include "util/spelling.hpp"

#include <gtest/gtest.h>

namespace spelling_test {

using util::closest_name;

const std::vector<std::string> k_step_fields = {"id",   "title",    "do",       "tool",    "template",
                                                "subject", "role", "evidence", "approval"};

TEST(ClosestName, SwappedLettersAreOneSlip) {
  EXPECT_EQ(closest_name("titel", k_step_fields), "title");
  EXPECT_EQ(closest_name("evidnece", k_step_fields), "evidence");
}

TEST(ClosestName, MissingOrExtraLetterAndCase) {
  EXPECT_EQ(closest_name("aproval", k_step_fields), "approval");
  EXPECT_EQ(closest_name("Title", k_step_fields), "title");
  EXPECT_EQ(closest_name("templates", k_step_fields), "template");
}

TEST(ClosestName, NothingCloseGivesNone) {
  EXPECT_EQ(closest_name("notes", k_step_fields), std::nullopt);
  EXPECT_EQ(closest_name("description", k_step_fields), std::nullopt);
  EXPECT_EQ(closest_name("", k_step_fields), std::nullopt);
}

TEST(ClosestName, ShortNamesAllowOneEditOnly) {
  EXPECT_EQ(closest_name("tol", k_step_fields), "tool");
  EXPECT_EQ(closest_name("xy", k_step_fields), std::nullopt); // "id" and "do" are two edits away
}

TEST(ClosestName, TwoEquallyCloseGiveNone) {
  EXPECT_EQ(closest_name("xool", {"tool", "pool"}), std::nullopt);
  EXPECT_EQ(closest_name("rool", k_step_fields), "tool"); // "role" is two edits away
}

TEST(ClosestName, AKnownNameIsNotASlip) { EXPECT_EQ(closest_name("title", k_step_fields), std::nullopt); }

TEST(ClosestName, AVeryLongNameIsNotCompared) {
  EXPECT_EQ(closest_name(std::string(100000, 't'), k_step_fields), std::nullopt);
}

} // namespace spelling_test
