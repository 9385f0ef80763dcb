#pragma once

#include <optional>
#include <string>

#include "cli/workspace.hpp"

namespace cli {

// What `sync` takes from a remote and sends to one, judged by the server's own judge
// (trust::check_push, DESIGN §8): a clone never takes in, and never writes into a
// shared repository, what the server's hook would refuse.

// Where this clone last took `remote`'s log: refs/runbook/seen/<remote>.
std::string seen_ref(const std::string& remote);

// The commits `remote`'s protected branch (at `protected_tip`) holds beyond this
// clone's own copy of it, judged as the hook judges that branch, before any record is
// judged against it: a policy or version written past the server's hook would
// otherwise decide what this clone takes. Throws util::RuleError that names each
// problem; nothing is changed here then.
void judge_fetched_protected(Workspace& workspace,
                             const std::string& remote,
                             const std::optional<std::string>& protected_tip);

// The records `remote`'s log (at `remote_tip`) holds beyond `base` (what this clone
// already took from it; nullopt: nothing yet), judged as history the server accepted,
// against the remote's protected branch (`protected_tip`). Throws util::RuleError that
// names each problem when the remote holds what its hook would refuse; nothing is
// changed here then.
void judge_fetched(Workspace& workspace,
                   const std::string& remote,
                   const std::optional<std::string>& protected_tip,
                   const std::optional<std::string>& base,
                   const std::string& remote_tip);

// Before `remote`'s log moves from `remote_tip` to `new_tip` when no hook runs there (a
// path or file:// remote): the same judgement the hook would make. Throws
// util::RuleError when the hook would refuse; nothing is sent then.
void judge_sending(Workspace& workspace,
                   const std::string& remote,
                   const std::optional<std::string>& protected_tip,
                   const std::optional<std::string>& remote_tip,
                   const std::string& new_tip);

} // namespace cli
