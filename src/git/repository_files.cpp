// Repository: listing files of a commit or of the index, and reading blobs.
#include "git/repository.hpp"

#include "git/check.hpp"
#include "util/callback_guard.hpp"

#include <cstdlib>

namespace git {

namespace {

struct WalkState {
  std::string folder;
  std::vector<TreeEntry>* out;
  util::CallbackGuard guard;
};

int collect_file(const char* root, const git_tree_entry* entry, void* payload) {
  auto* state = static_cast<WalkState*>(payload);
  return state->guard.run(GIT_EUSER, [&] {
    if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
      std::string path = state->folder + "/" + root + git_tree_entry_name(entry);
      state->out->push_back(TreeEntry{path, to_hex(*git_tree_entry_id(entry)),
                                      static_cast<unsigned>(git_tree_entry_filemode(entry))});
    }
    return 0;
  });
}

} // namespace

std::vector<TreeEntry> Repository::list_files_at(const std::string& commit, const std::string& folder) const {
  TreePtr root;
  git_oid root_oid = to_oid(tree_of(commit));
  check(git_tree_lookup(out(root), m_repo.get(), &root_oid), "reading the files of commit " + commit);
  TreeEntryPtr entry;
  if (!check_found(git_tree_entry_bypath(out(entry), root.get(), folder.c_str()),
                   "looking for " + folder + " in commit " + commit)) {
    return {};
  }
  std::vector<TreeEntry> files;
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
    files.push_back(TreeEntry{folder, to_hex(*git_tree_entry_id(entry.get())),
                              static_cast<unsigned>(git_tree_entry_filemode(entry.get()))});
    return files;
  }
  TreePtr tree;
  check(git_tree_lookup(out(tree), m_repo.get(), git_tree_entry_id(entry.get())), "reading " + folder);
  WalkState state{folder, &files, {}};
  int rc = git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect_file, &state);
  state.guard.rethrow();
  check(rc, "listing " + folder);
  return files;
}

std::vector<TreeEntry> Repository::list_index_files(const std::string& folder) const {
  IndexPtr index;
  const char* index_file = std::getenv("GIT_INDEX_FILE");
  if (index_file != nullptr && *index_file != '\0') {
    std::filesystem::path path = index_file;
    if (path.is_relative() && workdir()) {
      path = *workdir() / path; // Git gives it relative to the work tree's top
    }
    check(git_index_open(out(index), path.c_str()), "opening the index " + path.string());
  } else {
    check(git_repository_index(out(index), m_repo.get()), "opening the index");
    check(git_index_read(index.get(), 1), "reading the index");
  }
  std::vector<TreeEntry> files;
  std::string prefix = folder + "/";
  for (std::size_t i = 0; i < git_index_entrycount(index.get()); ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    std::string path = entry->path;
    if (path.rfind(prefix, 0) == 0) {
      files.push_back(TreeEntry{path, to_hex(entry->id), entry->mode});
    }
  }
  return files;
}

std::optional<std::string> Repository::read_blob(const std::string& id) const {
  git_oid oid = to_oid(id);
  BlobPtr blob;
  if (!check_found(git_blob_lookup(out(blob), m_repo.get(), &oid), "reading file " + id)) {
    return std::nullopt;
  }
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

} // namespace git
