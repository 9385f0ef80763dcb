#include "gpg/context.hpp"

#include "gpg/agent_connection.hpp"
#include "gpg/check.hpp"
#include "util/error.hpp"

#include <chrono>
#include <clocale>
#include <filesystem>
#include <atomic>
#include <mutex>

namespace gpg {

namespace {

// Whether this process signs (prepare_for_signing), read once when GPGME starts.
std::atomic<bool> g_signing{false};
bool g_knows_folders = false; // written once, in start_gpgme's call_once

// GPGME's own start, once per process: no gpg process yet.
void start_gpgme() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_knows_folders = g_signing.load();
    if (!g_knows_folders) {
      // GPGME would otherwise ask `gpgconf` where everything is and the version of
      // every engine, gpgsm's too: four more processes for each command that checks
      // signatures, more than a check costs. gpg is then found on PATH.
      gpgme_set_global_flag("disable-gpgconf", "1");
    }
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

void prepare_for_signing() { g_signing = true; }

std::optional<std::filesystem::path> agent_socket_of(const std::optional<std::filesystem::path>& home) {
  start_gpgme();
  if (!g_knows_folders) {
    return std::nullopt; // GPGME started without gpgconf: it cannot ask
  }
  gpgme_ctx_t raw = nullptr;
  if (gpgme_new(&raw) != 0) {
    return std::nullopt;
  }
  ContextPtr ctx(raw);
  if (gpgme_set_protocol(ctx.get(), GPGME_PROTOCOL_GPGCONF) != 0 ||
      (home && gpgme_ctx_set_engine_info(ctx.get(), GPGME_PROTOCOL_GPGCONF, nullptr,
                                         home->c_str()) != 0)) {
    return std::nullopt;
  }
  char* answer = nullptr;
  if (gpgme_op_conf_dir(ctx.get(), "agent-socket", &answer) != 0 || answer == nullptr) {
    return std::nullopt;
  }
  std::filesystem::path socket(answer);
  gpgme_free(answer);
  return socket;
}

void stop_agent(const std::filesystem::path& home) {
  // This home's own agent, never the user's: its socket as GnuPG says (agent_socket_of),
  // then the agent's own command, through libassuan.
  try {
    std::optional<std::filesystem::path> socket = agent_socket_of(home);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    if (std::optional<AgentConnection> agent =
            socket ? AgentConnection::connect(*socket, deadline, "stopping a gpg-agent") : std::nullopt) {
      (void)agent->transact("KILLAGENT");
    }
  } catch (const std::exception&) {
    // called from destructors: an agent that does not answer stops when its folder goes
  }
}

} // namespace gpg
