// Repository: the reads a server-side check needs (what a push brings, what the
// repository already holds).
#include "git/check.hpp"
#include "git/repository.hpp"
#include "util/callback_guard.hpp"

namespace git {

std::optional<TreeEntry> Repository::entry_at(const std::string& commit,
                                              const std::string& path) const {
  TreePtr root;
  git_oid root_oid = to_oid(tree_of(commit));
  check(git_tree_lookup(out(root), m_repo.get(), &root_oid),
        "reading the files of commit " + commit);
  TreeEntryPtr entry;
  if (!check_found(git_tree_entry_bypath(out(entry), root.get(), path.c_str()),
                   "looking for " + path + " in commit " + commit)) {
    return std::nullopt;
  }
  return TreeEntry{path,
                   to_hex(*git_tree_entry_id(entry.get())),
                   static_cast<unsigned>(git_tree_entry_filemode(entry.get()))};
}

std::optional<std::uint64_t> Repository::object_size(const std::string& id) const {
  OdbPtr odb;
  check(git_repository_odb(out(odb), m_repo.get()), "opening the object database");
  git_oid oid = to_oid(id);
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (!check_found(git_odb_read_header(&size, &type, odb.get(), &oid), "reading object " + id)) {
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(size);
}

std::vector<std::string> Repository::parents(const std::string& commit) const {
  git_oid oid = to_oid(commit);
  CommitPtr object;
  if (!check_found(git_commit_lookup(out(object), m_repo.get(), &oid),
                   "reading commit " + commit)) {
    return {};
  }
  std::vector<std::string> ids;
  for (unsigned i = 0; i < git_commit_parentcount(object.get()); ++i) {
    ids.push_back(to_hex(*git_commit_parent_id(object.get(), i)));
  }
  return ids;
}

std::vector<std::string>
Repository::first_parent_line(const std::string& tip,
                              const std::optional<std::string>& stop_at) const {
  std::vector<std::string> line;
  for (std::string at = tip;;) {
    line.push_back(at);
    std::vector<std::string> ids = parents(at);
    if (at == stop_at || ids.empty()) {
      return line;
    }
    at = ids.front();
  }
}

namespace {

struct TargetList {
  std::vector<std::pair<std::string, std::string>> targets;
  util::CallbackGuard guard;
};

int collect_target(git_reference* raw, void* payload) {
  ReferencePtr ref(raw);
  auto* list = static_cast<TargetList*>(payload);
  return list->guard.run(GIT_EUSER, [&] {
    ObjectPtr peeled;
    if (git_reference_peel(out(peeled), ref.get(), GIT_OBJECT_COMMIT) == 0) {
      list->targets.emplace_back(git_reference_name(ref.get()), to_hex(*git_object_id(peeled.get())));
    } else {
      git_error_clear(); // a reference to something that is not a commit: nothing to hide
    }
    return 0;
  });
}

} // namespace

std::vector<std::pair<std::string, std::string>> Repository::all_refs() const {
  TargetList list;
  int rc = git_reference_foreach(m_repo.get(), collect_target, &list);
  list.guard.rethrow();
  check(rc, "listing the references");
  return std::move(list.targets);
}

} // namespace git
