#include "gpg/context.hpp"

#include "gpg/agent_socket.hpp"
#include "gpg/agent_connection.hpp"
#include "gpg/check.hpp"
#include "util/error.hpp"

#include <chrono>
#include <clocale>
#include <filesystem>
#include <mutex>

namespace gpg {

namespace {

// GPGME's own start, once per process: no gpg process yet.
void start_gpgme() {
  static std::once_flag once;
  std::call_once(once, [] {
    // GPGME would otherwise ask `gpgconf` where everything is and the version of every
    // engine, gpgsm's too: five processes for each command, more than a signature
    // costs. gpg is then found on PATH, and the agent's socket by GnuPG's own rule
    // (agent_socket.hpp).
    gpgme_set_global_flag("disable-gpgconf", "1");
    gpgme_check_version(nullptr);
    gpgme_set_locale(nullptr, LC_CTYPE, std::setlocale(LC_CTYPE, nullptr));
  });
}

void initialise_gpgme() {
  start_gpgme();
  if (gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP) != 0) {
    throw util::EnvironmentError(
        "GnuPG (gpg) was not found or is too old. Install it (on Debian: apt-get install gnupg) "
        "and try again.");
  }
}

} // namespace

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

std::string gpgme_version() {
  start_gpgme();
  const char* version = gpgme_check_version(nullptr);
  return version != nullptr ? version : "unknown";
}

void stop_agent(const std::filesystem::path& home) {
  // The socket of this home's own agent, never the user's (agent_socket_of). GPGME's
  // Assuan engine would need gpgconf to start (initialise_gpgme), so this speaks to it
  // through libassuan.
  try {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    if (std::optional<AgentConnection> agent =
            AgentConnection::connect(agent_socket_of(home), deadline, "stopping a gpg-agent")) {
      (void)agent->transact("KILLAGENT");
    }
  } catch (const std::exception&) {
    // called from destructors: an agent that does not answer is left to notice that
    // its folder is gone
  }
}

} // namespace gpg
