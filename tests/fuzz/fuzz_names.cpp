// Fuzzes the name rules (core/runbook_paths, core/record, core/ref_rules,
// core/authorization): each line of the input is tried as a version file's path, a
// runbook id, a run id, a ref name and a changed path, and what the rules say about it
// must agree with the patterns the schemas and DESIGN §2, §4 and §6 give.

#include "fuzz/fuzz_check.hpp"

#include "core/authorization.hpp"
#include "core/policy.hpp"
#include "core/record.hpp"
#include "core/ref_rules.hpp"
#include "core/role.hpp"
#include "core/runbook_paths.hpp"
#include "util/text.hpp"

#include <cstddef>
#include <cstdint>
#include <regex>
#include <set>
#include <string>
#include <string_view>

namespace {

core::Person person(const std::string& id, std::set<core::Role> roles) {
  core::Person p;
  p.id = id;
  p.key_file = core::key_file_for(id);
  p.roles = std::move(roles);
  return p;
}

core::Policy test_policy() {
  core::Policy policy;
  policy.protected_branches = {"main", "release/2026"};
  policy.log_branch = "runbook-log";
  policy.allowed_refs = {"refs/notes/*", "refs/meta/config"};
  policy.people = {person("alice", {core::Role::admin, core::Role::author}),
                   person("bob", {core::Role::operator_, core::Role::approver}),
                   person("carol", {core::Role::author})};
  policy.runbook_authors["payroll-change"] = {"alice"};
  return policy;
}

void check_path(std::string_view line) {
  static const std::regex runbook_id("[a-z0-9][a-z0-9-]{0,62}");
  bool valid_id = core::is_valid_runbook_id(line);
  fuzz::require(valid_id == std::regex_match(line.begin(), line.end(), runbook_id),
                "runbook ids follow the schema's pattern");

  if (auto where = core::parse_version_path(line)) {
    fuzz::require(core::is_valid_runbook_id(where->id), "a version path holds a valid id");
    fuzz::require(where->version >= 1 && where->version <= 999999,
                  "a version path's number is in range");
    fuzz::require(core::version_path(where->id, where->version) == line,
                  "a version path is written back the same");
  }
}

void check_run(const std::string& line) {
  auto folder = core::run_folder(line);
  if (!folder) {
    return;
  }
  fuzz::require(util::starts_with(*folder, "runs/") && folder->size() == line.size() + 16 &&
                    folder->substr(16) == line,
                "a run's folder is runs/<YYYY>/<MM>/<DD>/<run>");
  std::size_t stamp = line.size() - 19; // <runbook>-<YYYYMMDD>T<HHMM>Z-<4 hex>
  fuzz::require(core::make_run_id(line.substr(0, stamp - 1),
                                  line.substr(stamp, 14),
                                  line.substr(line.size() - 4)) == line,
                "a run id is made of its runbook, minute and random part");
}

void check_ref(const core::Policy& policy, const std::string& line) {
  core::RefKind kind = core::classify_ref(policy, line);
  bool branch = util::starts_with(line, "refs/heads/") && line.size() > 11;
  switch (kind) {
  case core::RefKind::protected_branch:
    fuzz::require(branch && policy.is_protected(line.substr(11)),
                  "only the policy's branches are protected");
    break;
  case core::RefKind::log_branch:
    fuzz::require(line == "refs/heads/" + policy.log_branch,
                  "only the log branch is the log branch");
    break;
  case core::RefKind::review_branch:
    fuzz::require(branch, "review branches are branches");
    break;
  case core::RefKind::tag:
    fuzz::require(util::starts_with(line, "refs/tags/") && line.size() > 10,
                  "tags are under refs/tags/");
    break;
  case core::RefKind::allowed_other:
  case core::RefKind::refused:
    fuzz::require(!branch, "every branch is a protected, log or review branch");
    break;
  }
}

void check_change(const core::Policy& policy, const std::string& line) {
  bool policy_file = util::starts_with(line, ".runbook/");
  for (const core::Person& signer : policy.people) {
    for (core::BranchKind kind :
         {core::BranchKind::protected_branch, core::BranchKind::log, core::BranchKind::review}) {
      for (core::CommitShape shape : {core::CommitShape::ordinary, core::CommitShape::merge}) {
        auto problem = core::authorization_problem(policy, signer, kind, shape, {line});
        if (problem) {
          fuzz::require(!problem->empty(), "a refusal says why");
        }
        if (policy_file && kind != core::BranchKind::log &&
            signer.roles.count(core::Role::admin) == 0) {
          fuzz::require(problem.has_value(), "only admins change .runbook/");
        }
      }
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const core::Policy policy = test_policy();
  std::string_view text = fuzz::as_text(data, size);
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string line(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    check_path(line);
    check_run(line);
    check_ref(policy, line);
    check_change(policy, line);
  }
  return 0;
}
