#include "git/handles.hpp"
#include "git/repository.hpp"
#include "util/temp_dir.hpp"

#include <git2.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

namespace tree_diff_test {

// A folder to write: its entries, a sub-folder's as `children`.
struct Entry {
  std::string name;
  unsigned mode = 0100644;
  std::string content;
  std::vector<Entry> children;
  std::string id; // a folder's object id, instead of writing `children`
};

bool is_folder(unsigned mode) {
  return (mode & 0170000U) == 0040000U;
}

Entry file(std::string name, unsigned mode, std::string content) {
  Entry entry;
  entry.name = std::move(name);
  entry.mode = mode;
  entry.content = std::move(content);
  return entry;
}

Entry folder(std::string name, std::vector<Entry> children, std::string id = "") {
  Entry entry;
  entry.name = std::move(name);
  entry.mode = 0040000;
  entry.children = std::move(children);
  entry.id = std::move(id);
  return entry;
}

class TreeDiffTest : public testing::Test {
protected:
  util::TempDir dir{"git-runbook-tree-diff"};
  git::Repository repo = git::Repository::init(dir.path());
  std::mt19937 random{7};

  // Writes a tree object with the entries in git's order, or as given (a tree no Git
  // would write, which libgit2 reads as it is).
  std::string write(const std::vector<Entry>& entries, bool as_given = false) {
    std::vector<std::pair<std::string, std::string>> rows; // sort key, serialized entry
    for (const Entry& entry : entries) {
      git_oid id;
      if (is_folder(entry.mode)) {
        id = git::to_oid(entry.id.empty() ? write(entry.children, as_given) : entry.id);
      } else {
        EXPECT_EQ(git_odb_hash(&id, entry.content.data(), entry.content.size(), GIT_OBJECT_BLOB),
                  0);
        if (entry.mode != 0160000) {
          EXPECT_EQ(git_blob_create_from_buffer(
                        &id, repo.get(), entry.content.data(), entry.content.size()),
                    0);
        }
      }
      std::ostringstream mode;
      mode << std::oct << entry.mode;
      std::string row = mode.str() + " " + entry.name + '\0' +
                        std::string(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
      rows.emplace_back(is_folder(entry.mode) ? entry.name + "/" : entry.name, row);
    }
    if (!as_given) {
      std::sort(rows.begin(), rows.end());
    }
    std::string body;
    for (const auto& row : rows) {
      body += row.second;
    }
    git::OdbPtr odb;
    EXPECT_EQ(git_repository_odb(git::out(odb), repo.get()), 0);
    git_oid id;
    EXPECT_EQ(git_odb_write(&id, odb.get(), body.data(), body.size(), GIT_OBJECT_TREE), 0);
    return git::to_hex(id);
  }

  // What libgit2's own tree diff says, as file_changes used to read it.
  std::string libgit2_changes(const std::optional<std::string>& old_tree,
                              const std::string& new_tree) {
    git::TreePtr old_object;
    git::TreePtr new_object;
    if (old_tree) {
      git_oid id = git::to_oid(*old_tree);
      EXPECT_EQ(git_tree_lookup(git::out(old_object), repo.get(), &id), 0);
    }
    git_oid id = git::to_oid(new_tree);
    EXPECT_EQ(git_tree_lookup(git::out(new_object), repo.get(), &id), 0);
    git_diff_options options;
    git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
    options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
    git::DiffPtr diff;
    EXPECT_EQ(git_diff_tree_to_tree(
                  git::out(diff), repo.get(), old_object.get(), new_object.get(), &options),
              0);
    std::string text;
    for (std::size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
      const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
      bool added = delta->status == GIT_DELTA_ADDED;
      bool deleted = delta->status == GIT_DELTA_DELETED;
      char kind = added ? 'A' : deleted ? 'D' : delta->status == GIT_DELTA_TYPECHANGE ? 'T' : 'M';
      std::ostringstream line;
      line << kind << ' ' << (deleted ? delta->old_file.path : delta->new_file.path) << ' '
           << (added ? "" : git::to_hex(delta->old_file.id)) << ' '
           << (deleted ? "" : git::to_hex(delta->new_file.id)) << ' ' << std::oct
           << (deleted ? 0U : static_cast<unsigned>(delta->new_file.mode)) << '\n';
      text += line.str();
    }
    return text;
  }

  // The entries as an indented listing, for a failure's message.
  std::string dump(const std::vector<Entry>& entries, const std::string& indent = "") {
    std::ostringstream text;
    for (const Entry& entry : entries) {
      text << indent << std::oct << entry.mode << ' ' << entry.name << ' ' << entry.content << '\n'
           << dump(entry.children, indent + "  ");
    }
    return text.str();
  }
  std::string our_changes(const std::optional<std::string>& old_tree, const std::string& new_tree) {
    std::string text;
    for (const git::FileChange& change : repo.file_changes(old_tree, new_tree)) {
      char kind = "AMDT"[static_cast<int>(change.kind)]; // added, modified, deleted, type_changed
      std::ostringstream line;
      line << kind << ' ' << change.path << ' ' << change.old_id << ' ' << change.new_id << ' '
           << std::oct << change.new_mode << '\n';
      text += line.str();
    }
    return text;
  }

  // Names that sort next to each other and to folder names ("a" < "a-b" < "a.txt" < "a/").
  std::string any_name() {
    static const std::vector<std::string> names = {"a", "a-b", "a.txt", "a0", "b", "runs", "x"};
    return names[random() % names.size()];
  }

  std::vector<Entry> any_tree(int depth) {
    std::vector<Entry> entries;
    std::size_t count = random() % 5;
    for (std::size_t i = 0; i < count; ++i) {
      Entry entry = file(any_name(), 0100644, "");
      if (std::any_of(entries.begin(), entries.end(), [&](const Entry& e) {
            return e.name == entry.name;
          })) {
        continue;
      }
      entry.mode = any_mode(depth);
      entry.content = std::to_string(random() % 3);
      if (is_folder(entry.mode)) {
        entry.children = any_tree(depth + 1);
      }
      entries.push_back(entry);
    }
    return entries;
  }

  unsigned any_mode(int depth) {
    static const std::vector<unsigned> modes = {0100644, 0100644, 0100755, 0120000, 0160000};
    return depth < 3 && random() % 2 == 0 ? 0040000 : modes[random() % modes.size()];
  }

  // A changed copy: entries kept, removed, edited, turned into folders or files, added.
  std::vector<Entry> changed(std::vector<Entry> entries, int depth) {
    std::vector<Entry> result;
    for (Entry& entry : entries) {
      switch (random() % 6) {
      case 0:
        break; // removed
      case 1:
        entry.mode = any_mode(depth);
        entry.content = std::to_string(random() % 3);
        entry.children = is_folder(entry.mode) ? any_tree(depth + 1) : std::vector<Entry>{};
        result.push_back(entry);
        break;
      case 2:
        if (is_folder(entry.mode)) {
          entry.children = changed(entry.children, depth + 1);
        }
        result.push_back(entry);
        break;
      default:
        result.push_back(entry); // kept as it is
      }
    }
    for (Entry& added : any_tree(depth)) {
      if (std::none_of(
              result.begin(), result.end(), [&](const Entry& e) { return e.name == added.name; })) {
        result.push_back(added);
      }
    }
    return result;
  }
};

TEST_F(TreeDiffTest, GivesWhatLibgit2sTreeDiffGives) {
  for (int round = 0; round < 150; ++round) {
    std::vector<Entry> before = any_tree(0);
    std::vector<Entry> after = changed(before, 0);
    bool as_given = round % 4 == 3;
    std::string old_tree = write(before, as_given);
    std::string new_tree = write(after, as_given);
    ASSERT_EQ(our_changes(old_tree, new_tree), libgit2_changes(old_tree, new_tree))
        << "round " << round << ", before:\n"
        << dump(before) << "after:\n"
        << dump(after);
    ASSERT_EQ(our_changes(std::nullopt, new_tree), libgit2_changes(std::nullopt, new_tree))
        << "round " << round;
  }
}

TEST_F(TreeDiffTest, PassesOverFoldersBothSidesShare) {
  // run-0 names a folder object the repository does not hold: reading it would fail.
  Entry missing = folder("run-0", {}, "1111111111111111111111111111111111111111");
  Entry run = folder("run-1", {file("start.yaml", 0100644, "start")});
  std::string before = write({folder("runs", {missing, run})});
  run.children.push_back(file("note.yaml", 0100644, "note"));
  std::string after = write({folder("runs", {missing, run})});
  std::vector<git::FileChange> changes = repo.file_changes(before, after);
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].kind, git::FileChange::Kind::added);
  EXPECT_EQ(changes[0].path, "runs/run-1/note.yaml");
  EXPECT_EQ(changes[0].new_mode, 0100644U);
}

} // namespace tree_diff_test
