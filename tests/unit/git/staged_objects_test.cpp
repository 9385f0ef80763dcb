#include "git/repository.hpp"
#include "git/staged_objects.hpp"
#include "support/shell.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

#include <git2.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sys/stat.h>

namespace staged_objects_test {

class StagedObjectsTest : public testing::Test {
protected:
  util::TempDir dir{"git-runbook-staged"};
  git::Repository repo = git::Repository::init(dir.path());
  std::filesystem::path objects = repo.git_dir() / "objects";

  std::filesystem::path loose_path(const std::string& id) const { return objects / id.substr(0, 2) / id.substr(2); }

  // Files under objects/ that are not objects: what a write left behind.
  int temporary_files() const {
    int count = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(objects)) {
      count += entry.path().filename().string().rfind("tmp_", 0) == 0 ? 1 : 0;
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
    EXPECT_EQ(temporary_files(), 0);
    staged.publish();
    EXPECT_TRUE(std::filesystem::exists(loose_path(id)));
  }
  EXPECT_EQ(temporary_files(), 0);
  auto reopened = git::Repository::discover(dir.path());
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->read_blob(id), "staged\n");
}

TEST_F(StagedObjectsTest, StagedAndExistingObjectsAreFoundByAShortId) {
  std::string existing = repo.write_blob("existing\n");
  git::StagedObjects staged(repo);
  std::string fresh = repo.write_blob("fresh\n");
  git_odb* odb = nullptr;
  ASSERT_EQ(git_repository_odb(&odb, repo.get()), 0);
  for (const std::string& id : {existing, fresh}) {
    git_oid prefix{};
    ASSERT_EQ(git_oid_fromstrn(&prefix, id.c_str(), 8), 0);
    git_oid found{};
    EXPECT_EQ(git_odb_exists_prefix(&found, odb, &prefix, 8), 0) << id;
    EXPECT_EQ(git::to_hex(found), id);
    git_odb_object* object = nullptr;
    ASSERT_EQ(git_odb_read_prefix(&object, odb, &prefix, 8), 0) << id;
    EXPECT_EQ(git_odb_object_size(object), id == fresh ? 6U : 9U);
    git_odb_object_free(object);
  }
  git_odb_free(odb);
}

TEST_F(StagedObjectsTest, GitReadsThePublishedObjectsAndFsckFindsThemSound) {
  std::string blob;
  std::string empty;
  {
    git::StagedObjects staged(repo);
    blob = repo.write_blob(std::string(100000, 'x') + "\n"); // more than one deflate buffer
    empty = repo.write_blob("");
    std::mt19937 random(20261130);
    std::string binary(3 * 1024 * 1024, '\0'); // evidence: any bytes, several MiB (git fsck checks each hash)
    for (char& c : binary) {
      c = static_cast<char>(random() & 0xFF);
    }
    repo.write_blob(binary);
    staged.publish();
  }
  EXPECT_EQ(test_support::shell_output("git -C '" + dir.path().string() + "' cat-file -s " + empty), "0\n");
  struct stat info {};
  ASSERT_EQ(::stat(loose_path(blob).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0444U); // as git leaves object files
  auto size = test_support::shell_output("git -C '" + dir.path().string() + "' cat-file -s " + blob);
  EXPECT_EQ(size, "100001\n");
  auto fsck = test_support::shell_output("git -C '" + dir.path().string() + "' fsck --strict 2>&1 && echo clean");
  EXPECT_NE(fsck.find("clean"), std::string::npos) << fsck;
}

TEST_F(StagedObjectsTest, WithoutPublishNothingReachesTheDatabaseAndWritesGoThereAgain) {
  std::string dropped;
  {
    git::StagedObjects staged(repo);
    dropped = repo.write_blob("dropped\n");
  }
  EXPECT_EQ(temporary_files(), 0);
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
  EXPECT_EQ(temporary_files(), 0);
}

TEST_F(StagedObjectsTest, AnObjectWrittenByGitMeanwhileIsKeptAndTheCopyRemoved) {
  git::StagedObjects staged(repo);
  std::string id = repo.write_blob("meanwhile\n");
  auto by_git = test_support::shell_output("printf 'meanwhile\\n' | git -C '" + dir.path().string() +
                                           "' hash-object -w --stdin");
  EXPECT_EQ(by_git, id + "\n");
  staged.publish();
  EXPECT_EQ(repo.read_blob(id), "meanwhile\n");
  EXPECT_EQ(temporary_files(), 0);
}

TEST_F(StagedObjectsTest, AWriteThatFailsPublishesNothingAndLeavesNoTemporaryFile) {
  git::StagedObjects staged(repo);
  std::string first = repo.write_blob("first\n");
  std::string blocked = repo.write_blob("blocked\n");
  // A file where the object's folder would be: its temporary file cannot be made.
  std::filesystem::remove_all(objects / blocked.substr(0, 2));
  util::write_file_atomic(objects / blocked.substr(0, 2), "not a folder\n");
  EXPECT_THROW(staged.publish(), util::EnvironmentError);
  EXPECT_FALSE(std::filesystem::exists(loose_path(first)));
  EXPECT_EQ(temporary_files(), 0);
}

} // namespace staged_objects_test
