#include "gpg/handles.hpp"

#include "gpg/check.hpp"
#include "util/error.hpp"

#include <cerrno>
#include <cstring>

namespace gpg {

DataPtr data_from(const std::string& bytes) {
  gpgme_data_t raw = nullptr;
  check(gpgme_data_new_from_mem(&raw, bytes.data(), bytes.size(), 1), "preparing data for GnuPG");
  return DataPtr(raw);
}

DataPtr empty_data() {
  gpgme_data_t raw = nullptr;
  check(gpgme_data_new(&raw), "preparing data for GnuPG");
  return DataPtr(raw);
}

std::string data_to_string(gpgme_data_t data) {
  std::string result;
  if (gpgme_data_seek(data, 0, SEEK_SET) < 0) {
    throw util::EnvironmentError("reading what GnuPG gave back failed (" + std::string(std::strerror(errno)) +
                                 "). Nothing was changed; try again.");
  }
  char buffer[4096];
  ssize_t n = 0;
  while ((n = gpgme_data_read(data, buffer, sizeof buffer)) > 0) {
    result.append(buffer, static_cast<std::size_t>(n));
  }
  if (n < 0) { // an error, not the end: a part of the answer would be missing
    throw util::EnvironmentError("reading what GnuPG gave back failed (" + std::string(std::strerror(errno)) +
                                 "). Nothing was changed; try again.");
  }
  return result;
}

} // namespace gpg
