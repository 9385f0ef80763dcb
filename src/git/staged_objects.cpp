// Why this is as durable as libgit2's own fsync of every object file and folder:
//
// - Staged objects are written without a flush, into a folder of their own. Until it
//   is flushed, a crash can leave a staged file empty or cut short; nothing reads the
//   staging folder but this process, and a killed or crashed writer's folder is
//   garbage that no ref reaches.
// - syncfs() then writes every dirty page and all metadata of the file system holding
//   the objects to stable storage, and reports a failed write (Linux 5.8 and later).
//   Only after it succeeded are the objects linked into objects/xx/. So a file at its
//   final name always holds its whole content, even after a power cut: an object that
//   is already there may be reused by a later write (libgit2 and git skip writing an
//   object that exists), which is why unflushed files never get a final name.
// - A second syncfs() makes the links and new objects/xx/ folders durable before
//   publish() returns; the caller moves the ref only after that, and libgit2 fsyncs the
//   ref update and the reflog itself (GIT_OPT_ENABLE_FSYNC_GITDIR stays on for refs).
//
// The per-object flush is switched off with libgit2's global option while objects are
// staged: the loose-object writer reads it at every write; the ref database read it
// when it was created, which the constructor makes sure happened before.
#include "git/staged_objects.hpp"

#include "git/check.hpp"
#include "util/error.hpp"

#include <git2/sys/repository.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace git {

namespace {

constexpr int k_staging_priority = 1000; // above the loose and pack backends (1, 2)

void flush_file_system(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::syncfs(fd) != 0) {
    int error = errno;
    if (fd >= 0) {
      ::close(fd);
    }
    std::string message = "writing the new objects to disk in " + folder.string() + ": " + std::strerror(error);
    if (error == ENOSPC || error == EDQUOT) {
      message += ". The disk is full: free some space and try again";
    }
    throw util::EnvironmentError(message + ". No branch was moved, so nothing was changed.");
  }
  ::close(fd);
}

void per_object_flush(bool on) { git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on ? 1 : 0); }

} // namespace

StagedObjects::StagedObjects(Repository& repo) : m_repo(repo) {
  m_objects = std::filesystem::path(git_repository_commondir(repo.get())) / "objects";
  std::string pattern = (m_objects / "tmp_objdir-runbook-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw util::EnvironmentError("making a folder for new objects in " + m_objects.string() + ": " +
                                 std::strerror(errno) + ". Nothing was changed.");
  }
  m_staging = pattern;
  try {
    RefdbPtr refdb; // created now, with the ref flush on (see the top)
    check(git_repository_refdb(out(refdb), repo.get()), "opening the repository's refs");
    check(git_repository_odb(out(m_original), repo.get()), "opening the object database");
    OdbPtr staged_odb;
    check(git_odb_open(out(staged_odb), m_objects.c_str()), "opening the object database");
    OdbBackendPtr staging;
    check(git_odb_backend_loose(out(staging), m_staging.c_str(), -1, 0, 0, 0), "opening the folder for new objects");
    check(git_odb_add_backend(staged_odb.get(), staging.get(), k_staging_priority), "opening the folder for new objects");
    static_cast<void>(staging.release()); // the database owns it now
    check(git_repository_set_odb(repo.get(), staged_odb.get()), "opening the folder for new objects");
    per_object_flush(false);
    m_writes_unflushed = true;
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(m_staging, ignored);
    throw;
  }
}

void StagedObjects::publish() {
  flush_file_system(m_staging);
  auto fail = [](const std::string& what, const std::string& why) {
    throw util::EnvironmentError(what + ": " + why + ". No branch was moved, so nothing was changed.");
  };
  std::error_code ec;
  for (auto fan_out = std::filesystem::directory_iterator(m_staging, ec); !ec && fan_out != std::filesystem::directory_iterator();
       fan_out.increment(ec)) {
    std::filesystem::path target_folder = m_objects / fan_out->path().filename();
    std::error_code exists;
    std::filesystem::create_directory(target_folder, exists); // a failure shows at the link below
    for (auto object = std::filesystem::directory_iterator(fan_out->path(), ec);
         !ec && object != std::filesystem::directory_iterator(); object.increment(ec)) {
      std::filesystem::path target = target_folder / object->path().filename();
      // link, not rename: an object that is already there stays as it is (git does the same)
      if (::link(object->path().c_str(), target.c_str()) != 0 && errno != EEXIST) {
        int error = errno;
        fail("storing object " + target.string(), std::strerror(error));
      }
    }
  }
  if (ec) {
    fail("reading the folder of new objects " + m_staging.string(), ec.message());
  }
  flush_file_system(m_objects);
  per_object_flush(true);
  m_writes_unflushed = false;
}

StagedObjects::~StagedObjects() {
  if (m_writes_unflushed) {
    per_object_flush(true);
  }
  git_repository_set_odb(m_repo.get(), m_original.get());
  std::error_code ignored;
  std::filesystem::remove_all(m_staging, ignored);
}

} // namespace git
