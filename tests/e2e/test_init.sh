#!/usr/bin/env bash
# `git runbook init`: in an empty folder, in a repository with history, refused twice,
# refused in a non-empty folder that is no repository; plain `git commit` signs afterwards.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
git config --global user.email alice@example.com
git config --global user.name "Alice Admin"

# --- an empty folder -----------------------------------------------------------------
repo="$work/fresh"
mkdir "$repo"

check "init in an empty folder exits 0 and prints the new commit id on stdout"
cd "$repo"
expect_exit 0 runbook init
expect_stdout '^[0-9a-f]{40}$'
first_commit=$stdout
expect_stderr "set up .* for runbooks on branch main"
[[ -d "$repo/.git" ]] || fatal "init did not create $repo/.git"

check "the new repository holds the policy, the key file and the schema copy, in one commit"
expect_eq "$(head_of "$repo")" "$first_commit" "HEAD after init"
expect_eq "$(git rev-list --count HEAD)" 1 "number of commits"
expect_eq "$(git symbolic-ref HEAD)" refs/heads/main "checked-out branch"
for path in .runbook/policy.yaml .runbook/keys/alice.asc .runbook/schemas/policy.schema.json; do
  git cat-file -e "HEAD:$path" 2>/dev/null || fail "$path is not in the first commit"
  [[ -f "$path" ]] || fail "$path is not in the work tree"
done

check "the policy names alice as admin with her fingerprint, and her key file holds her key"
policy=$(git show HEAD:.runbook/policy.yaml)
grep -q "fingerprint: $alice" <<<"$policy" || fail "policy lacks alice's fingerprint: $policy"
grep -Eq 'roles: \[.*admin.*\]' <<<"$policy" || fail "policy does not make alice admin: $policy"
grep -Eq '^  - main$' <<<"$policy" || fail "policy does not protect main: $policy"
key_fpr=$(gpg --batch --with-colons --show-keys .runbook/keys/alice.asc 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
expect_eq "$key_fpr" "$alice" "fingerprint of .runbook/keys/alice.asc"
if gpg --batch --with-colons --show-keys .runbook/keys/alice.asc 2>/dev/null | grep -q '^sec'; then
  fail ".runbook/keys/alice.asc holds a SECRET key"
fi

check "the work tree is clean after init (git status --porcelain is empty)"
status=$(git status --porcelain)
expect_eq "$status" "" "git status --porcelain"

check "git config commit.gpgsign=true and user.signingkey=<fingerprint> in the repository"
expect_eq "$(git config --local commit.gpgsign)" true "commit.gpgsign"
expect_eq "$(git config --local user.signingkey)" "$alice" "user.signingkey"
expect_eq "$(git config --local runbook.trustRoot || true)" "" "runbook.trustRoot (not needed in a new repository)"

check "git verify-commit accepts the first commit, signed by alice"
expect_exit 0 git verify-commit --raw HEAD
expect_output "VALIDSIG $alice"

check "git runbook verify accepts the new repository"
expect_exit 0 runbook verify
expect_stdout '^verified: 1 commits? on main from trust root [0-9a-f]+, 0 problems$'

check "a plain \`git commit\` afterwards is signed with alice's key and verify accepts it"
echo "hello" >README.md
git add README.md
expect_exit 0 git commit -q -m "Add a README"
expect_exit 0 git verify-commit --raw HEAD
expect_output "VALIDSIG $alice"
expect_eq "$(git log -1 --format=%G?)" G "signature state of the plain commit"
expect_exit 0 runbook verify
expect_stdout '^verified: 2 commits'

check "a \`git commit -S\` naming alice's key explicitly is accepted by verify"
echo "more" >>README.md
expect_exit 0 git -c commit.gpgsign=false commit -q -a -S"$alice" -m "Extend the README"
expect_exit 0 git verify-commit HEAD
expect_exit 0 runbook verify
expect_stdout '^verified: 3 commits .* 0 problems$'

check "a second init is refused with exit 1, a clear message, and nothing changed"
before=$(head_of "$repo")
policy_before=$(cat .runbook/policy.yaml)
config_before=$(git config --local --list)
expect_exit 1 runbook init
expect_stderr 'already set up for runbooks'
expect_stderr '^git-runbook: error:'
expect_eq "$stdout" "" "stdout of the refused init"
expect_eq "$(head_of "$repo")" "$before" "HEAD after the refused init"
expect_eq "$(cat .runbook/policy.yaml)" "$policy_before" "policy after the refused init"
expect_eq "$(git status --porcelain)" "" "git status after the refused init"
expect_eq "$(git config --local --list)" "$config_before" "git config after the refused init"

check "init from a subfolder of a set-up repository is refused too"
mkdir -p "$repo/sub"
expect_exit 1 runbook init "$repo/sub"
expect_stderr 'already set up'
expect_eq "$(head_of "$repo")" "$before" "HEAD after init from a subfolder"
rmdir "$repo/sub"

check "a second init is refused even when the policy exists only on disk (not committed)"
disk="$work/ondisk"
git init -q "$disk"
mkdir -p "$disk/.runbook"
echo "version: 1" >"$disk/.runbook/policy.yaml"
expect_exit 1 runbook init "$disk"
expect_stderr 'already set up'
expect_eq "$(head_of "$disk")" none "HEAD after the refused init"

# --- a repository with earlier, unsigned history ------------------------------------
old="$work/existing"
git init -q "$old"
cd "$old"
echo "old notes" >notes.txt
git add notes.txt
git -c commit.gpgsign=false commit -q -m "Earlier unsigned commit"
earlier=$(head_of "$old")

check "init in an existing repository with an unsigned commit adds one signed commit on top"
expect_exit 0 runbook init
expect_stdout '^[0-9a-f]{40}$'
setup_commit=$stdout
init_stderr=$stderr
expect_eq "$(head_of "$old")" "$setup_commit" "HEAD after init"
expect_eq "$(git rev-parse HEAD^)" "$earlier" "parent of the set-up commit"
expect_eq "$(git status --porcelain)" "" "git status after init"
expect_eq "$(cat notes.txt)" "old notes" "earlier file after init"
expect_exit 0 git verify-commit HEAD

check "init sets runbook.trustRoot to its commit and says so"
expect_eq "$(git config --local runbook.trustRoot)" "$setup_commit" "runbook.trustRoot"
grep -q 'runbook.trustRoot' <<<"$init_stderr" || fail "init does not mention runbook.trustRoot: $init_stderr"

check "verify passes in the existing repository (trust starts at the set-up commit)"
expect_exit 0 runbook verify
expect_stdout "^verified: 1 commits? on main from trust root ${setup_commit:0:7}"

check "verify with --trust-root at the earlier commit (no policy there) exits 3"
expect_exit 3 runbook verify --trust-root "$earlier"
expect_stderr 'cannot start verification'

check "a plain git commit in the existing repository is signed and verifies"
echo "new" >>notes.txt
expect_exit 0 git commit -q -a -m "Update notes"
expect_exit 0 git verify-commit HEAD
expect_exit 0 runbook verify
expect_stdout '^verified: 2 commits'

# --- a repository without commits ----------------------------------------------------
check "init in a freshly \`git init\`ed repository without commits makes the first commit"
empty_repo="$work/no-commits"
git init -q "$empty_repo"
expect_exit 0 runbook init "$empty_repo"
expect_eq "$(git -C "$empty_repo" rev-list --count HEAD)" 1 "number of commits"
expect_eq "$(git -C "$empty_repo" config --local runbook.trustRoot || true)" "" "runbook.trustRoot"
expect_exit 0 git -C "$empty_repo" verify-commit HEAD
cd "$empty_repo"
expect_exit 0 runbook verify
cd "$work"
expect_eq "$(git -C "$empty_repo" status --porcelain)" "" "git status"

# --- a non-empty folder that is no repository ---------------------------------------
check "init in a non-empty folder that is not a repository exits 3 and writes nothing"
plain="$work/plain"
mkdir "$plain"
echo "keep me" >"$plain/file.txt"
listing_before=$(cd "$plain" && find . | sort)
cd "$plain"
expect_exit 3 runbook init
expect_stderr 'not a Git repository and is not empty'
expect_eq "$stdout" "" "stdout of the refused init"
[[ ! -e "$plain/.git" ]] || fail "init created $plain/.git"
expect_eq "$(find . | sort)" "$listing_before" "folder listing after the refused init"
expect_eq "$(cat file.txt)" "keep me" "file content after the refused init"
cd "$work"

check "init --person sets the first person's id"
named="$work/named"
expect_exit 0 runbook init "$named" --person lead
grep -q '^  lead:$' "$named/.runbook/policy.yaml" || fail "policy has no person 'lead'"
[[ -f "$named/.runbook/keys/lead.asc" ]] || fail "no .runbook/keys/lead.asc"
expect_exit 0 git -C "$named" verify-commit HEAD

check "init --person with an invalid id is a usage error (exit 2) and writes nothing"
badid="$work/badid"
mkdir "$badid"
expect_exit 2 runbook init "$badid" --person "Bad Id!"
[[ ! -e "$badid/.git" ]] || fail "init with an invalid --person created $badid/.git"

pass
