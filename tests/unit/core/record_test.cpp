#include "core/record.hpp"

#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>

namespace record_test {

TEST(RunFolder, IsShardedByTheDayTheRunStarted) {
  EXPECT_EQ(core::run_folder("payroll-change-20261129T2150Z-7f3a"),
            "runs/2026/11/29/payroll-change-20261129T2150Z-7f3a");
  EXPECT_EQ(core::run_folder("a-00000101T0000Z-0000"), "runs/0000/01/01/a-00000101T0000Z-0000");
}

TEST(RunFolder, RefusesWhatIsNotARunId) {
  for (const char* text : {"", "payroll", "-20261129T2150Z-7f3a", "Payroll-20261129T2150Z-7f3a",
                           "payroll-20261129T2150Z-7F3A", "payroll-20261129T2150-7f3a",
                           "payroll-2026112T2150Z-7f3a", "payroll_20261129T2150Z-7f3a",
                           "payroll-20261129T2150Z-7f3a/..", "../x-20261129T2150Z-7f3a"}) {
    EXPECT_FALSE(core::run_folder(text)) << text;
  }
}

// The rule is the pattern of DESIGN §4; checked against std::regex on ids made by
// changing one character of good ones at random.
TEST(RunFolder, AgreesWithThePatternOnMutatedIds) {
  const std::regex pattern("[a-z0-9][a-z0-9-]{0,62}-[0-9]{8}T[0-9]{4}Z-[0-9a-f]{4}");
  const std::string alphabet = "az09-TZfgA/._";
  std::mt19937 random(20261130);
  std::vector<std::string> good{"payroll-change-20261129T2150Z-7f3a", "x-20260101T0000Z-abcd",
                                std::string(63, 'a') + "-20261129T2150Z-0f00", "9--20261129T2150Z-9999"};
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string id = good[random() % good.size()];
    int changes = static_cast<int>(random() % 3);
    for (int c = 0; c < changes; ++c) {
      id[random() % id.size()] = alphabet[random() % alphabet.size()];
    }
    if (random() % 10 == 0) {
      id.insert(id.begin() + static_cast<std::ptrdiff_t>(random() % id.size()), 'a');
    }
    bool matches = std::regex_match(id, pattern);
    accepted += matches ? 1 : 0;
    ASSERT_EQ(core::run_folder(id).has_value(), matches) << id;
  }
  EXPECT_GT(accepted, 1000); // both answers were tried
}

} // namespace record_test
