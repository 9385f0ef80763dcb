#include "util/callback_guard.hpp"

#include "git/check.hpp"
#include "git/handles.hpp"
#include "git/repository.hpp"
#include "util/error.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

#include <git2.h>

#include <stdexcept>
#include <string>

namespace callback_guard_test {

TEST(CallbackGuardTest, ABodyThatReturnsGivesItsValueAndLeavesNothingToRethrow) {
  util::CallbackGuard guard;
  EXPECT_EQ(guard.run(-1, [] { return 7; }), 7);
  EXPECT_FALSE(guard.failed());
  EXPECT_NO_THROW(guard.rethrow());
}

TEST(CallbackGuardTest, ABodyThatThrowsGivesTheErrorCodeAndTheFirstExceptionIsRethrownOnce) {
  util::CallbackGuard guard;
  EXPECT_EQ(guard.run(GIT_EUSER, []() -> int { throw util::RuleError("the first"); }), GIT_EUSER);
  guard.run([] { throw std::runtime_error("the second"); });
  EXPECT_TRUE(guard.failed());
  try {
    guard.rethrow();
    FAIL() << "nothing was rethrown";
  } catch (const util::RuleError& error) {
    EXPECT_STREQ(error.what(), "the first");
  }
  EXPECT_FALSE(guard.failed());
  EXPECT_NO_THROW(guard.rethrow());
}

struct Visit {
  int seen = 0;
  util::CallbackGuard guard;
};

int visit_throwing(const git_oid* /*id*/, void* payload) {
  auto* visit = static_cast<Visit*>(payload);
  return visit->guard.run(GIT_EUSER, [&]() -> int {
    ++visit->seen;
    throw util::EnvironmentError("the callback's own words");
  });
}

TEST(CallbackGuardTest, AnExceptionInALibgit2CallbackReachesTheCallerAfterTheCallReturns) {
  util::TempDir dir{"git-runbook-guard"};
  git::Repository repo = git::Repository::init(dir.path());
  repo.write_blob("one\n");
  repo.write_blob("two\n");
  git::OdbPtr odb;
  git::check(git_repository_odb(git::out(odb), repo.get()), "opening the object database");
  Visit visit;
  int rc = git_odb_foreach(odb.get(), visit_throwing, &visit);
  EXPECT_EQ(rc, GIT_EUSER); // libgit2 stopped at the first object and returned our code
  EXPECT_EQ(visit.seen, 1);
  try {
    visit.guard.rethrow();
    FAIL() << "nothing was rethrown";
  } catch (const util::EnvironmentError& error) {
    EXPECT_STREQ(error.what(), "the callback's own words");
  }
}

} // namespace callback_guard_test
