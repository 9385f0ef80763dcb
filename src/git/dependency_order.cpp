#include "git/dependency_order.hpp"

#include "git/check.hpp"
#include "git/handles.hpp"

#include <algorithm>
#include <map>

namespace git {

namespace {

// How many levels of staged objects of its own kind stand below a staged object: the
// trees a tree holds, the parents of a commit. 0 when it names none that is staged (a
// blob always). Trees and commits are read through `repo`, which sees the staged ones.
class StagedHeights {
public:
  StagedHeights(git_repository* repo, const MemoryObjects& staged) : m_repo(repo), m_staged(staged) {}

  int of(const git_oid& id, git_object_t type) {
    if (auto known = m_heights.find(id); known != m_heights.end()) {
      return known->second;
    }
    int height = 0;
    for (const git_oid& below : staged_below(id, type)) {
      height = std::max(height, 1 + of(below, type));
    }
    m_heights.emplace(id, height);
    return height;
  }

private:
  std::vector<git_oid> staged_below(const git_oid& id, git_object_t type) const {
    std::vector<git_oid> below;
    auto keep_if_staged = [&](const git_oid* named) {
      if (m_staged.count(*named) > 0) {
        below.push_back(*named);
      }
    };
    if (type == GIT_OBJECT_TREE) {
      TreePtr tree;
      check(git_tree_lookup(out(tree), m_repo, &id), "reading a new folder of the commit");
      for (std::size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
        const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
        if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
          keep_if_staged(git_tree_entry_id(entry));
        }
      }
    } else if (type == GIT_OBJECT_COMMIT) {
      CommitPtr commit;
      check(git_commit_lookup(out(commit), m_repo, &id), "reading a new commit");
      for (unsigned int i = 0; i < git_commit_parentcount(commit.get()); ++i) {
        keep_if_staged(git_commit_parent_id(commit.get(), i));
      }
    }
    return below;
  }

  git_repository* m_repo;
  const MemoryObjects& m_staged;
  std::map<git_oid, int, OidLess> m_heights;
};

} // namespace

std::vector<const MemoryObjects::value_type*> dependency_order(git_repository* repo, const MemoryObjects& staged) {
  auto rank = [](git_object_t type) {
    switch (type) {
    case GIT_OBJECT_BLOB:
      return 0;
    case GIT_OBJECT_TREE:
      return 1;
    case GIT_OBJECT_COMMIT:
      return 2;
    default:
      return 3; // a tag: no command writes one
    }
  };
  StagedHeights heights(repo, staged);
  struct Place {
    int rank;
    int height;
    const MemoryObjects::value_type* object;
  };
  std::vector<Place> places;
  places.reserve(staged.size());
  for (const auto& object : staged) {
    git_object_t type = object.second.first;
    places.push_back({rank(type), heights.of(object.first, type), &object});
  }
  std::sort(places.begin(), places.end(), [](const Place& a, const Place& b) {
    if (a.rank != b.rank) {
      return a.rank < b.rank;
    }
    if (a.height != b.height) {
      return a.height < b.height;
    }
    return git_oid_cmp(&a.object->first, &b.object->first) < 0;
  });
  std::vector<const MemoryObjects::value_type*> order;
  order.reserve(places.size());
  for (const Place& place : places) {
    order.push_back(place.object);
  }
  return order;
}

} // namespace git
