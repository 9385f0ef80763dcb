// Witnessed time (issue 18): the checkpoint file, the server-rewound rule, the
// received-by windows and the claimed-time flags.
#include "core/checkpoint.hpp"

#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <set>
#include <string>
#include <vector>

namespace checkpoint_test {

using testing::HasSubstr;

std::string id(char c) { return std::string(40, c); }

core::Checkpoint at(const std::string& time, const std::string& main, const std::string& log) {
  core::Checkpoint checkpoint;
  checkpoint.at = time;
  checkpoint.log_branch = "runbook-log";
  checkpoint.tips = {{"main", main}, {"runbook-log", log}};
  return checkpoint;
}

TEST(Checkpoint, FileRoundTrips) {
  core::Checkpoint written = at("2026-12-06T02:30:00.123Z", id('a'), id('b'));
  auto read = core::parse_checkpoint(core::format_checkpoint(written));
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(read->at, written.at);
  EXPECT_EQ(read->log_branch, "runbook-log");
  EXPECT_EQ(read->tips, written.tips);
}

TEST(Checkpoint, ParseRefusesAnythingElse) {
  std::string good = core::format_checkpoint(at("2026-12-06T02:30:00.123Z", id('a'), id('b')));
  auto refused = [](const std::string& text) { return !core::parse_checkpoint(text).ok(); };
  EXPECT_TRUE(refused(""));
  EXPECT_TRUE(refused("at: x\n"));
  std::string bad_time = good;
  bad_time.replace(bad_time.find("2026-12-06"), 10, "2026-13-06");
  EXPECT_TRUE(refused(bad_time));
  EXPECT_TRUE(refused(good + "  \"main\": \"" + id('c') + "\"\n")) << "a branch twice";
  EXPECT_TRUE(refused(good + "extra: 1\n"));
  std::string short_id = good;
  short_id.replace(short_id.find(id('a')), 40, "abc");
  EXPECT_TRUE(refused(short_id));
  std::string upper = good;
  upper.replace(upper.find(id('a')), 40, std::string(40, 'A'));
  EXPECT_TRUE(refused(upper));
}

TEST(Checkpoint, ABranchThatMovedForwardIsNotRewound) {
  // b descends from a; nothing else descends from anything.
  auto ancestry = [](const std::string& ancestor, const std::string& later) {
    return ancestor == later || (ancestor == id('a') && later == id('b'));
  };
  EXPECT_TRUE(core::rewound_branches(at("t1", id('a'), id('1')), at("t2", id('b'), id('1')), ancestry).empty());
}

TEST(Checkpoint, ABranchThatLostCommitsIsRewound) {
  auto ancestry = [](const std::string& ancestor, const std::string& later) {
    return ancestor == later || (ancestor == id('a') && later == id('b'));
  };
  EXPECT_EQ(core::rewound_branches(at("t1", id('b'), id('1')), at("t2", id('a'), id('1')), ancestry),
            std::vector<std::string>{"main"});
  EXPECT_EQ(core::rewound_branches(at("t1", id('a'), id('1')), at("t2", id('a'), id('2')), ancestry),
            std::vector<std::string>{"runbook-log"})
      << "a log replaced by another history";
  core::Checkpoint gone = at("t2", id('a'), id('1'));
  gone.tips.erase("main");
  EXPECT_EQ(core::rewound_branches(at("t1", id('a'), id('1')), gone, ancestry), std::vector<std::string>{"main"})
      << "a branch the server no longer names";
}

TEST(Checkpoint, WindowsRunFromTheLastCheckpointWithoutARecordToTheFirstWithIt) {
  std::vector<std::string> log{id('1'), id('2'), id('3'), id('4')};
  std::vector<core::Checkpoint> checkpoints{at("2026-12-06T01:00:00Z", id('a'), id('1')),
                                            at("2026-12-06T02:00:00Z", id('a'), id('3'))};
  std::vector<core::ReceivedWindow> windows = core::received_windows(log, checkpoints);
  ASSERT_EQ(windows.size(), 4U);
  EXPECT_EQ(windows[0].after, "");
  EXPECT_EQ(windows[0].by, "2026-12-06T01:00:00Z");
  EXPECT_EQ(windows[1].after, "2026-12-06T01:00:00Z");
  EXPECT_EQ(windows[1].by, "2026-12-06T02:00:00Z");
  EXPECT_EQ(windows[2].by, "2026-12-06T02:00:00Z");
  EXPECT_EQ(windows[3].after, "2026-12-06T02:00:00Z");
  EXPECT_EQ(windows[3].by, "") << "after the last checkpoint: not yet witnessed";
  EXPECT_EQ(core::describe_window(windows[0]), "received by 2026-12-06 01:00:00 UTC");
  EXPECT_EQ(core::describe_window(windows[1]), "received between 2026-12-06 01:00:00 UTC and 2026-12-06 02:00:00 UTC");
  EXPECT_EQ(core::describe_window(windows[3]), "not yet witnessed");
}

TEST(Checkpoint, ACheckpointWhoseLogTipIsNotInTheLogIsLeftOut) {
  std::vector<std::string> log{id('1'), id('2')};
  std::vector<core::ReceivedWindow> windows =
      core::received_windows(log, {at("2026-12-06T01:00:00Z", id('a'), id('9')), at("2026-12-06T02:00:00Z", id('a'), id('2'))});
  EXPECT_EQ(windows[0].by, "2026-12-06T02:00:00Z");
  EXPECT_EQ(windows[1].by, "2026-12-06T02:00:00Z");
  EXPECT_TRUE(core::received_windows(log, {}).at(1).by.empty());
}

TEST(Checkpoint, AClaimInsideTheWindowOrWithinTheToleranceIsNotFlagged) {
  core::ReceivedWindow window{"2026-12-06T01:00:00Z", "2026-12-06T02:00:00Z"};
  EXPECT_FALSE(core::claim_outside_window("2026-12-06T01:30:00Z", window));
  EXPECT_FALSE(core::claim_outside_window("2026-12-06T02:04:59Z", window)) << "clock skew of under five minutes";
  EXPECT_FALSE(core::claim_outside_window("2026-12-05T08:00:00Z", window)) << "offline for some hours";
  EXPECT_FALSE(core::claim_outside_window("2026-12-06T09:00:00Z", core::ReceivedWindow{})) << "no window";
}

TEST(Checkpoint, AClaimAfterTheServerHeldTheRecordIsFlagged) {
  auto flag = core::claim_outside_window("2026-12-06T02:10:00Z", {"2026-12-06T01:00:00Z", "2026-12-06T02:00:00Z"});
  ASSERT_TRUE(flag);
  EXPECT_THAT(*flag, HasSubstr("after the server had already received it"));
  EXPECT_THAT(*flag, HasSubstr("clock was ahead"));
}

TEST(Checkpoint, AClaimWellBeforeTheWindowIsFlagged) {
  auto flag = core::claim_outside_window("2026-12-04T00:00:00Z", {"2026-12-06T01:00:00Z", "2026-12-06T02:00:00Z"});
  ASSERT_TRUE(flag);
  EXPECT_THAT(*flag, HasSubstr("more than a day before"));
  EXPECT_THAT(*flag, HasSubstr("offline"));
  EXPECT_FALSE(core::claim_outside_window("2026-12-04T00:00:00Z", {"", "2026-12-06T02:00:00Z"}))
      << "the first checkpoint: no lower bound";
}

} // namespace checkpoint_test
