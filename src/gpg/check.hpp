#pragma once

#include <gpgme.h>

#include <string_view>

namespace gpg {

// The one check every GPGME call goes through: on an error it throws
// util::EnvironmentError with `context` and GPGME's own message.
void check(gpgme_error_t error, std::string_view context);

} // namespace gpg
