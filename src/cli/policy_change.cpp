#include "cli/policy_change.hpp"

#include "core/authorization.hpp"
#include "git/worktree.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "yaml/policy_yaml.hpp"

#include <algorithm>

namespace cli {

core::Person& person_to_change(core::Policy& policy, const std::string& id) {
  auto person = std::find_if(policy.people.begin(), policy.people.end(), [&](const core::Person& p) { return p.id == id; });
  if (person == policy.people.end()) {
    throw util::RuleError("\"" + id + "\" is not in the policy. `git runbook keys list` shows who is; add a new "
                          "person with `git runbook keys add`.");
  }
  return *person;
}

std::string commit_policy_change(Workspace& workspace,
                                 const core::Signer& signer,
                                 const core::Policy& policy,
                                 std::vector<git::FileWrite> extra_files,
                                 const std::string& message) {
  const core::Policy& current = workspace.policy();
  std::vector<git::FileWrite> files = std::move(extra_files);
  files.insert(files.begin(), git::FileWrite{core::k_policy_path, yaml::dump_policy(policy)});
  std::vector<std::string> paths;
  paths.reserve(files.size());
  for (const git::FileWrite& file : files) {
    paths.push_back(file.path);
  }

  const core::Person* me = current.find_by_fingerprint(signer.fingerprint());
  if (me == nullptr) {
    throw util::RuleError("your key " + signer.fingerprint() + " belongs to nobody in the policy, so you cannot "
                          "change it. Ask an admin.");
  }
  // Judged as on a protected branch even on a review branch: the change must pass there
  // once merged, so refusing it now saves the person a rejected review.
  if (auto denied = core::authorization_problem(current, *me, core::BranchKind::protected_branch,
                                                core::CommitShape::ordinary, paths)) {
    throw util::RuleError("only an admin may change who may do what: " + *denied + ". Nothing was changed.");
  }
  if (auto check = yaml::load_policy(yaml::dump_policy(policy), core::k_policy_path); !check) {
    throw util::RuleError("the policy would become invalid, so nothing was changed:\n" +
                          core::format_all(check.error()));
  }
  auto dirty = git::uncommitted_changes(workspace.repo(), paths);
  if (!dirty.empty()) {
    throw util::RuleError("you have uncommitted changes to " + util::join(dirty, ", ") +
                          ". Commit or undo them first (`git status` shows them); nothing was changed.");
  }
  git::CommitDraft draft{workspace.branch(), workspace.tip(), files, message};
  auto commit = git::write_signed_commit(workspace.repo(), draft, signer);
  if (!commit) {
    throw util::EnvironmentError("the branch moved while the change was being written (another command?); "
                                 "nothing was changed. Run the command again.");
  }
  git::checkout_written_files(workspace.repo(), files);
  return *commit;
}

} // namespace cli
