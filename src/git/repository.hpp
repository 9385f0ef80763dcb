#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "git/handles.hpp"

namespace git {

// What kind of object a raw read found.
enum class ObjectKind { commit, tree, blob, tag, other };

struct RawObject {
  ObjectKind kind;
  std::string bytes;
};

// One entry of a tree: its name, object id and file mode (0100644, 040000, …).
struct TreeEntry {
  std::string name;
  std::string id;
  unsigned mode = 0;
};

// A file that differs between two trees.
struct FileChange {
  enum class Kind { added, modified, deleted, type_changed };
  Kind kind = Kind::added;
  std::string path;
  std::string old_id; // empty when added
  std::string new_id; // empty when deleted
  unsigned new_mode = 0;
};

// An open repository and the reads and writes the tool needs, with object ids as
// 40-digit hex strings. Every failure is a util::EnvironmentError with context; "not
// found" is std::optional.
class Repository {
public:
  // Finds the repository that holds `start` (like git does from the working folder).
  // nullopt when there is none.
  static std::optional<Repository> discover(const std::filesystem::path& start);
  // Opens the repository the way a server hook must: from GIT_DIR and the quarantine
  // environment Git sets, so that the objects of a push being received are visible.
  static Repository open_from_environment();
  // Makes a new repository with a work tree in `path`.
  static Repository init(const std::filesystem::path& path);

  git_repository* get() const { return m_repo.get(); }
  // The work tree, or nullopt in a bare repository.
  std::optional<std::filesystem::path> workdir() const;
  std::filesystem::path git_dir() const;
  // A clone made with --depth: its early history is missing.
  bool is_shallow() const;

  // Git configuration (all levels, repository last).
  std::optional<std::string> config_string(const std::string& name) const;
  // Sets a value in the repository's own .git/config.
  void set_config_string(const std::string& name, const std::string& value);

  // The full name of the branch HEAD points at ("refs/heads/main"), even when it has no
  // commit yet; nullopt when HEAD is detached.
  std::optional<std::string> head_branch() const;
  // The commit a reference (full name) points at; nullopt when it does not exist.
  std::optional<std::string> resolve_ref(const std::string& name) const;
  // A revision expression ("HEAD~2", an abbreviated id) to a full commit id.
  std::optional<std::string> resolve_commit(const std::string& revision) const;
  // Full names of all local branches.
  std::vector<std::string> branches() const;
  // Full names of the remote-tracking branches called `branch` ("refs/remotes/*/main").
  std::vector<std::string> remote_branches(const std::string& branch) const;

  // The raw bytes of an object, read from the object database; nullopt when missing.
  std::optional<RawObject> read_raw(const std::string& id) const;
  // The content of the file at `path` in a commit's tree; nullopt when absent or not a
  // regular file.
  std::optional<std::string> read_file_at(const std::string& commit, const std::string& path) const;
  // The entries of the tree at `path` ("" for the root) in a commit; empty when absent.
  std::vector<TreeEntry> list_tree_at(const std::string& commit, const std::string& path) const;
  // Every file below `folder` in a commit, recursively, with its full path in `name`;
  // empty when the folder is absent.
  std::vector<TreeEntry> list_files_at(const std::string& commit, const std::string& folder) const;
  // Every file below `folder` in the index Git would commit (GIT_INDEX_FILE when Git
  // sets it for a hook, else .git/index), with its full path in `name`.
  std::vector<TreeEntry> list_index_files(const std::string& folder) const;
  // The content of a blob; nullopt when missing.
  std::optional<std::string> read_blob(const std::string& id) const;

  // The tree id of a commit.
  std::string tree_of(const std::string& commit) const;
  // Paths that differ between two trees (added, modified, deleted, renamed: both
  // sides), recursing into folders. `old_tree` may be nullopt for an empty tree.
  std::vector<std::string> changed_paths(const std::optional<std::string>& old_tree,
                                         const std::string& new_tree) const;
  // The files that differ between two trees, each once, with what happened to it, in
  // the order and with the raw modes of libgit2's tree diff. Folders both trees hold
  // unchanged are not read. The last answer is kept: judging one commit asks about the
  // same two trees several times.
  std::vector<FileChange> file_changes(const std::optional<std::string>& old_tree, const std::string& new_tree) const;
  // The entry at `path` in a commit's tree (a file or a folder); nullopt when absent.
  std::optional<TreeEntry> entry_at(const std::string& commit, const std::string& path) const;
  // The size in bytes of an object, read from its header without loading it; nullopt
  // when missing.
  std::optional<std::uint64_t> object_size(const std::string& id) const;
  // The parents of a commit, in order; empty for a root or a missing commit.
  std::vector<std::string> parents(const std::string& commit) const;
  // A branch's own line of history: `tip`, its first parent, that one's first parent…
  // down to `stop_at` (included) or a root; a commit that cannot be read ends it.
  std::vector<std::string>
  first_parent_line(const std::string& tip,
                    const std::optional<std::string>& stop_at = std::nullopt) const;
  // Every reference by full name, with the commit it points at (tags peeled to the
  // commit they tag; references to anything else are left out): "what does the
  // repository already hold".
  std::vector<std::pair<std::string, std::string>> all_refs() const;
  // Commits reachable from `tip`, parents before children, stopping at (and excluding)
  // the commits reachable from `hide`.
  std::vector<std::string> commits_between(const std::string& tip,
                                           const std::vector<std::string>& hide) const;
  // True when `ancestor` is `commit` or one of its ancestors.
  bool is_ancestor(const std::string& ancestor, const std::string& commit) const;
  // The best common ancestor of two commits; nullopt when they share no history.
  std::optional<std::string> merge_base(const std::string& a, const std::string& b) const;

  // The id a blob with this content has, without storing it.
  std::string hash_blob(const std::string& content) const;
  // Writes a blob and returns its id.
  std::string write_blob(const std::string& content);

private:
  explicit Repository(RepositoryPtr repo) : m_repo(std::move(repo)) {}
  RepositoryPtr m_repo;
  struct LastDiff {
    std::optional<std::string> old_tree;
    std::string new_tree;
    std::vector<FileChange> changes;
  };
  mutable std::optional<LastDiff> m_last_diff;
};

// A value of git's global and system configuration, for when there is no repository
// yet; nullopt when unset.
std::optional<std::string> default_config_string(const std::string& name);

// Conversions between git_oid and hex text.
std::string to_hex(const git_oid& oid);
git_oid to_oid(const std::string& hex);

} // namespace git
