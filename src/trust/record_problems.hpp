#pragma once

#include "core/policy.hpp"
#include "core/record.hpp"
#include "trust/problem.hpp"

#include <optional>
#include <string>

// The problems of record commits, shared by the parts of the record judge.
namespace trust {

// A record the tool would not have written cannot be repaired, only withdrawn before it
// is shared; once the server holds it, it stays (the log is append-only).
inline constexpr const char* k_fix_record =
    "this record was not written by `git runbook`: if it has not been sent yet, its author takes "
    "it back with `git runbook sync --drop <record path>` and records the event again with the "
    "tool; if the server already holds it, tell an admin (records are never removed from the "
    "shared log)";

// A problem with a record commit; by default its fix is to withdraw it and record again.
Problem record_problem(const std::string& commit, std::string rule, std::string message, std::string fix = k_fix_record);

// A record whose `by` is not the commit's signer.
std::optional<Problem> signer_problem(const std::string& commit, const core::Record& record, const core::Person& signer);

} // namespace trust
