// Why this is as durable as libgit2's own fsync of every object file and folder, for
// about one flush of the disk's cache where that costs one per file (Git's
// core.fsyncMethod=batch), without flushing any other program's files:
//
// - While objects are staged, libgit2 writes them to memory (staging_backends), and
//   nothing is on disk. A process that dies then leaves nothing behind.
// - publish() writes each object that the database does not have yet into its
//   objects/xx/ folder under a temporary name (tmp_obj_runbook_*, which git fsck
//   ignores and git prune removes once old). Each file but the last is written out
//   to the disk and waited for (sync_file_range on Linux, which reports a failed
//   write but does not flush the disk's own cache); the last one is fsynced, and that
//   full flush, issued after the others were written out, makes them all durable with
//   it, as Git's batch mode relies on. Where there is no sync_file_range, every file
//   is fsynced. Only after that does each file get its final name, by a rename that
//   never replaces a file already there. So a file at its final name always holds its
//   whole content, even after a power cut: an object that is already there may be
//   reused by a later write (libgit2 and git skip writing an object that exists),
//   which is why unflushed files never get a final name.
// - The final names are given in dependency order (dependency_order): blobs, then
//   trees, each after the trees it holds, then the commit (DESIGN §4). A process killed
//   between two renames never leaves an object at its final name that names one
//   without, reachable or not (git fsck looks only at what a ref reaches; the rule
//   holds for every object). The order is sorted in memory and costs no flush.
// - Then each objects/xx/ folder that got a name is fsynced, and objects/ itself (one
//   of those folders may be new, made here or by another writer that has not flushed
//   it yet), so that the renames are durable before publish()
//   returns; the caller moves the ref only after that, and libgit2 fsyncs the ref
//   update and the reflog itself (GIT_OPT_ENABLE_FSYNC_GITDIR stays on for refs). A
//   power cut before that may keep some renames and lose others, not necessarily in
//   order: an unreachable object may then name a lost one, but what a ref reaches is
//   whole, as no ref names the new objects yet.
//
// Measured on one ext4 disk (issue 16), the flushes of one record took a median of
// 26 ms this way, 56 ms with a full fsync of every file, and 19 ms with syncfs(),
// which this replaced: syncfs() flushes every program's pending writes on the file
// system too (with a large copy running beside it, a record would wait for all of it) and
// exists only on Linux.
//
// Each new object costs a file created and renamed, where libgit2's own staging in a
// folder of its own cost eight operations (folders made and removed, links, unlinks).
#include "git/staged_objects.hpp"

#include "git/check.hpp"
#include "git/dependency_order.hpp"
#include "git/staging_backends.hpp"
#include "util/error.hpp"

#include <git2/sys/repository.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace git {

namespace {

constexpr int k_memory_priority = 1000; // above the read-through backend (1)
constexpr mode_t k_object_mode = 0444;  // as git and libgit2 leave object files

[[noreturn]] void write_failed(const std::string& what, int error) {
  std::string message = "writing the new objects to disk (" + what + "): " + std::strerror(error);
  if (error == ENOSPC || error == EDQUOT) {
    message += ". The disk is full: free some space and try again";
  }
  throw util::EnvironmentError(message + ". No branch was moved, so nothing was changed.");
}

// How a new object file reaches the disk (see the top of this file).
enum class Flush {
  write_out, // written to the disk, maybe only to its cache: a later full flush covers it
  full,      // on stable storage, and so is everything written out before
};

int flush_file(int fd, Flush flush) {
#ifdef SYNC_FILE_RANGE_WRITE
  if (flush == Flush::write_out) {
    // As Git's core.fsyncMethod=batch: the file's pages written and waited for, without
    // the flush of the disk's cache (and journal commit) that fsync costs.
    if (::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                                        SYNC_FILE_RANGE_WAIT_AFTER) == 0) {
      return 0;
    }
    if (errno != ENOSYS && errno != EINVAL) {
      return -1;
    }
  }
#else
  static_cast<void>(flush); // no write-out-only request here: every file is flushed
#endif
  return ::fsync(fd);
}

// Makes a folder's entries (names given, removed, renamed) durable.
void flush_folder(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    int error = errno;
    if (fd >= 0) {
      ::close(fd);
    }
    write_failed(folder.string(), error);
  }
  ::close(fd);
}

// A loose object's bytes: zlib-deflated "<type> <size>\0<content>", fed to zlib in
// pieces it can count (its sizes are 32-bit).
std::string loose_bytes(git_object_t type, const std::string& content) {
  std::string header = std::string(git_object_type2string(type)) + " " + std::to_string(content.size());
  header.push_back('\0');
  z_stream zs{};
  if (deflateInit(&zs, Z_BEST_SPEED) != Z_OK) {
    throw util::EnvironmentError("compressing a new object failed. Nothing was changed.");
  }
  constexpr std::size_t k_piece = std::size_t{1} << 30;
  std::string out;
  char buffer[1 << 16];
  auto run = [&](std::string_view input, int flush) {
    do {
      std::string_view piece = input.substr(0, k_piece);
      input.remove_prefix(piece.size());
      int mode = input.empty() ? flush : Z_NO_FLUSH;
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
      zs.avail_in = static_cast<uInt>(piece.size());
      int rc = Z_OK;
      do {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        rc = deflate(&zs, mode);
        if (rc == Z_STREAM_ERROR) {
          deflateEnd(&zs);
          throw util::EnvironmentError("compressing a new object failed. Nothing was changed.");
        }
        out.append(buffer, sizeof buffer - zs.avail_out);
      } while (zs.avail_out == 0 || (mode == Z_FINISH && rc != Z_STREAM_END));
    } while (!input.empty());
  };
  run(header, Z_NO_FLUSH);
  run(content, Z_FINISH);
  deflateEnd(&zs);
  return out;
}

// Writes `bytes` to a new temporary file in `folder` and flushes it as `flush` says;
// returns its path.
std::filesystem::path write_temporary(const std::filesystem::path& folder, const std::string& bytes,
                                      Flush flush) {
  std::string pattern = (folder / "tmp_obj_runbook_XXXXXX").string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    write_failed(folder.string(), errno);
  }
  std::string_view rest = bytes;
  while (!rest.empty()) {
    ssize_t written = ::write(fd, rest.data(), rest.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      int error = written < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(pattern.c_str());
      write_failed(pattern, error);
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::fchmod(fd, k_object_mode) != 0 || flush_file(fd, flush) != 0 || ::close(fd) != 0) {
    int error = errno;
    ::unlink(pattern.c_str());
    write_failed(pattern, error);
  }
  return pattern;
}

// Gives a flushed temporary file its final name, unless an object is there already
// (written by git or another command meanwhile: the same content), in which case the
// temporary file goes.
void give_final_name(const std::filesystem::path& temporary, const std::filesystem::path& final_name) {
  if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, final_name.c_str(), RENAME_NOREPLACE) == 0) {
    return;
  }
  int error = errno;
  if (error == EINVAL || error == ENOSYS) { // a file system without RENAME_NOREPLACE
    if (::link(temporary.c_str(), final_name.c_str()) == 0 || errno == EEXIST) {
      ::unlink(temporary.c_str());
      return;
    }
    error = errno;
  }
  if (error == EEXIST) {
    ::unlink(temporary.c_str());
    return;
  }
  write_failed(final_name.string(), error);
}

} // namespace

StagedObjects::StagedObjects(Repository& repo) : m_repo(repo) {
  m_objects = std::filesystem::path(git_repository_commondir(repo.get())) / "objects";
  check(git_repository_odb(out(m_original), repo.get()), "opening the object database");
  OdbPtr staged_odb;
  check(git_odb_new(out(staged_odb)), "opening the object database");
  OdbBackendPtr memory = memory_backend(m_staged);
  check(git_odb_add_backend(staged_odb.get(), memory.get(), k_memory_priority), "opening the object database");
  static_cast<void>(memory.release()); // the database owns it now
  OdbPtr source; // a reference of the read-through backend's own
  check(git_repository_odb(out(source), repo.get()), "opening the object database");
  OdbBackendPtr existing = read_through_backend(std::move(source));
  check(git_odb_add_backend(staged_odb.get(), existing.get(), 1), "opening the object database");
  static_cast<void>(existing.release());
  check(git_repository_set_odb(repo.get(), staged_odb.get()), "opening the object database");
}

void StagedObjects::publish() {
  rethrow_write_failure(); // nothing is published after a write into memory failed
  struct Pending {
    const MemoryObjects::value_type* object;
    std::filesystem::path folder;
    std::filesystem::path final_name;
  };
  std::vector<Pending> pending;
  for (const auto* staged : dependency_order(m_repo.get(), m_staged->objects)) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &staged->first);
    std::filesystem::path folder = m_objects / std::string(hex, 2);
    std::filesystem::path final_name = folder / (hex + 2);
    if (::access(final_name.c_str(), F_OK) != 0) { // one there stays as it is (git does the same)
      pending.push_back(Pending{staged, std::move(folder), std::move(final_name)});
    }
  }
  if (pending.empty()) {
    return;
  }
  std::set<std::filesystem::path> folders; // those the new names are given in
  std::vector<std::filesystem::path> temporaries; // in the order of `pending`
  try {
    for (const Pending& each : pending) {
      if (::mkdir(each.folder.c_str(), 0777) != 0 && errno != EEXIST) {
        write_failed(each.folder.string(), errno);
      }
      folders.insert(each.folder);
      // The last file's full flush takes the others, written out before, with it.
      Flush flush = &each == &pending.back() ? Flush::full : Flush::write_out;
      const auto& [type, content] = each.object->second;
      temporaries.push_back(write_temporary(each.folder, loose_bytes(type, content), flush));
    }
    for (std::size_t i = 0; i < pending.size(); ++i) {
      give_final_name(temporaries[i], pending[i].final_name);
      temporaries[i].clear();
    }
  } catch (...) {
    for (const auto& temporary : temporaries) {
      if (!temporary.empty()) {
        ::unlink(temporary.c_str());
      }
    }
    throw;
  }
  for (const auto& folder : folders) {
    flush_folder(folder);
  }
  flush_folder(m_objects); // a folder found there may be new too, made by another writer

}

void StagedObjects::rethrow_write_failure() { m_staged->failed_writes.rethrow(); }

// git_repository_set_odb fails only when given no database; m_original is one.
StagedObjects::~StagedObjects() { git_repository_set_odb(m_repo.get(), m_original.get()); }

} // namespace git
