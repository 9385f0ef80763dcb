#!/usr/bin/env bash
# `git runbook keys add|retire|revoke|list`: who may do what, changed only by admins, in
# signed commits that `git verify-commit` and `git runbook verify` accept.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Builder" bob@example.com)
carol=$(make_key "Carol Clerk" carol@example.com)
dave=$(make_key "Dave Deputy" dave@example.com)
export_key "$bob" "$work/bob.asc"
export_key "$carol" "$work/carol.asc"
export_key "$dave" "$work/dave.asc"
git config --global user.email alice@example.com

repo="$work/repo"
runbook init "$repo" --key "$alice" >/dev/null 2>&1 || fatal "init failed"
cd "$repo"

# Nothing changed: HEAD, work tree and policy are as before.
unchanged_since() {
  expect_eq "$(head_of "$repo")" "$1" "HEAD (nothing may be committed)"
  expect_eq "$(git -C "$repo" status --porcelain)" "" "git status (nothing may be written)"
}

check "keys add bob --roles operator,approver commits the change, signed by alice"
before=$(head_of "$repo")
expect_exit 0 runbook keys add bob "$work/bob.asc" --roles operator,approver
expect_stdout '^[0-9a-f]{40}$'
expect_eq "$(head_of "$repo")" "$stdout" "HEAD is the printed commit"
expect_eq "$(git rev-parse HEAD^)" "$before" "parent of the new commit"
expect_stderr 'added bob'
expect_eq "$(git status --porcelain)" "" "git status after keys add"

check "the keys add commit passes git verify-commit (signed by alice) and holds bob's key"
expect_exit 0 git verify-commit --raw HEAD
expect_output "VALIDSIG $alice"
git cat-file -e HEAD:.runbook/keys/bob.asc 2>/dev/null || fail ".runbook/keys/bob.asc is not committed"
key_fpr=$(git show HEAD:.runbook/keys/bob.asc | gpg --batch --with-colons --show-keys 2>/dev/null |
  awk -F: '$1 == "fpr" { print $10; exit }')
expect_eq "$key_fpr" "$bob" "fingerprint in .runbook/keys/bob.asc"
expect_eq "$(git diff --name-only HEAD^ HEAD | sort | tr '\n' ' ')" ".runbook/keys/bob.asc .runbook/policy.yaml " \
  "files changed by keys add"

check "keys list (text) shows bob, active, with his roles and fingerprint"
expect_exit 0 runbook keys list
expect_stdout '^bob +active +Bob Builder <bob@example.com>$'
expect_stdout "key: +$bob"
expect_stdout '^alice +active +Alice Admin'
bob_roles=$(grep -A1 '^bob ' <<<"$stdout" | tail -1)
if ! grep -q operator <<<"$bob_roles" || ! grep -q approver <<<"$bob_roles" || grep -q admin <<<"$bob_roles"; then
  fail "bob's roles line is '$bob_roles'"
fi

check "keys list --format json parses and shows bob with his roles, fingerprint and status"
expect_exit 0 runbook keys list --format json
if command -v python3 >/dev/null; then
  expect_eq "$(json_get '[p["id"] for p in j["people"]]')" "['alice', 'bob']" "people ids"
  expect_eq "$(json_get 'sorted([p for p in j["people"] if p["id"] == "bob"][0]["roles"])')" \
    "['approver', 'operator']" "bob's roles"
  expect_eq "$(json_get '[p for p in j["people"] if p["id"] == "bob"][0]["fingerprint"]')" "$bob" "bob's fingerprint"
  expect_eq "$(json_get '[p for p in j["people"] if p["id"] == "bob"][0]["status"]')" active "bob's status"
  expect_eq "$(json_get '[p for p in j["people"] if p["id"] == "bob"][0]["key"]')" .runbook/keys/bob.asc "bob's key file"
else
  expect_stdout '"id": "bob"'
fi
expect_eq "$stderr" "" "stderr of keys list --format json"

check "adding bob again is refused with exit 1 (\"already\") and nothing changes"
before=$(head_of "$repo")
expect_exit 1 runbook keys add bob "$work/bob.asc" --roles operator
expect_stderr 'already'
unchanged_since "$before"

check "adding bob's key under another id is refused with exit 1 and nothing changes"
expect_exit 1 runbook keys add robert "$work/bob.asc" --roles operator
expect_stderr "already in the policy, as \"bob\""
unchanged_since "$before"

check "a file that holds no public key is refused (\"no OpenPGP public key\")"
echo "this is not a key" >"$work/not-a-key.asc"
expect_exit nonzero runbook keys add carol "$work/not-a-key.asc" --roles operator
expect_stderr 'no OpenPGP public key'
unchanged_since "$before"

check "an empty key file is refused"
: >"$work/empty.asc"
expect_exit nonzero runbook keys add carol "$work/empty.asc" --roles operator
expect_stderr 'no OpenPGP public key'
unchanged_since "$before"

check "a key file that does not exist is refused with exit 2"
expect_exit 2 runbook keys add carol "$work/missing.asc" --roles operator
expect_stderr 'does not exist'
unchanged_since "$before"

check "an armored SECRET key file is refused and nothing is written"
gpg --batch --pinentry-mode loopback --passphrase '' --armor --export-secret-keys "$carol" \
  >"$work/carol-secret.asc" 2>/dev/null
grep -q 'PRIVATE KEY BLOCK' "$work/carol-secret.asc" || fatal "could not export carol's secret key"
expect_exit nonzero runbook keys add carol "$work/carol-secret.asc" --roles operator
expect_stderr 'secret'
unchanged_since "$before"
[[ ! -e .runbook/keys/carol.asc ]] || fail ".runbook/keys/carol.asc was written"

check "a BINARY (non-armored) secret key file is refused and never committed"
gpg --batch --pinentry-mode loopback --passphrase '' --export-secret-keys "$carol" \
  >"$work/carol-secret.gpg" 2>/dev/null
[[ -s "$work/carol-secret.gpg" ]] || fatal "could not export carol's binary secret key"
expect_exit nonzero runbook keys add carol "$work/carol-secret.gpg" --roles operator
if [[ "$rc" == 0 ]]; then
  fail "PRODUCT BUG: a binary secret key was accepted; the repository now publishes carol's SECRET key"
  if git cat-file -p HEAD:.runbook/keys/carol.asc 2>/dev/null | gpg --batch --list-packets 2>/dev/null |
    grep -q 'secret key packet'; then
    fail "PRODUCT BUG: .runbook/keys/carol.asc in HEAD holds a secret key packet"
  fi
  git reset -q --hard "$before" # undo, so the checks below start from a known state
fi
unchanged_since "$before"

check "a file holding two public keys is refused with exit 1"
gpg --batch --armor --export "$carol" "$dave" >"$work/two.asc" 2>/dev/null
expect_exit 1 runbook keys add carol "$work/two.asc" --roles operator
expect_stderr 'holds 2 keys'
unchanged_since "$before"

check "an unknown role is a usage error (exit 2) that says how to declare a team role"
expect_exit 2 runbook keys add carol "$work/carol.asc" --roles operator,superuser
expect_stderr 'does not declare the role "superuser"'
expect_stderr 'keys grant carol superuser --describe'
unchanged_since "$before"

check "an invalid person id is a usage error (exit 2)"
expect_exit 2 runbook keys add "Carol Clerk" "$work/carol.asc" --roles operator
expect_stderr 'cannot be a person id'
unchanged_since "$before"

check "bob (not an admin) cannot add a person: exit 1 mentioning admin, HEAD unchanged"
expect_exit 1 runbook keys add carol "$work/carol.asc" --roles operator --key "$bob"
expect_stderr 'admin'
unchanged_since "$before"

check "bob (not an admin) cannot retire alice: exit 1 mentioning admin, HEAD unchanged"
expect_exit 1 runbook keys retire alice --key "$bob"
expect_stderr 'admin'
unchanged_since "$before"

check "bob (not an admin) cannot revoke alice: exit 1 mentioning admin, HEAD unchanged"
expect_exit 1 runbook keys revoke alice --key "$bob"
expect_stderr 'admin'
unchanged_since "$before"

check "a key that belongs to nobody in the policy cannot change it"
expect_exit 1 runbook keys add carol "$work/carol.asc" --roles operator --key "$dave"
expect_stderr 'belongs to nobody in the policy'
unchanged_since "$before"

check "keys add refuses to overwrite uncommitted edits of the policy"
echo "# my local note" >>.runbook/policy.yaml
expect_exit 1 runbook keys add carol "$work/carol.asc" --roles operator
expect_stderr 'uncommitted changes'
expect_eq "$(head_of "$repo")" "$before" "HEAD"
grep -q '# my local note' .runbook/policy.yaml || fail "the local edit of the policy was lost"
git checkout -q -- .runbook/policy.yaml

check "keys add with --name and --email overrides what the key says"
expect_exit 0 runbook keys add carol "$work/carol.asc" --roles author,operator --name "Carol C." --email cc@example.org
expect_exit 0 runbook keys list
expect_stdout '^carol +active +Carol C\. <cc@example.org>$'
expect_exit 0 git verify-commit HEAD

check "keys retire carol works, is signed, and keys list shows her retired"
before=$(head_of "$repo")
expect_exit 0 runbook keys retire carol
expect_stdout '^[0-9a-f]{40}$'
expect_eq "$(git rev-parse HEAD^)" "$before" "parent of the retire commit"
expect_exit 0 git verify-commit HEAD
expect_eq "$(git status --porcelain)" "" "git status"
expect_exit 0 runbook keys list
expect_stdout '^carol +retired '

check "retiring carol again is refused (exit 1, already retired)"
before=$(head_of "$repo")
expect_exit 1 runbook keys retire carol
expect_stderr 'already retired'
unchanged_since "$before"

check "keys revoke bob works, is signed, and keys list --format json shows him revoked"
expect_exit 0 runbook keys revoke bob
expect_exit 0 git verify-commit HEAD
expect_exit 0 runbook keys list --format json
if command -v python3 >/dev/null; then
  expect_eq "$(json_get '[p for p in j["people"] if p["id"] == "bob"][0]["status"]')" revoked "bob's status"
else
  expect_stdout '"status": "revoked"'
fi
expect_exit 0 runbook keys list
expect_stdout '^bob +revoked '

check "retiring a revoked person is refused (revocation is final)"
before=$(head_of "$repo")
expect_exit 1 runbook keys retire bob
expect_stderr 'revoked'
unchanged_since "$before"

check "retiring a person who is not in the policy is refused"
expect_exit 1 runbook keys retire nosuchperson
expect_stderr 'not in the policy'
unchanged_since "$before"

check "retiring the only admin is refused and nothing changes"
expect_exit 1 runbook keys retire alice
expect_stderr 'admin'
unchanged_since "$before"
expect_exit 0 runbook keys list
expect_stdout '^alice +active '

check "revoking the only admin is refused and nothing changes"
expect_exit 1 runbook keys revoke alice
expect_stderr 'admin'
unchanged_since "$before"

check "with a second admin (dave), alice can be retired"
expect_exit 0 runbook keys add dave "$work/dave.asc" --roles admin
expect_exit 0 runbook keys retire alice
expect_exit 0 git verify-commit --raw HEAD
expect_output "VALIDSIG $alice"
expect_exit 0 runbook keys list
expect_stdout '^alice +retired '

check "retired alice can no longer change the policy"
before=$(head_of "$repo")
erin=$(make_key "Erin Extra" erin@example.com)
export_key "$erin" "$work/erin.asc"
expect_exit 1 runbook keys add erin "$work/erin.asc" --roles operator --key "$alice"
expect_stderr 'retired'
unchanged_since "$before"

check "the new admin dave can add a person"
expect_exit 0 runbook keys add erin "$work/erin.asc" --roles operator --key "$dave"
expect_exit 0 git verify-commit --raw HEAD
expect_output "VALIDSIG $dave"

check "git runbook verify accepts the whole history, and git verify-commit every commit"
expect_exit 0 runbook verify
expect_stdout "^verified: $(git rev-list --count HEAD) commits on main .* 0 problems$"
verify_all_commits "$repo"

check "keys list outside a repository exits 3"
mkdir "$work/elsewhere"
cd "$work/elsewhere"
expect_exit 3 runbook keys list
expect_stderr 'not inside a Git repository'

pass
