#include "git/repository.hpp"
#include "git/staged_objects.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace staged_objects_test {

class StagedObjectsTest : public testing::Test {
protected:
  util::TempDir dir{"git-runbook-staged"};
  git::Repository repo = git::Repository::init(dir.path());
  std::filesystem::path objects = repo.git_dir() / "objects";

  std::filesystem::path loose_path(const std::string& id) const { return objects / id.substr(0, 2) / id.substr(2); }

  int staging_folders() const {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(objects)) {
      count += entry.path().filename().string().rfind("tmp_objdir-runbook-", 0) == 0 ? 1 : 0;
    }
    return count;
  }
};

TEST_F(StagedObjectsTest, StagedObjectsAreReadableAndOnlyPublishedOnesReachTheDatabase) {
  std::string id;
  {
    git::StagedObjects staged(repo);
    id = repo.write_blob("staged\n");
    EXPECT_EQ(repo.read_blob(id), "staged\n");
    EXPECT_FALSE(std::filesystem::exists(loose_path(id)));
    EXPECT_EQ(staging_folders(), 1);
    staged.publish();
    EXPECT_TRUE(std::filesystem::exists(loose_path(id)));
  }
  EXPECT_EQ(staging_folders(), 0);
  auto reopened = git::Repository::discover(dir.path());
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->read_blob(id), "staged\n");
}

TEST_F(StagedObjectsTest, WithoutPublishNothingReachesTheDatabaseAndWritesGoThereAgain) {
  std::string dropped;
  {
    git::StagedObjects staged(repo);
    dropped = repo.write_blob("dropped\n");
  }
  EXPECT_EQ(staging_folders(), 0);
  EXPECT_FALSE(std::filesystem::exists(loose_path(dropped)));
  std::string direct = repo.write_blob("direct\n");
  EXPECT_TRUE(std::filesystem::exists(loose_path(direct)));
}

TEST_F(StagedObjectsTest, AnObjectAlreadyInTheDatabaseIsKept) {
  std::string id = repo.write_blob("twice\n");
  {
    git::StagedObjects staged(repo);
    EXPECT_EQ(repo.write_blob("twice\n"), id);
    std::string other = repo.write_blob("other\n");
    staged.publish();
    EXPECT_TRUE(std::filesystem::exists(loose_path(other)));
  }
  EXPECT_TRUE(std::filesystem::exists(loose_path(id)));
  EXPECT_EQ(repo.read_blob(id), "twice\n");
}

} // namespace staged_objects_test
