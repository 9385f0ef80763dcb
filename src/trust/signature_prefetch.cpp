#include "trust/signature_prefetch.hpp"

#include "git/raw_commit.hpp"

namespace trust {

void check_signatures_ahead(const git::Repository& repo,
                            const gpg::PrivateKeyring& keyring,
                            const std::vector<std::string>& commits) {
  std::vector<gpg::PrivateKeyring::Signed> batch;
  for (const std::string& commit : commits) {
    std::optional<git::RawObject> raw = repo.read_raw(commit);
    if (!raw || raw->kind != git::ObjectKind::commit) {
      continue;
    }
    util::Result<git::RawCommit> parsed = git::parse_raw_commit(raw->bytes);
    if (parsed && !parsed->signature.empty()) {
      // The same strings CommitJudge hands to verify_detached.
      batch.push_back({parsed->signed_payload, parsed->signature + "\n"});
    }
  }
  keyring.check_in_advance(batch);
}

} // namespace trust
