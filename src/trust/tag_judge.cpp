#include "trust/tag_judge.hpp"

#include "core/role.hpp"

namespace trust {

std::vector<Problem> tag_problems(const git::Repository& repo,
                                  PolicyStore& policies,
                                  const RefUpdate& update,
                                  const std::optional<std::string>& protected_tip) {
  if (is_zero_id(update.new_id)) {
    return {problem_at(update.old_id,
                       "delete-tag",
                       update.ref + " cannot be deleted: tags mark what was released",
                       "keep the tag; make a new one for the new state")};
  }
  if (!is_zero_id(update.old_id)) {
    return {problem_at(update.new_id,
                       "move-tag",
                       update.ref + " already exists and cannot be moved",
                       "make a new tag with another name")};
  }
  auto raw = repo.read_raw(update.new_id);
  if (!raw || raw->kind != git::ObjectKind::tag) {
    return {problem_at(
        update.new_id,
        "unsigned-tag",
        update.ref + " is a lightweight tag; this server takes signed tags only",
        "delete it locally (`git tag -d`) and make a signed one: `git tag -s <name> -m \"…\"`")};
  }
  std::size_t at = raw->bytes.find("-----BEGIN PGP SIGNATURE-----");
  if (at == std::string::npos || (at > 0 && raw->bytes[at - 1] != '\n')) {
    return {problem_at(
        update.new_id,
        "unsigned-tag",
        update.ref + " is not signed",
        "delete it locally (`git tag -d`) and make a signed one: `git tag -s <name> -m \"…\"`")};
  }
  if (!protected_tip) {
    return {problem_at(update.new_id,
                       "no-policy",
                       "the protected branch is not on the server yet",
                       "push it first")};
  }
  const PolicyState& state = policies.at(*protected_tip);
  if (!state.policy) {
    return {problem_at(update.new_id,
                       "invalid-policy",
                       "the protected branch has no usable policy",
                       "an admin repairs it")};
  }
  gpg::SignatureCheck check =
      state.keyring->verify_detached(raw->bytes.substr(0, at), raw->bytes.substr(at));
  const core::Person* signer = state.policy->find_by_fingerprint(check.fingerprint);
  if (check.status != gpg::SignatureStatus::good || signer == nullptr) {
    return {
        problem_at(update.new_id,
                   "bad-tag-signature",
                   update.ref + " is not signed by a key of the policy" +
                       (!check.fingerprint.empty() ? " (it is signed by key " + check.fingerprint + ")"
                        : !check.detail.empty()    ? " (" + check.detail + ")"
                                                   : ""),
                   "sign tags with your key from the policy: `git tag -s -u <your key> <name>`")};
  }
  if (signer->status != core::PersonStatus::active ||
      (signer->roles.count(core::Role::author) == 0 &&
       signer->roles.count(core::Role::admin) == 0)) {
    return {problem_at(update.new_id,
                       "not-authorized",
                       update.ref + " is signed by " + signer->id +
                           ", who is not an active author or admin",
                       "ask an author or an admin to make the tag")};
  }
  return {};
}

} // namespace trust
