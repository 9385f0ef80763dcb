#!/usr/bin/env bash
# Keys over years (issue 15 point 4): what a key signed while it was valid stays valid
# after the key expires, for `verify` and for a server that receives that history; a
# server refuses a new signature by a key that has expired (by its own clock, rule
# [expired-key]); `keys update` takes a newer export of the same key (a later expiry)
# in a signed commit, and then its owner signs again. Another key is refused with the
# commands to use instead. The past is made with GnuPG's --faked-system-time: carol's
# key was made on 2020-01-01 and expired a year later, and she signed in June 2020.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team
gpg --batch --pinentry-mode loopback --passphrase '' --faked-system-time 20200101T000000 \
  --quick-gen-key "Carol Writer <carol@example.com>" ed25519 sign 1y >/dev/null 2>&1 || fatal "carol's key"
carol=$(gpg --batch --with-colons --list-keys carol@example.com 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
export_key "$carol" "$work/carol.asc"
# A gpg for git that signs as on 2020-06-01, when carol's key was valid.
cat >"$work/gpg-2020" <<'SH'
#!/bin/sh
exec gpg --faked-system-time 20200601T000000 "$@"
SH
chmod +x "$work/gpg-2020"

check "keys add refuses carol's key today: it has expired"
expect_exit 1 runbook keys add carol "$work/carol.asc" --roles author --key "$alice"
expect_stderr "has expired"

# History from 2020: alice added carol (by hand, as keys add did then), and carol
# published a second runbook, signing while her key was valid.
cp "$work/carol.asc" .runbook/keys/carol.asc
cat >>.runbook/policy.yaml <<YAML
  carol:
    name: Carol Writer
    email: carol@example.com
    key: ".runbook/keys/carol.asc"
    fingerprint: $carol
    roles: [author]
YAML
git add .runbook && git commit -q --no-verify -S"$alice" -m "Add carol as author" || fatal "adding carol"
mkdir -p runbooks/payroll
sed 's/^id: onboarding$/id: payroll/' runbooks/onboarding/v1.yaml >runbooks/payroll/v1.yaml
git add runbooks/payroll && git -c gpg.program="$work/gpg-2020" commit -q --no-verify -S"$carol" \
  -m "Publish payroll" || fatal "carol's commit of 2020"

check "verify: what carol signed while her key was valid stays valid"
expect_exit 0 runbook verify
expect_stdout ", 0 problems$"

check "a server receiving that history (its first push) accepts it"
server="$work/server.git"
git init -q --bare "$server" && runbook hook install "$server" >/dev/null 2>&1 || fatal "server"
expect_exit 0 git push "file://$server" main
expect_stderr "accepted"

check "the server refuses a new commit signed with carol's expired key, by its own clock"
echo "A line" >>NOTES.md
git add NOTES.md
git -c gpg.program="$work/gpg-2020" commit -q --no-verify -S"$carol" -m "Backdated by carol" || fatal "commit"
expect_exit 1 git push "file://$server" main
expect_stderr "remote: .*\[expired-key\]"
expect_stderr "expired on 202[01]-[0-9][0-9]-[0-9][0-9]"
expect_stderr "keys update"
git reset -q --hard HEAD^

check "keys update refuses another person's key, naming the commands to use instead"
expect_exit 1 runbook keys update carol "$work/bob.asc" --key "$alice"
expect_stderr "not carol's key"
expect_stderr "keys revoke carol"
expect_stderr "keys add"

check "keys update refuses carol's old export: it has expired"
expect_exit 1 runbook keys update carol "$work/carol.asc" --key "$alice"
expect_stderr "has expired"

check "carol extends her key; keys update takes the new export in a signed commit"
gpg --batch --pinentry-mode loopback --passphrase '' --quick-set-expire "$carol" 2y >/dev/null 2>&1 ||
  fatal "extending carol's key"
export_key "$carol" "$work/carol-2026.asc"
before=$(head_of)
expect_exit 0 runbook keys update carol "$work/carol-2026.asc" --key "$alice"
expect_stdout '^[0-9a-f]{40}$'
expect_stderr "updated the key file of carol"
expect_eq "$(git rev-parse HEAD^)" "$before" "parent of the update"
expect_exit 0 git verify-commit HEAD
expect_eq "$(git diff --name-only HEAD^ HEAD | tr '\n' ' ')" ".runbook/keys/carol.asc " "files the update changed"

check "keys update of the same export again changes nothing"
expect_exit 1 runbook keys update carol "$work/carol-2026.asc" --key "$alice"
expect_stderr "already holds this export"

check "carol signs again today; the server and verify accept it and the old history"
echo "A line" >>NOTES.md
git add NOTES.md
git commit -q --no-verify -S"$carol" -m "Readme by carol" || fatal "carol's new commit"
expect_exit 0 git push "file://$server" main
expect_exit 0 runbook verify
expect_stdout ", 0 problems$"

pass
