#pragma once

#include <gpgme.h>

#include <memory>
#include <string>

namespace gpg {

// Every GPGME handle is owned by one of these; no release call happens elsewhere.
struct ContextDeleter {
  void operator()(gpgme_ctx_t ctx) const { gpgme_release(ctx); }
};
struct DataDeleter {
  void operator()(gpgme_data_t data) const { gpgme_data_release(data); }
};
struct KeyDeleter {
  void operator()(gpgme_key_t key) const { gpgme_key_unref(key); }
};

using ContextPtr = std::unique_ptr<std::remove_pointer_t<gpgme_ctx_t>, ContextDeleter>;
using DataPtr = std::unique_ptr<std::remove_pointer_t<gpgme_data_t>, DataDeleter>;
using KeyPtr = std::unique_ptr<std::remove_pointer_t<gpgme_key_t>, KeyDeleter>;

// A GPGME data object over a copy of `bytes` (it owns the copy).
DataPtr data_from(const std::string& bytes);
// An empty GPGME data object that collects output in memory.
DataPtr empty_data();
// Everything written into a memory data object.
std::string data_to_string(gpgme_data_t data);

} // namespace gpg
