#pragma once

#include <string_view>

namespace util {

// A named place where a test can stop the program as a kill would (STYLE #21): when the
// environment variable GIT_RUNBOOK_FAULT names this point, the process kills itself
// with SIGKILL there, leaving whatever a real kill at that moment would leave. The
// variable is read once. Points in use:
//   record-after-objects      a record's objects are on disk, the log branch not moved
//   sync-after-fetch          the remote's branches fetched, nothing else done
//   sync-after-replay         the records to send are built, nothing pushed
//   sync-after-push           the server holds the records, nothing else done here
//   sync-before-local-follows the remote-tracking copy moved, the local log not yet
void fault_point(std::string_view name);

} // namespace util
