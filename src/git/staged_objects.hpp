#pragma once

#include <filesystem>

#include "git/handles.hpp"
#include "git/repository.hpp"

namespace git {

// The objects of one commit, written to a staging folder inside the object database
// without a flush each, then published into the database together and durable: two
// flushes of the file system instead of two per object (a record's commit writes eight
// objects). Reads see staged and published objects alike.
class StagedObjects {
public:
  // Points the object writes of `repo` at a new staging folder,
  // objects/tmp_objdir-runbook-XXXXXX. Throws util::EnvironmentError.
  explicit StagedObjects(Repository& repo);
  // Makes the staged objects durable, links them into the object database and makes
  // the links durable; only then may a ref point at them. Throws
  // util::EnvironmentError (the disk is full, a write failed): nothing is published then.
  void publish();
  // Points the writes back at the object database and removes the staging folder with
  // whatever it still holds. Never publishes.
  ~StagedObjects();

  StagedObjects(const StagedObjects&) = delete;
  StagedObjects& operator=(const StagedObjects&) = delete;

private:
  Repository& m_repo;
  OdbPtr m_original;
  std::filesystem::path m_objects;
  std::filesystem::path m_staging;
  bool m_writes_unflushed = false;
};

} // namespace git
