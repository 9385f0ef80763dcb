#include "git/staging_backends.hpp"

#include "git/check.hpp"

#include <git2/sys/odb_backend.h>

#include <cstring>
#include <map>
#include <memory>
#include <utility>

namespace git {

namespace {

// No exception may leave a function libgit2 calls. The one callback that can throw
// (memory_write: it allocates) runs inside the store's guard; the others call only C
// functions and look up in a map, and are noexcept, so that a throw there would stop
// the program rather than unwind through libgit2.

// The object's data in a buffer libgit2 may free, with a terminating NUL as libgit2's
// own backends give it.
int copy_to_libgit2(void** data, std::size_t* size, git_odb_backend* backend, const char* bytes,
                    std::size_t length) noexcept {
  auto* buffer = static_cast<char*>(git_odb_backend_data_alloc(backend, length + 1));
  if (buffer == nullptr) {
    return -1;
  }
  std::memcpy(buffer, bytes, length);
  buffer[length] = '\0';
  *data = buffer;
  *size = length;
  return 0;
}

// ---------------------------------------------------------------- memory

struct Memory {
  git_odb_backend parent; // first: libgit2 hands the callbacks a pointer to it
  MemoryStore* store;
};

MemoryStore& store_of(git_odb_backend* backend) noexcept { return *reinterpret_cast<Memory*>(backend)->store; }

MemoryObjects& memory_of(git_odb_backend* backend) noexcept { return store_of(backend).objects; }

int memory_write(git_odb_backend* backend, const git_oid* id, const void* data, std::size_t size, git_object_t type) {
  MemoryStore& store = store_of(backend);
  return store.failed_writes.run(GIT_EUSER, [&] {
    store.objects.try_emplace(*id, type, std::string(static_cast<const char*>(data), size));
    return 0;
  });
}

int memory_read(void** data, std::size_t* size, git_object_t* type, git_odb_backend* backend,
                const git_oid* id) noexcept {
  const MemoryObjects& objects = memory_of(backend);
  auto found = objects.find(*id);
  if (found == objects.end()) {
    return GIT_ENOTFOUND;
  }
  *type = found->second.first;
  return copy_to_libgit2(data, size, backend, found->second.second.data(), found->second.second.size());
}

// The one object whose id starts with the first `length` hex digits of `prefix`.
int memory_find_prefix(const MemoryObjects& objects, const git_oid* prefix, std::size_t length,
                       const git_oid** found) noexcept {
  *found = nullptr;
  for (const auto& [id, object] : objects) {
    if (git_oid_ncmp(&id, prefix, length) == 0) {
      if (*found != nullptr) {
        return GIT_EAMBIGUOUS;
      }
      *found = &id;
    }
  }
  return *found != nullptr ? 0 : GIT_ENOTFOUND;
}

int memory_read_prefix(git_oid* out_id, void** data, std::size_t* size, git_object_t* type, git_odb_backend* backend,
                       const git_oid* prefix, std::size_t length) noexcept {
  const git_oid* id = nullptr;
  if (int rc = memory_find_prefix(memory_of(backend), prefix, length, &id); rc != 0) {
    return rc;
  }
  git_oid_cpy(out_id, id);
  return memory_read(data, size, type, backend, id);
}

int memory_read_header(std::size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) noexcept {
  const MemoryObjects& objects = memory_of(backend);
  auto found = objects.find(*id);
  if (found == objects.end()) {
    return GIT_ENOTFOUND;
  }
  *size = found->second.second.size();
  *type = found->second.first;
  return 0;
}

int memory_exists(git_odb_backend* backend, const git_oid* id) noexcept {
  return memory_of(backend).count(*id) > 0 ? 1 : 0;
}

int memory_exists_prefix(git_oid* out_id, git_odb_backend* backend, const git_oid* prefix,
                         std::size_t length) noexcept {
  const git_oid* id = nullptr;
  if (int rc = memory_find_prefix(memory_of(backend), prefix, length, &id); rc != 0) {
    return rc;
  }
  git_oid_cpy(out_id, id);
  return 0;
}

int memory_freshen(git_odb_backend* backend, const git_oid* id) noexcept { return memory_exists(backend, id) != 0 ? 0 : 1; }

void memory_free(git_odb_backend* backend) noexcept {
  auto* self = reinterpret_cast<Memory*>(backend);
  std::unique_ptr<MemoryStore>{self->store}.reset();
  std::unique_ptr<Memory>{self}.reset(); // libgit2 hands ownership back here
}

// ---------------------------------------------------------------- read-through

struct ReadThrough {
  git_odb_backend parent; // first: libgit2 hands the callbacks a pointer to it
  git_odb* source;
};

git_odb* source_of(git_odb_backend* backend) noexcept { return reinterpret_cast<ReadThrough*>(backend)->source; }

int through_copy(void** data, std::size_t* size, git_object_t* type, git_odb_backend* backend,
                 git_odb_object* object) noexcept {
  *type = git_odb_object_type(object);
  int rc = copy_to_libgit2(data, size, backend, static_cast<const char*>(git_odb_object_data(object)),
                           git_odb_object_size(object));
  git_odb_object_free(object);
  return rc;
}

int through_read(void** data, std::size_t* size, git_object_t* type, git_odb_backend* backend,
                 const git_oid* id) noexcept {
  git_odb_object* object = nullptr;
  int rc = git_odb_read(&object, source_of(backend), id);
  return rc < 0 ? rc : through_copy(data, size, type, backend, object);
}

int through_read_prefix(git_oid* out_id, void** data, std::size_t* size, git_object_t* type, git_odb_backend* backend,
                        const git_oid* prefix, std::size_t length) noexcept {
  git_odb_object* object = nullptr;
  int rc = git_odb_read_prefix(&object, source_of(backend), prefix, length);
  if (rc < 0) {
    return rc;
  }
  git_oid_cpy(out_id, git_odb_object_id(object));
  return through_copy(data, size, type, backend, object);
}

int through_read_header(std::size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) noexcept {
  return git_odb_read_header(size, type, source_of(backend), id);
}

int through_exists(git_odb_backend* backend, const git_oid* id) noexcept { return git_odb_exists(source_of(backend), id); }

int through_exists_prefix(git_oid* out_id, git_odb_backend* backend, const git_oid* prefix,
                          std::size_t length) noexcept {
  return git_odb_exists_prefix(out_id, source_of(backend), prefix, length);
}

int through_freshen(git_odb_backend* /*backend*/, const git_oid* /*id*/) noexcept { return GIT_ENOTFOUND; }

void through_free(git_odb_backend* backend) noexcept {
  auto* self = reinterpret_cast<ReadThrough*>(backend);
  git_odb_free(self->source);
  std::unique_ptr<ReadThrough>{self}.reset(); // libgit2 hands ownership back here
}

} // namespace

OdbBackendPtr memory_backend(MemoryStore*& store) {
  auto self = std::make_unique<Memory>();
  check(git_odb_init_backend(&self->parent, GIT_ODB_BACKEND_VERSION), "preparing the object database");
  self->parent.read = memory_read;
  self->parent.read_prefix = memory_read_prefix;
  self->parent.read_header = memory_read_header;
  self->parent.write = memory_write;
  self->parent.exists = memory_exists;
  self->parent.exists_prefix = memory_exists_prefix;
  self->parent.freshen = memory_freshen;
  self->parent.free = memory_free;
  self->store = std::make_unique<MemoryStore>().release();
  store = self->store;
  return OdbBackendPtr(&self.release()->parent);
}

OdbBackendPtr read_through_backend(OdbPtr source) {
  auto self = std::make_unique<ReadThrough>();
  check(git_odb_init_backend(&self->parent, GIT_ODB_BACKEND_VERSION), "preparing the object database");
  self->parent.read = through_read;
  self->parent.read_prefix = through_read_prefix;
  self->parent.read_header = through_read_header;
  self->parent.exists = through_exists;
  self->parent.exists_prefix = through_exists_prefix;
  self->parent.freshen = through_freshen;
  self->parent.free = through_free;
  self->source = source.release();
  return OdbBackendPtr(&self.release()->parent);
}

} // namespace git
