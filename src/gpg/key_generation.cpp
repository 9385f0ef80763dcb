#include "gpg/key_generation.hpp"

#include "gpg/check.hpp"
#include "gpg/context.hpp"
#include "util/error.hpp"

namespace gpg {

std::string generate_signing_key(const std::filesystem::path& home, const std::string& user_id) {
  ContextPtr ctx = make_context(home);
  unsigned flags = GPGME_CREATE_SIGN | GPGME_CREATE_NOPASSWD | GPGME_CREATE_NOEXPIRE | GPGME_CREATE_FORCE;
  check(gpgme_op_createkey(ctx.get(), user_id.c_str(), "ed25519", 0, 0, nullptr, flags),
        "making a key for " + user_id);
  gpgme_genkey_result_t result = gpgme_op_genkey_result(ctx.get());
  if (result == nullptr || result->fpr == nullptr) {
    throw util::EnvironmentError("GnuPG made no key for " + user_id);
  }
  return result->fpr;
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
