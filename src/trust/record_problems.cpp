#include "trust/record_problems.hpp"

namespace trust {

Problem record_problem(const std::string& commit,
                       std::string rule,
                       std::string message,
                       std::string fix) {
  return problem_at(commit, std::move(rule), std::move(message), std::move(fix));
}

std::optional<Problem> signer_problem(const std::string& commit, const core::Record& record, const core::Person& signer) {
  if (record.by == signer.id) {
    return std::nullopt;
  }
  return record_problem(commit,
                        "wrong-signer",
                        "the record says it is by " + record.by + " but the commit is signed by " + signer.id +
                            "; `by` must be the person whose key signs");
}

} // namespace trust
