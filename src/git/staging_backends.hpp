#pragma once

#include "git/handles.hpp"

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

// A backend that keeps what is written to it in memory until it is published.
// `objects` is what it holds; it lives as long as the backend, which the database it
// is added to owns.
OdbBackendPtr memory_backend(const MemoryObjects*& objects);

// Reads from another object database (`source`, whose reference it takes) and does
// nothing else: it writes nothing, never says it holds an object about to be written
// (libgit2 would otherwise rescan objects/pack of every pack backend on each miss), and
// has nothing to refresh.
OdbBackendPtr read_through_backend(OdbPtr source);

} // namespace git
