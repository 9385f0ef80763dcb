#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/signer.hpp"
#include "git/repository.hpp"
#include "util/error.hpp"

namespace git {

// A file a commit adds or replaces, by its path from the repository's top.
struct FileWrite {
  std::string path;
  std::string content;
};

// A commit to make on one branch: the files it writes on top of its parent's tree.
struct CommitDraft {
  std::string ref;                   // full name, e.g. "refs/heads/main"
  std::optional<std::string> parent; // the tip we build on; nullopt: a first commit, the ref must not exist yet
  std::vector<FileWrite> files;
  std::string message;
};

// The ref's lock file is held by someone else (another writer right now, or a stale
// lock left by a killed process).
class RefLocked : public util::EnvironmentError {
public:
  using util::EnvironmentError::EnvironmentError;
};

// The lock file git and libgit2 hold while they change `ref` (a full name).
std::filesystem::path ref_lock_path(const Repository& repo, const std::string& ref);

// Waits up to `patience` for `ref` to be unlocked (a writer holds its lock for
// milliseconds), so that a command can refuse a stale lock before it changes anything.
// Throws RefLocked, saying what to do, when the lock is still there.
void wait_until_unlocked(const Repository& repo, const std::string& ref, std::chrono::milliseconds patience);

// Builds the commit with libgit2, has `signer` sign it (detached, armored), stores it
// with the signature in its gpgsig header, and moves the ref from `parent` to it by
// compare-and-swap (the objects durable first, see StagedObjects; the ref fsynced).
// Returns the new commit id, or nullopt
// when the ref no longer pointed at `parent` (someone else wrote first): then the ref
// is untouched and the caller decides whether to rebuild and retry. Throws RefLocked
// when the ref is locked, util::EnvironmentError when anything else fails; nothing is
// published then.
[[nodiscard]] std::optional<std::string> write_signed_commit(Repository& repo, const CommitDraft& draft,
                                               const core::Signer& signer);

// Only the first half of write_signed_commit: builds, signs and stores the commit on
// top of `parent` (nullopt: a first commit) and returns its id, moving no ref.
[[nodiscard]] std::string create_signed_commit(Repository& repo,
                                 const std::optional<std::string>& parent,
                                 const std::vector<FileWrite>& files,
                                 const std::string& message,
                                 const core::Signer& signer);

// Moves `ref` from `expected` (nullopt: the ref must not exist) to `commit` by
// compare-and-swap. Returns false when the ref was elsewhere; throws RefLocked when
// it is locked.
[[nodiscard]] bool move_ref(Repository& repo,
              const std::string& ref,
              const std::string& commit,
              const std::optional<std::string>& expected,
              const std::string& log_message);

} // namespace git
