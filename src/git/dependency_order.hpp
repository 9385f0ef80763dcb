#pragma once

#include "git/staging_backends.hpp"

#include <git2.h>

#include <vector>

namespace git {

// The objects `staged` holds, in the order they may get their final names in the object
// database: each after every staged object it names, so that no object there ever
// names one that is not (DESIGN §4). Blobs first, then trees (each after the trees it
// holds), then commits (each after their staged parents), then anything else; ties by
// id, so that the order does not depend on the order libgit2 wrote them in. Trees and
// commits are read through `repo`, whose object database must hold the staged objects.
// The pointers point into `staged`. Throws util::EnvironmentError when one cannot be read.
std::vector<const MemoryObjects::value_type*> dependency_order(git_repository* repo, const MemoryObjects& staged);

} // namespace git
