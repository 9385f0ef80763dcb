// Repository: the files that differ between two trees.
//
// libgit2's git_diff_tree_to_tree opens every folder of both trees, even the folders
// both sides share unchanged. On the log branch the tree holds every record ever made,
// so judging one commit read the whole log, and verifying a log of n records read n²/2
// files and kept every folder in libgit2's object cache (72 MiB and a minute for ten
// thousand records). This comparison gives the same changes in the same order, but
// passes over a folder that both sides hold with the same object id, as `git diff-tree`
// does: judging a record reads the few folders on its path.
#include "git/check.hpp"
#include "git/repository.hpp"

#include <cstring>

namespace git {

namespace {

constexpr unsigned k_type_bits = 0170000;
constexpr unsigned k_folder_type = 0040000;

// The raw mode, as libgit2's diff reports it (git_tree_entry_filemode would tidy it).
unsigned mode_of(const git_tree_entry* entry) {
  return static_cast<unsigned>(git_tree_entry_filemode_raw(entry));
}

TreePtr lookup_tree(git_repository* repo, const git_oid& id, const std::string& context) {
  TreePtr tree;
  check(git_tree_lookup(out(tree), repo, &id), context);
  return tree;
}

// One side of the comparison: the files of a tree in the order libgit2's tree iterator
// gives them (each folder's entries as stored; a folder's files where the folder
// stands). The head may be a folder not opened yet: it stands for all its files, whose
// paths all begin with its path and a slash.
class TreeWalk {
public:
  TreeWalk(git_repository* repo, TreePtr root, const std::string& context)
      : m_repo(repo), m_context(context) {
    if (root) {
      m_frames.push_back(Frame{std::move(root), "", 0});
      settle();
    }
  }

  bool done() const { return m_frames.empty(); }
  const git_tree_entry* entry() const {
    const Frame& top = m_frames.back();
    return git_tree_entry_byindex(top.tree.get(), top.index);
  }
  const std::string& path() const { return m_path; }
  bool is_folder() const { return (mode_of(entry()) & k_type_bits) == k_folder_type; }
  // What the head sorts by: a folder by the start of its files' paths.
  std::string key() const { return is_folder() ? m_path + "/" : m_path; }

  // Replaces the head folder by its entries.
  void open() {
    TreePtr tree = lookup_tree(m_repo, *git_tree_entry_id(entry()), m_context);
    std::string prefix = m_path + "/";
    ++m_frames.back().index;
    m_frames.push_back(Frame{std::move(tree), std::move(prefix), 0});
    settle();
  }

  // Whether the head folder holds a file, at any depth: a folder of empty folders
  // gives no file to compare.
  bool holds_a_file() const { return holds_a_file(*git_tree_entry_id(entry())); }

  // Moves past the head (a whole folder, unopened, when it is one).
  void next() {
    ++m_frames.back().index;
    settle();
  }

private:
  struct Frame {
    TreePtr tree;
    std::string prefix;
    std::size_t index;
  };

  bool holds_a_file(const git_oid& folder) const {
    TreePtr tree = lookup_tree(m_repo, folder, m_context);
    for (std::size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
      const git_tree_entry* inside = git_tree_entry_byindex(tree.get(), i);
      if ((mode_of(inside) & k_type_bits) != k_folder_type ||
          holds_a_file(*git_tree_entry_id(inside))) {
        return true;
      }
    }
    return false;
  }

  void settle() {
    while (!m_frames.empty() &&
           m_frames.back().index >= git_tree_entrycount(m_frames.back().tree.get())) {
      m_frames.pop_back();
    }
    if (!m_frames.empty()) {
      m_path = m_frames.back().prefix + git_tree_entry_name(entry());
    }
  }

  git_repository* m_repo;
  std::string m_context;
  std::vector<Frame> m_frames;
  std::string m_path;
};

// Whether the head folder of `walk` must be opened before it can be compared with the
// head of `other`: unless all its files sort after that head (a file, or a folder whose
// files all sort before them).
bool must_open(const TreeWalk& walk, const TreeWalk& other) {
  if (other.done()) {
    return true;
  }
  std::string key = walk.key();
  std::string other_key = other.key();
  if (other_key.compare(0, key.size(), key) == 0) {
    return true; // the other head lies inside this folder
  }
  if (other.is_folder() && key.compare(0, other_key.size(), other_key) == 0) {
    return false; // this folder lies inside the other: that one opens first
  }
  return key < other_key;
}

FileChange change_of(FileChange::Kind kind, const TreeWalk* old_side, const TreeWalk* new_side) {
  FileChange change;
  change.kind = kind;
  change.path = new_side != nullptr ? new_side->path() : old_side->path();
  if (old_side != nullptr) {
    change.old_id = to_hex(*git_tree_entry_id(old_side->entry()));
  }
  if (new_side != nullptr) {
    change.new_id = to_hex(*git_tree_entry_id(new_side->entry()));
    change.new_mode = mode_of(new_side->entry());
  }
  return change;
}

} // namespace

std::vector<FileChange> Repository::file_changes(const std::optional<std::string>& old_tree,
                                                 const std::string& new_tree) const {
  if (m_last_diff && m_last_diff->old_tree == old_tree && m_last_diff->new_tree == new_tree) {
    return m_last_diff->changes;
  }
  TreePtr old_root;
  if (old_tree) {
    old_root = lookup_tree(m_repo.get(), to_oid(*old_tree), "reading tree " + *old_tree);
  }
  TreePtr new_root = lookup_tree(m_repo.get(), to_oid(new_tree), "reading tree " + new_tree);
  std::string context = "comparing trees " + new_tree;
  TreeWalk old_walk(m_repo.get(), std::move(old_root), context);
  TreeWalk new_walk(m_repo.get(), std::move(new_root), context);
  std::vector<FileChange> changes;
  while (!old_walk.done() || !new_walk.done()) {
    if (!old_walk.done() && !new_walk.done() && old_walk.is_folder() && new_walk.is_folder() &&
        old_walk.path() == new_walk.path() &&
        git_oid_equal(git_tree_entry_id(old_walk.entry()), git_tree_entry_id(new_walk.entry()))) {
      // The same folder on both sides: nothing in it changed. (libgit2 would still
      // report a file of it whose id is all zeros, which no object has, as modified.)
      old_walk.next();
      new_walk.next();
      continue;
    }
    if (!old_walk.done() && old_walk.is_folder() && must_open(old_walk, new_walk)) {
      old_walk.open();
      continue;
    }
    if (!new_walk.done() && new_walk.is_folder() && must_open(new_walk, old_walk)) {
      new_walk.open();
      continue;
    }
    // Each head is now a file, or one is a folder whose files all sort after the other
    // head, a file. That file comes next, unless the folder gives no file at all.
    if (!old_walk.done() && old_walk.is_folder() && !old_walk.holds_a_file()) {
      old_walk.next();
      continue;
    }
    if (!new_walk.done() && new_walk.is_folder() && !new_walk.holds_a_file()) {
      new_walk.next();
      continue;
    }
    int order = old_walk.done() ? 1 : new_walk.done() ? -1 : old_walk.key().compare(new_walk.key());
    if (order < 0) {
      changes.push_back(change_of(FileChange::Kind::deleted, &old_walk, nullptr));
      old_walk.next();
    } else if (order > 0) {
      changes.push_back(change_of(FileChange::Kind::added, nullptr, &new_walk));
      new_walk.next();
    } else {
      // The same path on both sides, as libgit2's diff judges it with
      // GIT_DIFF_INCLUDE_TYPECHANGE.
      unsigned old_mode = mode_of(old_walk.entry());
      unsigned new_mode = mode_of(new_walk.entry());
      const git_oid* old_id = git_tree_entry_id(old_walk.entry());
      const git_oid* new_id = git_tree_entry_id(new_walk.entry());
      if ((old_mode & k_type_bits) != (new_mode & k_type_bits)) {
        changes.push_back(change_of(FileChange::Kind::type_changed, &old_walk, &new_walk));
      } else if (!git_oid_equal(old_id, new_id) || old_mode != new_mode ||
                 git_oid_is_zero(old_id) != 0) {
        changes.push_back(change_of(FileChange::Kind::modified, &old_walk, &new_walk));
      }
      old_walk.next();
      new_walk.next();
    }
  }
  m_last_diff = LastDiff{old_tree, new_tree, changes};
  return changes;
}

} // namespace git
