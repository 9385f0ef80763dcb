#include "git/signed_commit_writer.hpp"

#include "util/fault_point.hpp"

#include "git/check.hpp"
#include "git/staged_objects.hpp"
#include "util/error.hpp"

#include <thread>

namespace git {

namespace {

RefLocked locked_error(const Repository& repo, const std::string& ref) {
  std::string lock = ref_lock_path(repo, ref).string();
  return RefLocked("the branch " + ref + " is locked by " + lock + ". If no other git or git-runbook command is "
                   "running, a killed process left it behind: remove it (rm " + lock + ") and try again. Nothing "
                   "was written.");
}

// The tree of `parent` (or an empty one for a first commit) with `files` written into it.
git_oid build_tree(Repository& repo, const std::optional<std::string>& parent,
                   const std::vector<FileWrite>& files) {
  TreePtr baseline;
  if (parent) {
    git_oid tree_oid = to_oid(repo.tree_of(*parent));
    check(git_tree_lookup(out(baseline), repo.get(), &tree_oid), "reading the files of " + *parent);
  }
  std::vector<git_oid> blob_ids;
  blob_ids.reserve(files.size());
  for (const FileWrite& file : files) {
    blob_ids.push_back(to_oid(repo.write_blob(file.content)));
  }
  std::vector<git_tree_update> updates;
  for (std::size_t i = 0; i < files.size(); ++i) {
    git_tree_update update{};
    update.action = GIT_TREE_UPDATE_UPSERT;
    update.id = blob_ids[i];
    update.filemode = GIT_FILEMODE_BLOB;
    update.path = files[i].path.c_str();
    updates.push_back(update);
  }
  git_oid tree;
  check(git_tree_create_updated(&tree, repo.get(), baseline.get(), updates.size(), updates.data()),
        "writing the commit's files");
  return tree;
}

SignaturePtr identity(const Repository& repo, const core::Signer& signer) {
  std::string name = repo.config_string("user.name").value_or(signer.name());
  std::string email = repo.config_string("user.email").value_or(signer.email());
  if (name.empty()) {
    name = signer.fingerprint();
  }
  SignaturePtr signature;
  check(git_signature_now(out(signature), name.c_str(), email.c_str()), "naming the commit's author");
  return signature;
}

} // namespace

std::string create_signed_commit(Repository& repo,
                                 const std::optional<std::string>& parent_id,
                                 const std::vector<FileWrite>& files,
                                 const std::string& message,
                                 const core::Signer& signer) {
  // The signer may still be checking its signature while the objects are flushed to
  // disk (core::CheckedSignature). When the check fails, the commit is made again with
  // the signature the signer then makes another way; the first one is published but
  // no ref ever reaches it, and `git gc` removes it.
  for (int attempt = 1;; ++attempt) {
    StagedObjects staged(repo);
    git_oid commit_oid;
    std::optional<core::CheckedSignature> signed_payload;
    try {
      git_oid tree_oid = build_tree(repo, parent_id, files);
      TreePtr tree;
      check(git_tree_lookup(out(tree), repo.get(), &tree_oid), "reading the commit's files");

      CommitPtr parent;
      const git_commit* parents[1] = {nullptr};
      if (parent_id) {
        git_oid parent_oid = to_oid(*parent_id);
        check(git_commit_lookup(out(parent), repo.get(), &parent_oid), "reading commit " + *parent_id);
        parents[0] = parent.get();
      }
      SignaturePtr who = identity(repo, signer);
      Buffer content;
      check(git_commit_create_buffer(content.get(), repo.get(), who.get(), who.get(), nullptr, message.c_str(),
                                     tree.get(), parent_id ? 1 : 0, parents),
            "preparing the commit");
      std::string payload = content.str();
      signed_payload.emplace(signer.sign_then_check(payload));
      std::string signature = signed_payload->armored();
      while (!signature.empty() && signature.back() == '\n') {
        signature.pop_back(); // libgit2 would otherwise end the header with a lone space line
      }
      check(git_commit_create_with_signature(&commit_oid, repo.get(), payload.c_str(), signature.c_str(), "gpgsig"),
            "storing the signed commit");
    } catch (const util::EnvironmentError&) {
      staged.rethrow_write_failure(); // the cause, when a write into memory failed
      throw;
    }
    staged.publish();
    if (signed_payload->good()) {
      return to_hex(commit_oid);
    }
    if (attempt > 1) {
      throw util::EnvironmentError("your signing key's signatures do not check out with its public key. Run "
                                   "`gpg --list-secret-keys` and check that key. Nothing was written.");
    }
  }
}

bool move_ref(Repository& repo,
              const std::string& ref,
              const std::string& commit,
              const std::optional<std::string>& expected,
              const std::string& log_message) {
  ReferencePtr moved;
  git_oid commit_oid = to_oid(commit);
  int rc = 0;
  if (expected) {
    git_oid expected_oid = to_oid(*expected);
    rc = git_reference_create_matching(out(moved), repo.get(), ref.c_str(), &commit_oid, 1, &expected_oid,
                                       log_message.c_str());
  } else {
    rc = git_reference_create(out(moved), repo.get(), ref.c_str(), &commit_oid, 0, log_message.c_str());
  }
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) {
    git_error_clear();
    return false;
  }
  if (rc == GIT_ELOCKED) {
    git_error_clear();
    throw locked_error(repo, ref);
  }
  check(rc, "moving " + ref + " to the new commit");
  return true;
}

std::filesystem::path ref_lock_path(const Repository& repo, const std::string& ref) {
  return repo.git_dir() / (ref + ".lock");
}

void wait_until_unlocked(const Repository& repo, const std::string& ref, std::chrono::milliseconds patience) {
  std::filesystem::path lock = ref_lock_path(repo, ref);
  auto give_up = std::chrono::steady_clock::now() + patience;
  while (std::filesystem::exists(lock)) {
    if (std::chrono::steady_clock::now() >= give_up) {
      throw locked_error(repo, ref);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::optional<std::string> write_signed_commit(Repository& repo, const CommitDraft& draft,
                                               const core::Signer& signer) {
  std::string commit = create_signed_commit(repo, draft.parent, draft.files, draft.message, signer);
  util::fault_point("record-after-objects");
  std::string log_message = "git-runbook: " + draft.message.substr(0, draft.message.find('\n'));
  if (!move_ref(repo, draft.ref, commit, draft.parent, log_message)) {
    return std::nullopt;
  }
  return commit;
}

} // namespace git
