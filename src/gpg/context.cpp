#include "gpg/context.hpp"

#include "gpg/check.hpp"
#include "util/error.hpp"

#include <clocale>
#include <filesystem>
#include <mutex>

namespace gpg {

namespace {

bool g_quick_start = false;

void initialise_gpgme() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (g_quick_start) {
      gpgme_set_global_flag("disable-gpgconf", "1");
    }
    gpgme_check_version(nullptr);
    gpgme_set_locale(nullptr, LC_CTYPE, std::setlocale(LC_CTYPE, nullptr));
  });
  if (gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP) != 0) {
    throw util::EnvironmentError(
        "GnuPG (gpg) was not found or is too old. Install it (on Debian: apt-get install gnupg) "
        "and try again.");
  }
}

} // namespace

void quick_start() { g_quick_start = true; }

ContextPtr make_context(const std::optional<std::filesystem::path>& home) {
  initialise_gpgme();
  gpgme_ctx_t raw = nullptr;
  check(gpgme_new(&raw), "starting GnuPG");
  ContextPtr ctx(raw);
  check(gpgme_set_protocol(ctx.get(), GPGME_PROTOCOL_OpenPGP), "choosing OpenPGP");
  if (home) {
    check(gpgme_ctx_set_engine_info(ctx.get(), GPGME_PROTOCOL_OpenPGP, nullptr, home->c_str()),
          "pointing GnuPG at " + home->string());
  }
  gpgme_set_armor(ctx.get(), 1);
  gpgme_set_offline(ctx.get(), 1);
  return ctx;
}

gpgme_ctx_t user_context() {
  static ContextPtr context = make_context();
  gpgme_set_armor(context.get(), 1);
  gpgme_signers_clear(context.get());
  return context.get();
}

void stop_agent(const std::filesystem::path& home) {
  gpgme_ctx_t raw = nullptr;
  if (gpgme_new(&raw) != GPG_ERR_NO_ERROR) {
    return;
  }
  ContextPtr ctx(raw);
  if (gpgme_set_protocol(ctx.get(), GPGME_PROTOCOL_ASSUAN) != GPG_ERR_NO_ERROR) {
    return;
  }
  // The agent's socket lives in the home folder unless the system keeps sockets in
  // /run/user; GPGME tells where.
  const char* socket = gpgme_get_dirinfo("agent-socket");
  std::filesystem::path path = socket != nullptr ? socket : (home / "S.gpg-agent").c_str();
  if (!std::filesystem::exists(home / "S.gpg-agent") && socket == nullptr) {
    return;
  }
  if (std::filesystem::exists(home / "S.gpg-agent")) {
    path = home / "S.gpg-agent";
  }
  if (gpgme_ctx_set_engine_info(ctx.get(), GPGME_PROTOCOL_ASSUAN, path.c_str(), nullptr) != GPG_ERR_NO_ERROR) {
    return;
  }
  gpgme_error_t op_error = GPG_ERR_NO_ERROR;
  gpgme_op_assuan_transact_ext(ctx.get(), "KILLAGENT", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                               &op_error);
}

} // namespace gpg
