#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/signer.hpp"
#include "git/repository.hpp"
#include "git/signed_commit_writer.hpp"

namespace git {

// What to add on top of a given tip: the files and the commit message.
struct Addition {
  std::vector<FileWrite> files;
  std::string message;
};

// Adds one signed commit to `ref` (creating it as an orphan branch when it does not
// exist) without ever losing a concurrent writer's commit: `prepare` is asked what to
// add on top of the current tip — it re-checks its rules there and may throw — then
// the commit is signed and the ref moved by compare-and-swap. When another writer won
// the race, everything is rebuilt on the new tip, re-signed and tried again; a lock
// held by another writer is waited out for a few seconds. Returns the new commit.
std::string append_commit(Repository& repo,
                          const std::string& ref,
                          const std::function<Addition(const std::optional<std::string>& tip)>& prepare,
                          const core::Signer& signer);

} // namespace git
