#pragma once

#include "core/key_choice.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace gpg {

// What choosing the signing key (DESIGN §5) depended on. A memo of the choice holds
// only while all of this is unchanged.
struct SignerMemoInputs {
  std::string gnupg_home;    // $GNUPGHOME as set, or "" when unset
  core::KeyHints hints;      // --key, user.signingkey, user.email
  std::string policy_blob;   // the blob id of the policy the choice was made with
  std::string keyring_state; // times and sizes of the keyring's files
};

// Whether two sets of inputs are the same in every part.
bool same_inputs(const SignerMemoInputs& a, const SignerMemoInputs& b);

// The inputs as they are now: the keyring state stats $GNUPGHOME's pubring.kbx,
// pubring.gpg, gpg.conf and private-keys-v1.d (a secret key added or removed).
SignerMemoInputs current_memo_inputs(const core::KeyHints& hints, const std::string& policy_blob);

// The signing key chosen once through GnuPG, remembered so that later commands sign by
// asking gpg-agent directly (gpg/agent_signature.hpp) without starting gpg.
struct SignerMemo {
  std::string fingerprint; // primary key, 40 upper-case hex digits
  std::string name;        // of its first user id
  std::string email;
  std::string signing_fingerprint; // the (sub)key GnuPG signed with
  std::string keygrip;             // that key's keygrip, as the agent names it
  int public_key_algorithm = 0;    // OpenPGP ids: 1 RSA, 22 EdDSA
  int hash_algorithm = 0;          // what GnuPG hashed with (8 SHA-256, 10 SHA-512, …)
  std::string agent_socket;
  std::int64_t expires = 0; // seconds since 1970 when the key expires; 0: never
  SignerMemoInputs inputs;
};

// Where a repository keeps its memo: .git/runbook/signing-key.
std::filesystem::path signer_memo_file(const std::filesystem::path& git_dir);

// The memo in `file` when it is complete, well-formed, made with exactly `now` as its
// inputs, for an algorithm the agent signer handles, and its key has not expired;
// nullopt otherwise (never an error: the caller then chooses the slow way).
std::optional<SignerMemo> read_signer_memo(const std::filesystem::path& file,
                                           const SignerMemoInputs& now);

// Writes the memo atomically (a temporary file, then rename). Failures are ignored: a
// memo only saves time.
void write_signer_memo(const std::filesystem::path& file, const SignerMemo& memo);

// Removes the memo, ignoring failures.
void drop_signer_memo(const std::filesystem::path& file);

} // namespace gpg
