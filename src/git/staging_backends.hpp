#pragma once

#include "git/handles.hpp"
#include "util/callback_guard.hpp"

#include <git2.h>

#include <map>
#include <string>
#include <utility>

namespace git {

// The object database backends of StagedObjects.

// The objects a memory backend holds, by id: their type and content.
struct OidLess {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_cmp(&a, &b) < 0; }
};
using MemoryObjects = std::map<git_oid, std::pair<git_object_t, std::string>, OidLess>;

// What a memory backend holds: the objects written to it, and what a write threw (it
// runs out of memory) while libgit2 called it, for its owner to rethrow.
struct MemoryStore {
  MemoryObjects objects;
  util::CallbackGuard failed_writes;
};

// A backend that keeps what is written to it in memory until it is published.
// `store` is set to what it holds; that lives as long as the backend, which the
// database it is added to owns.
[[nodiscard]] OdbBackendPtr memory_backend(MemoryStore*& store);

// Reads from another object database (`source`, whose reference it takes) and does
// nothing else: it writes nothing, never says it holds an object about to be written
// (libgit2 would otherwise rescan objects/pack of every pack backend on each miss), and
// has nothing to refresh.
[[nodiscard]] OdbBackendPtr read_through_backend(OdbPtr source);

} // namespace git
