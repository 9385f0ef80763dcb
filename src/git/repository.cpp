#include "git/repository.hpp"

#include "git/check.hpp"
#include "util/error.hpp"

#include <algorithm>

#include <sys/statvfs.h>

namespace git {

std::string to_hex(const git_oid& oid) {
  char text[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(text, sizeof text, &oid);
  return text;
}

git_oid to_oid(const std::string& hex) {
  git_oid oid;
  check(git_oid_fromstr(&oid, hex.c_str()), "reading object id '" + hex + "'");
  return oid;
}

namespace {

CommitPtr lookup_commit(git_repository* repo, const std::string& id) {
  git_oid oid = to_oid(id);
  CommitPtr commit;
  check(git_commit_lookup(out(commit), repo, &oid), "reading commit " + id);
  return commit;
}

TreePtr tree_of_commit(git_repository* repo, const std::string& id) {
  CommitPtr commit = lookup_commit(repo, id);
  TreePtr tree;
  check(git_commit_tree(out(tree), commit.get()), "reading the files of commit " + id);
  return tree;
}

ObjectKind kind_of(git_object_t type) {
  switch (type) {
  case GIT_OBJECT_COMMIT:
    return ObjectKind::commit;
  case GIT_OBJECT_TREE:
    return ObjectKind::tree;
  case GIT_OBJECT_BLOB:
    return ObjectKind::blob;
  case GIT_OBJECT_TAG:
    return ObjectKind::tag;
  default:
    return ObjectKind::other;
  }
}

} // namespace

std::optional<Repository> Repository::discover(const std::filesystem::path& start) {
  initialise_libgit2();
  RepositoryPtr repo;
  int rc = git_repository_open_ext(out(repo), start.c_str(), 0, nullptr);
  if (!check_found(rc, "opening the repository at " + start.string())) {
    return std::nullopt;
  }
  return Repository(std::move(repo));
}

Repository Repository::open_from_environment() {
  initialise_libgit2();
  RepositoryPtr repo;
  check(git_repository_open_ext(out(repo), nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, nullptr),
        "opening the repository named by GIT_DIR");
  return Repository(std::move(repo));
}

Repository Repository::init(const std::filesystem::path& path) {
  initialise_libgit2();
  RepositoryPtr repo;
  check(git_repository_init(out(repo), path.c_str(), 0), "making a repository in " + path.string());
  return Repository(std::move(repo));
}

std::optional<std::filesystem::path> Repository::workdir() const {
  const char* dir = git_repository_workdir(m_repo.get());
  if (dir == nullptr) {
    return std::nullopt;
  }
  return std::filesystem::path(dir);
}

std::filesystem::path Repository::git_dir() const { return git_repository_path(m_repo.get()); }

bool Repository::is_shallow() const { return git_repository_is_shallow(m_repo.get()) == 1; }

std::optional<std::string> Repository::config_string(const std::string& name) const {
  ConfigPtr config;
  check(git_repository_config_snapshot(out(config), m_repo.get()), "reading git's configuration");
  Buffer value;
  if (!check_found(git_config_get_string_buf(value.get(), config.get(), name.c_str()),
                   "reading " + name + " from git's configuration")) {
    return std::nullopt;
  }
  return value.str();
}

void Repository::set_config_string(const std::string& name, const std::string& value) {
  ConfigPtr config;
  check(git_repository_config(out(config), m_repo.get()), "opening git's configuration");
  ConfigPtr local;
  check(git_config_open_level(out(local), config.get(), GIT_CONFIG_LEVEL_LOCAL),
        "opening the repository's own configuration");
  check(git_config_set_string(local.get(), name.c_str(), value.c_str()),
        "setting " + name + " in the repository's configuration");
}

std::optional<std::string> Repository::head_branch() const {
  ReferencePtr head;
  check(git_reference_lookup(out(head), m_repo.get(), "HEAD"), "reading HEAD");
  if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) {
    return std::nullopt;
  }
  return std::string(git_reference_symbolic_target(head.get()));
}

std::optional<std::string> Repository::resolve_ref(const std::string& name) const {
  git_oid oid;
  if (!check_found(git_reference_name_to_id(&oid, m_repo.get(), name.c_str()), "reading " + name)) {
    return std::nullopt;
  }
  return to_hex(oid);
}

std::optional<std::string> Repository::resolve_commit(const std::string& revision) const {
  ObjectPtr object;
  int rc = git_revparse_single(out(object), m_repo.get(), revision.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "looking up " + revision);
  ObjectPtr peeled;
  if (git_object_peel(out(peeled), object.get(), GIT_OBJECT_COMMIT) < 0) {
    git_error_clear(); // a blob or a tree: not a commit
    return std::nullopt;
  }
  return to_hex(*git_object_id(peeled.get()));
}

std::optional<std::string> default_config_string(const std::string& name) {
  initialise_libgit2();
  ConfigPtr config;
  check(git_config_open_default(out(config)), "reading git's configuration");
  ConfigPtr snapshot;
  check(git_config_snapshot(out(snapshot), config.get()), "reading git's configuration");
  Buffer value;
  if (!check_found(git_config_get_string_buf(value.get(), snapshot.get(), name.c_str()),
                   "reading " + name + " from git's configuration")) {
    return std::nullopt;
  }
  return value.str();
}

std::vector<std::string> Repository::branches() const {
  std::vector<std::string> names;
  git_strarray refs{};
  check(git_reference_list(&refs, m_repo.get()), "listing branches");
  for (std::size_t i = 0; i < refs.count; ++i) {
    std::string name = refs.strings[i];
    if (name.rfind("refs/heads/", 0) == 0) {
      names.push_back(name);
    }
  }
  git_strarray_dispose(&refs);
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> Repository::remote_branches(const std::string& branch) const {
  std::vector<std::string> names;
  git_strarray refs{};
  check(git_reference_list(&refs, m_repo.get()), "listing remote branches");
  std::string suffix = "/" + branch;
  for (std::size_t i = 0; i < refs.count; ++i) {
    std::string name = refs.strings[i];
    if (name.rfind("refs/remotes/", 0) == 0 && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        name.find('/', 13) == name.size() - suffix.size()) {
      names.push_back(name);
    }
  }
  git_strarray_dispose(&refs);
  return names;
}

std::optional<RawObject> Repository::read_raw(const std::string& id) const {
  OdbPtr odb;
  check(git_repository_odb(out(odb), m_repo.get()), "opening the object database");
  git_oid oid = to_oid(id);
  OdbObjectPtr object;
  if (!check_found(git_odb_read(out(object), odb.get(), &oid), "reading object " + id)) {
    return std::nullopt;
  }
  const char* data = static_cast<const char*>(git_odb_object_data(object.get()));
  return RawObject{kind_of(git_odb_object_type(object.get())),
                   std::string(data, git_odb_object_size(object.get()))};
}

std::optional<std::string> Repository::read_file_at(const std::string& commit,
                                                    const std::string& path) const {
  TreePtr tree = tree_of_commit(m_repo.get(), commit);
  TreeEntryPtr entry;
  if (!check_found(git_tree_entry_bypath(out(entry), tree.get(), path.c_str()),
                   "looking for " + path + " in commit " + commit)) {
    return std::nullopt;
  }
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB ||
      git_tree_entry_filemode(entry.get()) == GIT_FILEMODE_LINK) {
    return std::nullopt;
  }
  BlobPtr blob;
  check(git_blob_lookup(out(blob), m_repo.get(), git_tree_entry_id(entry.get())),
        "reading " + path + " in commit " + commit);
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

std::vector<TreeEntry> Repository::list_tree_at(const std::string& commit,
                                                const std::string& path) const {
  TreePtr root = tree_of_commit(m_repo.get(), commit);
  TreePtr subtree;
  git_tree* tree = root.get();
  if (!path.empty()) {
    TreeEntryPtr entry;
    if (!check_found(git_tree_entry_bypath(out(entry), root.get(), path.c_str()),
                     "looking for " + path + " in commit " + commit)) {
      return {};
    }
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
      return {};
    }
    check(git_tree_lookup(out(subtree), m_repo.get(), git_tree_entry_id(entry.get())),
          "reading folder " + path + " in commit " + commit);
    tree = subtree.get();
  }
  std::vector<TreeEntry> entries;
  for (std::size_t i = 0; i < git_tree_entrycount(tree); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
    entries.push_back(TreeEntry{git_tree_entry_name(entry), to_hex(*git_tree_entry_id(entry)),
                                static_cast<unsigned>(git_tree_entry_filemode(entry))});
  }
  return entries;
}

std::string Repository::tree_of(const std::string& commit) const {
  CommitPtr object = lookup_commit(m_repo.get(), commit);
  return to_hex(*git_commit_tree_id(object.get()));
}

std::vector<std::string> Repository::changed_paths(const std::optional<std::string>& old_tree,
                                                   const std::string& new_tree) const {
  std::vector<std::string> paths;
  for (const FileChange& change : file_changes(old_tree, new_tree)) {
    paths.push_back(change.path);
  }
  return paths;
}

std::vector<std::string> Repository::commits_between(const std::string& tip,
                                                     const std::vector<std::string>& hide) const {
  RevwalkPtr walk;
  check(git_revwalk_new(out(walk), m_repo.get()), "walking history");
  check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE), "walking history");
  git_oid tip_oid = to_oid(tip);
  check(git_revwalk_push(walk.get(), &tip_oid), "walking history from " + tip);
  for (const std::string& id : hide) {
    git_oid oid = to_oid(id);
    check(git_revwalk_hide(walk.get(), &oid), "walking history past " + id);
  }
  std::vector<std::string> commits;
  git_oid oid;
  int rc = 0;
  while ((rc = git_revwalk_next(&oid, walk.get())) == 0) {
    commits.push_back(to_hex(oid));
  }
  if (rc != GIT_ITEROVER) {
    check(rc, "walking history from " + tip);
  }
  return commits;
}

bool Repository::is_ancestor(const std::string& ancestor, const std::string& commit) const {
  if (ancestor == commit) {
    return true;
  }
  git_oid a = to_oid(ancestor);
  git_oid c = to_oid(commit);
  int rc = git_graph_descendant_of(m_repo.get(), &c, &a);
  check(rc, "comparing commits " + commit + " and " + ancestor);
  return rc == 1;
}

std::optional<std::string> Repository::merge_base(const std::string& a, const std::string& b) const {
  git_oid base;
  git_oid one = to_oid(a);
  git_oid two = to_oid(b);
  int rc = git_merge_base(&base, m_repo.get(), &one, &two);
  if (rc == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(rc, "finding where " + a + " and " + b + " meet");
  return to_hex(base);
}

std::string Repository::hash_blob(const std::string& content) const {
  git_oid oid;
  check(git_odb_hash(&oid, content.data(), content.size(), GIT_OBJECT_BLOB), "hashing a file");
  return to_hex(oid);
}

std::string Repository::write_blob(const std::string& content) {
  git_oid oid;
  int rc = git_blob_create_from_buffer(&oid, m_repo.get(), content.data(), content.size());
  if (rc < 0) {
    // libgit2 does not always say that the disk is full (a short write can surface as
    // a missing object); the free space tells.
    struct statvfs disk {};
    std::filesystem::path objects = git_dir() / "objects";
    if (::statvfs(objects.c_str(), &disk) == 0 &&
        static_cast<unsigned long long>(disk.f_bavail) * disk.f_frsize < content.size() + 65536) {
      throw util::EnvironmentError("storing a file in the repository: No space left on device (" +
                                   std::to_string(content.size()) + " bytes needed in " + objects.string() +
                                   "). The disk is full: free some space and try again. No branch was moved, so "
                                   "nothing was changed.");
    }
  }
  check(rc, "storing a file in the repository");
  return to_hex(oid);
}

} // namespace git
