#include "gpg/bounded_operation.hpp"

#include "util/callback_guard.hpp"
#include "util/error.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <list>
#include <string>

namespace gpg {

namespace {

std::chrono::seconds g_timeout{30};

// One file descriptor GPGME asked us to watch, with the GPGME function to call when it
// is ready. Its address is the tag GPGME hands back to remove it.
struct Watch {
  int fd = -1;
  short events = 0;
  gpgme_io_cb_t handler = nullptr;
  void* handler_data = nullptr;
  bool active = true;
};

// The state of one operation's event loop; GPGME's callbacks below fill it in. What
// they throw (they allocate) is kept in `guard` and rethrown once GPGME has returned.
struct Loop {
  std::list<Watch> watches; // a list: the tags (addresses) stay valid while it grows
  bool done = false;
  gpgme_error_t error = GPG_ERR_NO_ERROR;
  std::vector<KeyPtr> keys;
  util::CallbackGuard guard;
};

gpgme_error_t add_watch(void* data, int fd, int dir, gpgme_io_cb_t handler, void* handler_data, void** tag) {
  Loop& loop = *static_cast<Loop*>(data);
  return loop.guard.run(gpgme_error(GPG_ERR_ENOMEM), [&] {
    Watch& watch = loop.watches.emplace_back();
    watch.fd = fd;
    watch.events = static_cast<short>(dir != 0 ? POLLIN : POLLOUT); // GPGME: 1 reads, 0 writes
    watch.handler = handler;
    watch.handler_data = handler_data;
    *tag = &watch;
    return gpgme_error_t{GPG_ERR_NO_ERROR};
  });
}

void remove_watch(void* tag) noexcept { static_cast<Watch*>(tag)->active = false; }

void on_event(void* data, gpgme_event_io_t type, void* type_data) {
  Loop& loop = *static_cast<Loop*>(data);
  loop.guard.run([&] {
    if (type == GPGME_EVENT_DONE) {
      loop.done = true;
      if (auto* done = static_cast<gpgme_io_event_done_data_t>(type_data); done != nullptr) {
        loop.error = done->err != GPG_ERR_NO_ERROR ? done->err : done->op_err;
      }
    } else if (type == GPGME_EVENT_NEXT_KEY) {
      KeyPtr key(static_cast<gpgme_key_t>(type_data)); // the event hands the key over
      loop.keys.push_back(std::move(key));
    }
  });
}

// Puts the context's own event loop back, whatever happens. An operation that still
// has descriptors open is cancelled first: GPGME would otherwise report their removal
// later, to callbacks that no longer exist.
class LoopInstalled {
public:
  LoopInstalled(gpgme_ctx_t ctx, Loop& loop) : m_ctx(ctx), m_loop(loop) {
    gpgme_io_cbs callbacks{add_watch, &loop, remove_watch, on_event, &loop};
    gpgme_set_io_cbs(m_ctx, &callbacks);
  }
  ~LoopInstalled() {
    if (std::any_of(m_loop.watches.begin(), m_loop.watches.end(), [](const Watch& watch) { return watch.active; })) {
      gpgme_cancel(m_ctx);
    }
    gpgme_io_cbs none{};
    gpgme_set_io_cbs(m_ctx, &none);
  }
  LoopInstalled(const LoopInstalled&) = delete;
  LoopInstalled& operator=(const LoopInstalled&) = delete;

private:
  gpgme_ctx_t m_ctx;
  Loop& m_loop;
};

} // namespace

void set_operation_timeout(std::chrono::seconds timeout) { g_timeout = timeout; }

std::chrono::seconds operation_timeout() { return g_timeout; }

std::string agent_timeout_message(std::string_view what) {
  return "GnuPG's agent (gpg-agent) did not answer within " + std::to_string(g_timeout.count()) +
         " seconds while " + std::string(what) +
         ". It may be stuck, or waiting for a passphrase nobody typed. Stop it with `gpgconf --kill "
         "gpg-agent` (it starts again by itself) and try again; `git config --global runbook.gpgTimeout "
         "SECONDS` sets how long to wait. Nothing was written.";
}

BoundedResult run_bounded(gpgme_ctx_t ctx, std::string_view what, const std::function<gpgme_error_t()>& start) {
  Loop loop;
  LoopInstalled installed(ctx, loop);
  gpgme_error_t started = start();
  loop.guard.rethrow();
  if (gpgme_err_code(started) != GPG_ERR_NO_ERROR) {
    return {started, {}};
  }
  auto deadline = std::chrono::steady_clock::now() + g_timeout;
  std::vector<pollfd> fds;
  std::vector<Watch*> watched;
  while (!loop.done) {
    loop.watches.remove_if([](const Watch& watch) { return !watch.active; });
    fds.clear();
    watched.clear();
    for (Watch& watch : loop.watches) {
      fds.push_back(pollfd{watch.fd, watch.events, 0});
      watched.push_back(&watch);
    }
    if (fds.empty()) {
      break; // every descriptor closed without a DONE event: nothing is left to wait for
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      gpgme_cancel(ctx);
      throw util::EnvironmentError(agent_timeout_message(what));
    }
    int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left.count(), INT_MAX)));
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      std::string reason = std::strerror(errno);
      gpgme_cancel(ctx);
      throw util::EnvironmentError("waiting for GnuPG while " + std::string(what) + " failed: " + reason + ".");
    }
    for (std::size_t i = 0; i < fds.size() && !loop.done; ++i) {
      // A handler may close other descriptors (they turn inactive) or add new ones.
      if (fds[i].revents != 0 && watched[i]->active) {
        watched[i]->handler(watched[i]->handler_data, watched[i]->fd);
        loop.guard.rethrow();
      }
    }
  }
  return {loop.error, std::move(loop.keys)};
}

} // namespace gpg
