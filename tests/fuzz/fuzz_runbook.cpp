// Fuzzes runbook validation end to end (yaml/runbook_yaml): strict YAML, the runbook
// schema and the rules of core::check_runbook, with and without a policy, as
// `validate`, the pre-commit hook and the server hook run them.

#include "fuzz/fuzz_check.hpp"

#include "core/policy.hpp"
#include "core/role.hpp"
#include "core/runbook_paths.hpp"
#include "yaml/runbook_yaml.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace {

// A team like the seeds expect: alice owns, bob operates and approves, carol left.
core::Policy team_policy() {
  core::Policy policy;
  policy.protected_branches = {"main"};
  auto person = [](std::string id, std::set<core::Role> roles, core::PersonStatus status) {
    core::Person p;
    p.id = id;
    p.name = id;
    p.email = id + "@example.com";
    p.key_file = core::key_file_for(id);
    p.fingerprint = std::string(40, static_cast<char>('A' + id.size()));
    p.roles = std::move(roles);
    p.status = status;
    return p;
  };
  policy.people.push_back(person("alice",
                                 {core::Role::admin, core::Role::author, core::Role::operator_},
                                 core::PersonStatus::active));
  policy.people.push_back(
      person("bob", {core::Role::operator_, core::Role::approver}, core::PersonStatus::active));
  policy.people.push_back(person("carol", {core::Role::author}, core::PersonStatus::retired));
  return policy;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const core::Policy policy = team_policy();
  std::string_view text = fuzz::as_text(data, size);

  // Validate it where it says it belongs, so that the id and version rules pass and
  // the rules behind them run too.
  std::string path = "runbooks/fuzz/v1.yaml";
  auto loaded = yaml::load_runbook(text, path);
  if (loaded) {
    path = core::version_path(loaded->id, loaded->version);
    auto where = core::parse_version_path(path);
    fuzz::require(where && where->id == loaded->id && where->version == loaded->version,
                  "a loaded runbook's id and version make a version path");
    fuzz::require(!yaml::runbook_to_json(*loaded).empty(), "a loaded runbook converts to JSON");
  } else {
    fuzz::require_explained(loaded.error(), path);
  }
  for (const core::Policy* judge : {&policy, static_cast<const core::Policy*>(nullptr)}) {
    core::Diagnostics problems = yaml::validate_runbook_file(text, path, judge);
    if (!problems.empty()) {
      fuzz::require_explained(problems, path);
    }
    if (!loaded) {
      fuzz::require(!problems.empty(), "a runbook that does not load does not validate");
    }
  }
  return 0;
}
