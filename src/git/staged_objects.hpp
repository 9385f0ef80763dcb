#pragma once

#include <filesystem>

#include "git/handles.hpp"
#include "git/repository.hpp"
#include "git/staging_backends.hpp"

namespace git {

// The objects of one commit, kept in memory while libgit2 writes them, then written
// into the object database together and made durable: one flush of the disk's cache
// for all the files, then one per folder they are named in, instead of two per object
// (a record's commit writes eight objects). Reads see staged and existing objects
// alike.
class StagedObjects {
public:
  // Points the object writes of `repo` at memory. Throws util::EnvironmentError.
  explicit StagedObjects(Repository& repo);
  // Writes the staged objects the database does not have under temporary names, makes
  // them durable, gives them their names in dependency order (blobs, trees, then the
  // commit: a process killed meanwhile leaves no object naming one that is not there)
  // and makes those durable; only then may a ref point at them. Throws
  // util::EnvironmentError (the disk is full, a write failed): no object gets its name
  // then (if a rename fails, those named before it stay, whole), and the temporary
  // files are removed.
  void publish();
  // Throws what a write into memory threw (it ran out of memory), if one did: the
  // libgit2 call that wrote reports only that its backend failed. Call it when such a
  // call fails, before reporting libgit2's error; publish() calls it first.
  void rethrow_write_failure();
  // Points the writes back at the object database. Never publishes.
  ~StagedObjects();

  StagedObjects(const StagedObjects&) = delete;
  StagedObjects& operator=(const StagedObjects&) = delete;

private:
  Repository& m_repo;
  OdbPtr m_original;
  std::filesystem::path m_objects;
  MemoryStore* m_staged = nullptr; // owned by the memory backend
};

} // namespace git
