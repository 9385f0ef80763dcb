#!/usr/bin/env bash
# Without a usable signing key the tool stops before writing anything (exit 3) and says
# how to make a key.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

git config --global user.email alice@example.com

check "init in an empty folder with an empty keyring exits 3 and suggests gpg --quick-gen-key"
target="$work/target"
mkdir "$target"
cd "$target"
expect_exit 3 runbook init
expect_stderr 'gpg --quick-gen-key'
expect_stderr '^git-runbook: error:'
expect_output 'alice@example.com'
expect_eq "$stdout" "" "stdout"

check "... and nothing was written: no .git, the folder is still empty"
[[ ! -e "$target/.git" ]] || fail "init without a key created $target/.git"
expect_eq "$(ls -A "$target")" "" "folder content"
cd "$work"

check "init with an empty keyring into a folder that does not exist yet creates nothing"
expect_exit 3 runbook init "$work/not-yet"
expect_stderr 'gpg --quick-gen-key'
[[ ! -e "$work/not-yet" ]] || fail "init without a key created $work/not-yet"

check "init with --key nosuchkey and an empty keyring exits 3 and writes nothing"
expect_exit 3 runbook init "$target" --key nosuchkey
expect_stderr 'nosuchkey'
[[ ! -e "$target/.git" ]] || fail "init --key nosuchkey created $target/.git"

check "init in an existing repository with an empty keyring exits 3 and changes nothing"
existing="$work/existing"
git init -q "$existing"
echo hi >"$existing/a.txt"
git -C "$existing" add a.txt
git -C "$existing" -c commit.gpgsign=false commit -q -m first
head_before=$(head_of "$existing")
config_before=$(git -C "$existing" config --local --list)
expect_exit 3 runbook init "$existing"
expect_stderr 'gpg --quick-gen-key'
expect_eq "$(head_of "$existing")" "$head_before" "HEAD"
expect_eq "$(git -C "$existing" config --local --list)" "$config_before" "git config"
[[ ! -e "$existing/.runbook" ]] || fail "init without a key wrote $existing/.runbook"
head_before_existing=$head_before
config_before_existing=$config_before

# Now a keyring with a key, which is not the one asked for.
alice=$(make_key "Alice Admin" alice@example.com)

check "init --key nosuchkey with another key in the keyring exits 3 and writes nothing"
expect_exit 3 runbook init "$target" --key nosuchkey
expect_stderr 'no usable secret key matches "nosuchkey"'
[[ ! -e "$target/.git" ]] || fail "init --key nosuchkey created $target/.git"

check "init --key with an unknown fingerprint exits 3 and writes nothing"
expect_exit 3 runbook init "$target" --key 0123456789ABCDEF0123456789ABCDEF01234567
[[ ! -e "$target/.git" ]] || fail "init --key <unknown fingerprint> created $target/.git"

check "user.signingkey naming a missing key makes init exit 3, naming the setting"
git config --global user.signingkey nosuchkey
expect_exit 3 runbook init "$target"
expect_stderr 'user.signingkey'
[[ ! -e "$target/.git" ]] || fail "init with a bad user.signingkey created $target/.git"
git config --global --unset user.signingkey

check "a keyring holding only a public key (no secret key) cannot sign: init exits 3"
export_key "$alice" "$work/alice.asc"
pub_only="$work/gnupg-public-only"
mkdir -m 700 "$pub_only"
extra_gnupg_homes+=("$pub_only")
GNUPGHOME="$pub_only" gpg --batch --import "$work/alice.asc" >/dev/null 2>&1
GNUPGHOME="$pub_only" expect_exit 3 runbook init "$target"
expect_stderr 'gpg --quick-gen-key'
[[ ! -e "$target/.git" ]] || fail "init with a public key only created $target/.git"

check "with a key, init in the same folder works (the refusals left it usable)"
expect_exit 0 runbook init "$target"
expect_exit 0 git -C "$target" verify-commit HEAD

# Alice's repository, used by someone whose keyring is empty.
bob=$(make_key "Bob Builder" bob@example.com)
export_key "$bob" "$work/bob.asc"
empty_home="$work/gnupg-empty"
mkdir -m 700 "$empty_home"
extra_gnupg_homes+=("$empty_home")
cd "$target"
head_before=$(head_of "$target")

check "keys add with an empty keyring exits 3 and changes nothing"
GNUPGHOME="$empty_home" expect_exit 3 runbook keys add bob "$work/bob.asc" --roles operator
expect_stderr 'cannot sign'
expect_eq "$(head_of "$target")" "$head_before" "HEAD"
expect_eq "$(git status --porcelain)" "" "git status"

check "keys add --key nosuchkey exits 3 and changes nothing"
expect_exit 3 runbook keys add bob "$work/bob.asc" --roles operator --key nosuchkey
expect_stderr 'nosuchkey'
expect_eq "$(head_of "$target")" "$head_before" "HEAD"
expect_eq "$(git status --porcelain)" "" "git status"

check "keys retire --key nosuchkey exits 3 and changes nothing"
expect_exit 3 runbook keys retire alice --key nosuchkey
expect_eq "$(head_of "$target")" "$head_before" "HEAD"

# A key that is there but cannot sign: it has a passphrase and no pinentry can ask for it.
locked="$work/gnupg-locked"
mkdir -m 700 "$locked"
extra_gnupg_homes+=("$locked")
echo "pinentry-program /bin/false" >"$locked/gpg-agent.conf"
GNUPGHOME="$locked" gpg --batch --pinentry-mode loopback --passphrase 'not-empty' \
  --quick-gen-key "Alice Admin <alice@example.com>" ed25519 sign never >/dev/null 2>&1 ||
  fatal "could not make a key with a passphrase"
GNUPGHOME="$locked" gpg --batch --pinentry-mode loopback --passphrase 'not-empty' --armor --export alice@example.com \
  >"$work/locked-alice.asc" 2>/dev/null

check "init with a key that cannot sign (passphrase, no pinentry) exits 3 and leaves the empty folder empty"
locked_target="$work/locked-target"
mkdir "$locked_target"
GNUPGHOME="$locked" expect_exit 3 runbook init "$locked_target"
expect_stderr 'could not sign'
expect_stderr 'Nothing was written'
expect_eq "$(ls -A "$locked_target")" "" "content of the folder after the failed init (it says: Nothing was written)"

check "init with a key that cannot sign, in an existing repository, changes nothing"
GNUPGHOME="$locked" expect_exit 3 runbook init "$existing"
expect_eq "$(head_of "$existing")" "$head_before_existing" "HEAD"
expect_eq "$(git -C "$existing" config --local --list)" "$config_before_existing" "git config"
[[ ! -e "$existing/.runbook" ]] || fail "the failed init wrote $existing/.runbook"

check "verify and keys list need no secret key (they work with an empty keyring)"
GNUPGHOME="$empty_home" expect_exit 0 runbook verify
expect_stdout '^verified: 1 commits?'
GNUPGHOME="$empty_home" expect_exit 0 runbook keys list
expect_stdout "$alice"

check "keys add by an admin whose key cannot sign (passphrase, no pinentry) exits 3 and changes nothing"
locked_fpr=$(GNUPGHOME="$locked" gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
runbook keys add alice2 "$work/locked-alice.asc" --roles admin >/dev/null 2>&1 || fatal "adding the locked key as admin failed"
head_before=$(head_of "$target")
GNUPGHOME="$locked" expect_exit 3 runbook keys add bob "$work/bob.asc" --roles operator --key "$locked_fpr"
expect_stderr 'could not sign'
expect_eq "$(head_of "$target")" "$head_before" "HEAD"
expect_eq "$(git status --porcelain)" "" "git status"
[[ ! -e .runbook/keys/bob.asc ]] || fail "the failed keys add wrote .runbook/keys/bob.asc"

pass
