#pragma once

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "util/deleter.hpp"

#include <memory>

namespace git {

// Every libgit2 handle is owned by one of these; no *_free call happens elsewhere.
using util::Deleter;

using RepositoryPtr = std::unique_ptr<git_repository, Deleter<git_repository_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree_free>>;
using TreeEntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<git_reference_free>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb_free>>;
using OdbObjectPtr = std::unique_ptr<git_odb_object, Deleter<git_odb_object_free>>;
using ConfigPtr = std::unique_ptr<git_config, Deleter<git_config_free>>;
using SignaturePtr = std::unique_ptr<git_signature, Deleter<git_signature_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<git_diff_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object_free>>;
using RefdbPtr = std::unique_ptr<git_refdb, Deleter<git_refdb_free>>;
// issue 18: evidence package (Git bundles)
using PackbuilderPtr = std::unique_ptr<git_packbuilder, Deleter<git_packbuilder_free>>;
struct WritepackFree {
  void operator()(git_odb_writepack* pack) const { pack->free(pack); }
};
using WritepackPtr = std::unique_ptr<git_odb_writepack, WritepackFree>;

// An object database backend until it is handed to a database, which then owns it.
struct OdbBackendFree {
  void operator()(git_odb_backend* backend) const { backend->free(backend); }
};
using OdbBackendPtr = std::unique_ptr<git_odb_backend, OdbBackendFree>;

// A git_buf that frees itself.
class Buffer {
public:
  Buffer() = default;
  ~Buffer() { git_buf_dispose(&m_buf); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  git_buf* get() { return &m_buf; }
  std::string str() const { return m_buf.ptr == nullptr ? std::string() : std::string(m_buf.ptr, m_buf.size); }

private:
  git_buf m_buf = GIT_BUF_INIT;
};

// Lets a unique_ptr receive a handle from a C out-parameter:
//   check(git_commit_lookup(out(commit), repo, &id), "...");
// The handle arrives when the full expression ends: do not use `commit` in the same
// expression (for example after `||`).
template <typename Ptr>
class OutParam {
public:
  explicit OutParam(Ptr& target) : m_target(target) {}
  ~OutParam() { m_target.reset(m_raw); }
  OutParam(const OutParam&) = delete;
  OutParam& operator=(const OutParam&) = delete;
  operator typename Ptr::pointer*() { return &m_raw; } // NOLINT: implicit by design

private:
  Ptr& m_target;
  typename Ptr::pointer m_raw = nullptr;
};

template <typename Ptr>
OutParam<Ptr> out(Ptr& target) {
  return OutParam<Ptr>(target);
}

} // namespace git
