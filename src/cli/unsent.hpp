#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/workspace.hpp"
#include "core/record.hpp"

namespace cli {

// One commit of the local log branch that the server has not got (DESIGN §4): the
// record it adds and, when a `sync` was refused it, why.
struct UnsentRecord {
  std::string commit;
  std::string path;
  std::optional<core::Record> record; // nullopt: the commit adds no readable record
  std::optional<std::string> refusal;
};

struct UnsentRecords {
  std::optional<std::string> remote; // nullopt: no remote, nothing is ever sent
  std::vector<UnsentRecord> records; // parents first
};

// The remote `sync` uses by default ("origin"), when the repository has it.
std::optional<std::string> default_remote(Workspace& workspace);

// The records on the local log branch that refs/remotes/<remote>/<log> does not hold,
// with the refusals the last `sync` remembered.
UnsentRecords unsent_records(Workspace& workspace);

// The refusals the last `sync` met (record path -> why), kept in
// .git/runbook/refused; `remember_refusals` replaces them.
std::map<std::string, std::string> remembered_refusals(Workspace& workspace);
void remember_refusals(Workspace& workspace, const std::map<std::string, std::string>& refusals);

nlohmann::json unsent_json(const UnsentRecords& unsent);
// "Not sent yet" for `status`: each record, with the refusal and its fix.
void print_unsent(const UnsentRecords& unsent);

} // namespace cli
