#include "gpg/check.hpp"

#include "util/error.hpp"

#include <string>

namespace gpg {

void check(gpgme_error_t error, std::string_view context) {
  if (gpgme_err_code(error) == GPG_ERR_NO_ERROR) {
    return;
  }
  std::string message = std::string(context) + ": " + gpgme_strerror(error);
  if (gpgme_err_code(error) == GPG_ERR_INV_ENGINE || gpgme_err_code(error) == GPG_ERR_ENOENT) {
    message += ". Is GnuPG installed? On Debian: apt-get install gnupg";
  }
  throw util::EnvironmentError(message);
}

} // namespace gpg
