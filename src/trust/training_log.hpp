#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/record.hpp"
#include "git/repository.hpp"

namespace trust {

// The acknowledgements (core/training.hpp) the log branch holds, read from the paths
// of training/: the same for recording, `sync`, the hook and `verify`.

// The people with an acknowledgement of `runbook` v`version` in the log at
// `log_commit` (nothing when nullopt): one folder listing, never the whole log. The
// person comes from each file's name, which the judge holds to its record.
std::set<std::string> acknowledged_by(const git::Repository& repo,
                                      const std::optional<std::string>& log_commit,
                                      const std::string& runbook,
                                      int version);

// Every readable acknowledgement in the log at `log_commit` (of one runbook when
// `runbook` is given), with its path.
std::vector<std::pair<std::string, core::Record>> acknowledgements_at(const git::Repository& repo,
                                                                      const std::string& log_commit,
                                                                      const std::optional<std::string>& runbook);

} // namespace trust
