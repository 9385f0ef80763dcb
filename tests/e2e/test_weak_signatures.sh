#!/usr/bin/env bash
# Weak signatures and unusable keys (issue 15 point 5, and the key checks of point 4):
# `keys add` refuses a 1024-bit RSA key, a revoked key and an expired key, each saying
# why and what to do; a commit signed with a SHA-1 digest is reported by `verify` and
# refused by the server's hook as [weak-signature]; recording with a SHA-1 digest is
# refused before anything is written.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team
gpg_quiet() { gpg --batch --pinentry-mode loopback --passphrase '' "$@" >/dev/null 2>&1; }
fingerprint_of() { gpg --batch --with-colons --list-keys "$1" 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }'; }

check "keys add refuses a 1024-bit RSA key, naming it, and commits nothing"
gpg_quiet --quick-gen-key "Shorty <shorty@example.com>" rsa1024 sign never
shorty=$(fingerprint_of shorty@example.com)
export_key "$shorty" "$work/shorty.asc"
before=$(head_of "$repo")
expect_exit 1 runbook keys add shorty "$work/shorty.asc" --roles operator --key "$alice"
expect_stderr "is a 1024-bit RSA key, which is too weak to trust"
expect_stderr "ed25519"
expect_eq "$(head_of "$repo")" "$before" "HEAD"

check "keys add refuses a key its owner revoked"
gpg_quiet --quick-gen-key "Rita Revoked <rita@example.com>" ed25519 sign never
rita=$(fingerprint_of rita@example.com)
sed 's/^:-----BEGIN/-----BEGIN/' "$GNUPGHOME/openpgp-revocs.d/$rita.rev" >"$work/rita.rev"
gpg_quiet --import "$work/rita.rev"
export_key "$rita" "$work/rita.asc"
expect_exit 1 runbook keys add rita "$work/rita.asc" --roles operator --key "$alice"
expect_stderr "is revoked by its owner"
expect_eq "$(head_of "$repo")" "$before" "HEAD"

check "keys add refuses an expired key, saying how to extend it"
gpg_quiet --quick-gen-key "Ed Expired <ed@example.com>" ed25519 sign seconds=1
ed=$(fingerprint_of ed@example.com)
sleep 2
export_key "$ed" "$work/ed.asc"
expect_exit 1 runbook keys add ed "$work/ed.asc" --roles operator --key "$alice"
expect_stderr "has expired"
expect_stderr "quick-set-expire"
expect_eq "$(head_of "$repo")" "$before" "HEAD"

# A gpg that signs with a SHA-1 digest, for git: what an old gpg.conf does.
cat >"$work/gpg-sha1" <<'SH'
#!/bin/sh
exec gpg --digest-algo SHA1 "$@"
SH
chmod +x "$work/gpg-sha1"

check "a commit signed with a SHA-1 digest: verify reports [weak-signature]"
echo "A line" >>README.md
git add README.md
git -c gpg.program="$work/gpg-sha1" commit -q -S"$alice" -m "Readme, signed with SHA-1" || fatal "commit failed"
expect_exit 1 runbook verify
expect_stdout "\[weak-signature\]: it is signed with a SHA-1 digest, which is too weak to trust"

check "the server's hook refuses the same commit with the same rule"
server="$work/server.git"
git init -q --bare "$server"
runbook hook install "$server" >/dev/null 2>&1 || fatal "hook install failed"
expect_exit 1 git push "file://$server" main
expect_stderr "remote: .*\[weak-signature\]"
expect_stderr "SHA-1 digest"
expect_eq "$(git -C "$server" for-each-ref | wc -l)" 0 "refs on the server"

check "the same history re-signed with SHA-256 is accepted"
git -c gpg.program=gpg commit -q --amend --no-edit -S"$alice" || fatal "amend failed"
expect_exit 0 runbook verify
expect_exit 0 git push "file://$server" main

check "recording with a SHA-1 digest in gpg.conf is refused and writes nothing"
echo "personal-digest-preferences SHA1" >>"$GNUPGHOME/gpg.conf"
echo "digest-algo SHA1" >>"$GNUPGHOME/gpg.conf"
log_before=$(git rev-parse -q --verify refs/heads/runbook-log || echo none)
expect_exit 1 runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
  --input "manager=Mo Manager" --input work_location=Remote --key "$alice"
expect_stderr "SHA-1 digest"
expect_stderr "nothing was written"
expect_eq "$(git rev-parse -q --verify refs/heads/runbook-log || echo none)" "$log_before" "the log branch"
sed -i '/SHA1/d' "$GNUPGHOME/gpg.conf"

pass
