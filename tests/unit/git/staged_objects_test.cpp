#include "git/repository.hpp"
#include "git/staged_objects.hpp"
#include "support/shell.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

#include <git2.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

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

// A commit with folders in folders, made by git, as its objects: the commit first, then
// each folder before what it holds (git rev-list --objects), the reverse of the order
// in which they may get their names.
struct SourceObject {
  std::string id;
  git_object_t type;
  std::vector<std::string> names; // the ids of the objects it names
};

std::vector<SourceObject> nested_commit(const std::filesystem::path& folder) {
  std::string listing = test_support::shell_output(
      "cd '" + folder.string() + "' && git init -q . && mkdir -p runs/2026/11/29/run-1/evidence runs/2026/11/30 && "
      "echo record >runs/2026/11/29/run-1/record.yaml && echo scan >runs/2026/11/29/run-1/evidence/scan.bin && "
      "echo other >runs/2026/11/30/other.yaml && echo top >top.txt && git add -A && "
      "git -c user.name=T -c user.email=t@example.com -c commit.gpgsign=false commit -q -m nested && "
      "git rev-list --objects HEAD | cut -c1-40");
  auto source = git::Repository::discover(folder);
  std::vector<SourceObject> objects;
  if (!source) {
    ADD_FAILURE() << "git could not make the commit in " << folder;
    return objects;
  }
  std::istringstream ids(listing);
  for (std::string id; std::getline(ids, id);) {
    git_oid oid = git::to_oid(id);
    git::ObjectPtr parsed;
    EXPECT_EQ(git_object_lookup(git::out(parsed), source->get(), &oid, GIT_OBJECT_ANY), 0) << id;
    SourceObject object{id, git_object_type(parsed.get()), {}};
    if (object.type == GIT_OBJECT_TREE) {
      auto* tree = reinterpret_cast<git_tree*>(parsed.get());
      for (std::size_t i = 0; i < git_tree_entrycount(tree); ++i) {
        object.names.push_back(git::to_hex(*git_tree_entry_id(git_tree_entry_byindex(tree, i))));
      }
    } else if (object.type == GIT_OBJECT_COMMIT) {
      object.names.push_back(git::to_hex(*git_commit_tree_id(reinterpret_cast<git_commit*>(parsed.get()))));
    }
    objects.push_back(std::move(object));
  }
  return objects;
}

// The ids of the objects that got their final names in the objects/xx/ folders watched,
// in the order they got them, as inotify tells: one queue for all the folders it
// watches, in the order things happened, so the order is exact and nothing is timed.
class NamesGiven {
public:
  // Watches the objects/xx/ folders of `ids` (made here when missing) from now on.
  NamesGiven(const std::filesystem::path& objects, const std::vector<std::string>& ids)
      : m_fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (m_fd < 0) {
      m_error = errno;
      return;
    }
    for (const std::string& id : ids) {
      std::filesystem::path folder = objects / id.substr(0, 2);
      std::filesystem::create_directories(folder);
      int watch = ::inotify_add_watch(m_fd, folder.c_str(), IN_MOVED_TO | IN_CREATE);
      EXPECT_GE(watch, 0) << folder << ": " << std::strerror(errno);
      m_folders[watch] = id.substr(0, 2);
    }
  }
  ~NamesGiven() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  // errno of inotify_init1 when it failed (EMFILE: the machine's inotify instances,
  // shared by every program of the user, e.g. gpg-agents, are all in use), else 0.
  int error() const { return m_error; }
  NamesGiven(const NamesGiven&) = delete;
  NamesGiven& operator=(const NamesGiven&) = delete;

  // The ids named since the last call, in order. A temporary file made is no name.
  std::vector<std::string> take() {
    std::vector<std::string> named;
    alignas(inotify_event) char buffer[65536];
    for (ssize_t length; (length = ::read(m_fd, buffer, sizeof buffer)) > 0;) {
      for (ssize_t at = 0; at < length;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        std::string name = event->len > 0 ? std::string(event->name) : std::string();
        if (name.rfind("tmp_", 0) != 0 && !name.empty()) { // a rename, or a link where renames cannot refuse
          named.push_back(m_folders[event->wd] + name);
        }
      }
    }
    return named;
  }

private:
  int m_fd;
  int m_error = 0;
  std::map<int, std::string> m_folders; // watch -> the first two hex digits
};

TEST_F(StagedObjectsTest, ObjectsGetTheirNamesBlobsFirstThenEachFolderAfterWhatItHoldsThenTheCommit) {
  util::TempDir source_dir{"git-runbook-staged-source"};
  std::vector<SourceObject> commit_objects = nested_commit(source_dir.path());
  ASSERT_EQ(commit_objects.size(), 13U); // a commit, 8 folders, 4 files
  std::vector<std::string> ids;
  for (const SourceObject& object : commit_objects) {
    ids.push_back(object.id);
  }
  NamesGiven names(objects, ids);
  if (names.error() == EMFILE) {
    GTEST_SKIP() << "no inotify instance left on this machine (fs.inotify.max_user_instances); nothing was checked";
  }
  ASSERT_EQ(names.error(), 0) << std::strerror(names.error());
  {
    git::StagedObjects staged(repo);
    auto source = git::Repository::discover(source_dir.path());
    ASSERT_TRUE(source);
    for (const SourceObject& object : commit_objects) { // the commit first, the files last
      auto raw = source->read_raw(object.id);
      ASSERT_TRUE(raw) << object.id;
      git::OdbPtr odb;
      ASSERT_EQ(git_repository_odb(git::out(odb), repo.get()), 0);
      git_oid written{};
      ASSERT_EQ(git_odb_write(&written, odb.get(), raw->bytes.data(), raw->bytes.size(), object.type), 0);
      EXPECT_EQ(git::to_hex(written), object.id);
    }
    EXPECT_EQ(names.take(), std::vector<std::string>{}); // staged: nothing on disk yet
    staged.publish();
  }
  std::vector<std::string> named = names.take();
  ASSERT_EQ(std::set<std::string>(named.begin(), named.end()), std::set<std::string>(ids.begin(), ids.end()));
  ASSERT_EQ(named.size(), ids.size()) << "an object was named twice";
  auto position = [&](const std::string& id) { return std::find(named.begin(), named.end(), id) - named.begin(); };
  std::ptrdiff_t last_blob = -1;
  std::ptrdiff_t first_tree = static_cast<std::ptrdiff_t>(named.size());
  for (const SourceObject& object : commit_objects) {
    std::ptrdiff_t at = position(object.id);
    if (object.type == GIT_OBJECT_BLOB) {
      last_blob = std::max(last_blob, at);
    } else if (object.type == GIT_OBJECT_TREE) {
      first_tree = std::min(first_tree, at);
    } else {
      EXPECT_EQ(at, static_cast<std::ptrdiff_t>(named.size()) - 1) << "the commit is named last";
    }
    for (const std::string& inner : object.names) {
      EXPECT_LT(position(inner), at) << object.id << " was named before " << inner << ", which it names";
    }
  }
  EXPECT_LT(last_blob, first_tree) << "every file is named before any folder";
  auto fsck = test_support::shell_output("git -C '" + dir.path().string() + "' fsck --strict 2>&1 && echo clean");
  EXPECT_NE(fsck.find("clean"), std::string::npos) << fsck;
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
