#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gpg/handles.hpp"

namespace gpg {

// How long one GnuPG operation on the user's keyring (listing keys, signing) may take
// before it is given up, so that a gpg-agent that is stopped or stuck cannot hang a
// command. 30 seconds unless set (git config runbook.gpgTimeout): enough to type a
// passphrase.
void set_operation_timeout(std::chrono::seconds timeout);
// The time set above.
std::chrono::seconds operation_timeout();

// What to tell the user when the agent did not answer in time while `what` ("signing
// with key …"): what may be wrong and how to stop the agent.
std::string agent_timeout_message(std::string_view what);

// What a bounded operation ended with: GPGME's error code (GPG_ERR_NO_ERROR on success)
// and, for a key listing, the keys it found.
struct BoundedResult {
  gpgme_error_t error = GPG_ERR_NO_ERROR;
  std::vector<KeyPtr> keys;
};

// Runs the operation that `start` begins on `ctx` (one gpgme_op_*_start call) to its end
// in an event loop of our own instead of GPGME's, which waits without limit. Throws
// util::EnvironmentError, saying that the agent did not answer while `what` ("listing
// your secret keys"), when GnuPG has not finished within that time; the operation is
// cancelled then, and a gpg process still waiting on the agent ends once the agent
// answers or stops.
BoundedResult run_bounded(gpgme_ctx_t ctx, std::string_view what, const std::function<gpgme_error_t()>& start);

} // namespace gpg
