#!/usr/bin/env bash
# `git runbook verify`: a clean history passes; unsigned, foreign, tampered, malformed,
# doubly signed and unauthorized commits are each found, with their rule.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Builder" bob@example.com)
carol=$(make_key "Carol Clerk" carol@example.com)
mallory=$(make_key "Mallory Outsider" mallory@example.com)
export_key "$bob" "$work/bob.asc"
export_key "$carol" "$work/carol.asc"
git config --global user.email alice@example.com

# The base repository: alice (admin), bob (author and operator, not admin), carol (author,
# retired).
base="$work/base"
{
  runbook init "$base" --key "$alice" &&
    cd "$base" &&
    runbook keys add bob "$work/bob.asc" --roles author,operator &&
    runbook keys add carol "$work/carol.asc" --roles author &&
    runbook keys retire carol
} >/dev/null 2>&1 || fatal "setting up the base repository failed"
cd "$work"

sign() { # sign KEY… : a detached armored signature of stdin by every KEY
  local args=() key
  for key in "$@"; do
    args+=(-u "$key")
  done
  gpg --batch --pinentry-mode loopback --passphrase '' --detach-sign --armor "${args[@]}" 2>/dev/null
}

# write_commit: stores the raw commit object on stdin as is; prints its id.
write_commit() {
  git hash-object --literally -t commit -w --stdin
}

# splice_signature SIGFILE: inserts SIGFILE as a gpgsig header at the end of the headers
# of the raw commit on stdin (continuation lines start with a space, as Git writes them).
splice_signature() {
  awk -v sigfile="$1" '
    !done && $0 == "" {
      n = 0
      while ((getline line < sigfile) > 0) { print (n++ ? " " : "gpgsig ") line }
      done = 1
    }
    { print }'
}

# fresh NAME: a copy of the base repository; cd into it.
fresh() {
  cp -a "$base" "$work/$1"
  cd "$work/$1"
}

# commit_file KEY FILE TEXT MESSAGE: a commit signed by KEY with git itself.
commit_file() {
  echo "$3" >>"$2"
  git add "$2"
  git -c user.signingkey="$1" commit -q -S"$1" -m "$4"
}

# expect_problem RULE: verify exits 1 and reports RULE.
expect_problem() {
  expect_exit 1 runbook verify
  expect_stdout "^problem: commit [0-9a-f]+ on main \[$1\]: "
  expect_stdout '^NOT verified: '
  expect_stderr 'verification found [0-9]+ problems?'
}

check "the clean base repository verifies: exit 0 and a summary line"
cd "$base"
expect_exit 0 runbook verify
expect_stdout '^verified: 4 commits on main from trust root [0-9a-f]+, 0 problems$'
expect_no_output 'problem:'
verify_all_commits "$base"

check "verify --format json on the clean repository: ok=true, no problems"
expect_exit 0 runbook verify --format json
if command -v python3 >/dev/null; then
  expect_eq "$(json_get 'j["ok"]')" True "ok"
  expect_eq "$(json_get 'len(j["problems"])')" 0 "number of problems"
  expect_eq "$(json_get 'j["commits_checked"]')" 4 "commits_checked"
  expect_eq "$(json_get 'j["trust_root"]')" "$(git rev-list --max-parents=0 HEAD)" "trust_root"
  expect_eq "$(json_get 'j["refs"]')" "['main']" "refs"
else
  expect_stdout '"ok": true'
fi

check "a commit by bob (author, not admin) that changes a README is accepted"
fresh author-ok
commit_file "$bob" README.md "hello" "Add a README"
expect_exit 0 git verify-commit HEAD
expect_exit 0 runbook verify
expect_stdout '^verified: 5 commits .* 0 problems$'

check "an unsigned commit is refused: exit 1, rule [unsigned]"
fresh unsigned
echo "hello" >README.md
git add README.md
git -c commit.gpgsign=false commit -q -m "Unsigned change"
unsigned_commit=$(head_of .)
expect_problem unsigned
expect_stdout "commit ${unsigned_commit:0:7}"
expect_stdout 'what to do:'

check "verify --format json on the unsigned commit parses, ok=false, rule unsigned"
expect_exit 1 runbook verify --format json
if command -v python3 >/dev/null; then
  expect_eq "$(json_get 'j["ok"]')" False "ok"
  expect_eq "$(json_get '[p["rule"] for p in j["problems"]]')" "['unsigned']" "rules"
  expect_eq "$(json_get 'j["problems"][0]["commit"]')" "$unsigned_commit" "commit of the problem"
  # The problem's ref should be named as in "refs" (and as the text output does: "on main").
  expect_eq "$(json_get 'j["problems"][0]["ref"] in j["refs"]')" True \
    "problem ref '$(json_get 'j["problems"][0]["ref"]')' is one of refs $(json_get 'j["refs"]')"
  expect_eq "$(json_get 'bool(j["problems"][0]["fix"])')" True "the problem has a fix"
else
  expect_stdout '"ok": false'
  expect_stdout '"rule": "unsigned"'
fi

check "a commit signed by a key that is not in the policy: [unknown-signer]"
fresh unknown-signer
commit_file "$mallory" README.md "mallory was here" "Innocent change"
expect_exit 0 git verify-commit HEAD # a good signature as far as git can tell
expect_problem unknown-signer
expect_stdout "$mallory"

check "a commit changed after it was signed: [tampered]"
fresh tampered
commit_file "$alice" README.md "hello" "Add a README"
signed=$(head_of .)
forged=$(git cat-file commit "$signed" | sed 's/^Add a README$/Add a README, and nothing else/' | write_commit)
[[ "$forged" != "$signed" ]] || fatal "the forged commit equals the original"
git update-ref refs/heads/main "$forged" "$signed"
expect_exit nonzero git verify-commit "$forged" # sanity: git sees a BAD signature too
expect_problem tampered
expect_stdout "commit ${forged:0:7}"

check "a commit with a second gpgsig header: [malformed-commit]"
fresh double-header
commit_file "$alice" README.md "hello" "Add a README"
signed=$(head_of .)
forged=$(git cat-file commit "$signed" | awk '
  /^gpgsig / { in_sig = 1; block = $0 "\n"; print; next }
  in_sig && /^ / { block = block $0 "\n"; print; next }
  in_sig { printf "%s", block; in_sig = 0 }
  { print }' | write_commit)
expect_eq "$(git cat-file commit "$forged" | grep -c '^gpgsig ')" 2 "gpgsig headers in the forged commit"
git update-ref refs/heads/main "$forged" "$signed"
expect_problem malformed-commit
expect_stdout 'more than one gpgsig'

check "a commit whose one gpgsig block holds two signatures (alice and bob): [several-signatures]"
fresh two-signatures
echo "hello" >README.md
git add README.md
git -c commit.gpgsign=false commit -q -m "Signed twice"
plain=$(head_of .)
git cat-file commit "$plain" >"$work/payload"
sign "$alice" "$bob" <"$work/payload" >"$work/two.sig"
expect_eq "$(gpg --batch --list-packets "$work/two.sig" 2>/dev/null | grep -c '^:signature packet:')" 2 \
  "signature packets in the block"
forged=$(splice_signature "$work/two.sig" <"$work/payload" | write_commit)
git update-ref refs/heads/main "$forged" "$plain"
expect_eq "$(git cat-file commit "$forged" | grep -c 'BEGIN PGP SIGNATURE')" 1 "armored blocks in the forged commit"
expect_problem several-signatures

check "two signatures in one block, one of them by an unknown key (alice and mallory): [several-signatures]"
fresh two-signatures-unknown
echo "hello" >README.md
git add README.md
git -c commit.gpgsign=false commit -q -m "Signed twice"
plain=$(head_of .)
git cat-file commit "$plain" >"$work/payload2"
sign "$alice" "$mallory" <"$work/payload2" >"$work/two2.sig"
forged=$(splice_signature "$work/two2.sig" <"$work/payload2" | write_commit)
git update-ref refs/heads/main "$forged" "$plain"
expect_problem several-signatures

check "the splice itself is sound: one signature spliced the same way verifies"
fresh one-signature-spliced
echo "hello" >README.md
git add README.md
git -c commit.gpgsign=false commit -q -m "Signed once by splicing"
plain=$(head_of .)
git cat-file commit "$plain" >"$work/payload3"
sign "$alice" <"$work/payload3" >"$work/one.sig"
forged=$(splice_signature "$work/one.sig" <"$work/payload3" | write_commit)
git update-ref refs/heads/main "$forged" "$plain"
expect_exit 0 git verify-commit "$forged"
expect_exit 0 runbook verify

check "a policy change by bob (author, not admin), committed with git commit -S: [not-authorized]"
fresh bob-edits-policy
sed -i "/^  bob:/,/roles:/ s/roles: \[.*\]/roles: [admin, author, operator]/" .runbook/policy.yaml
git diff --quiet -- .runbook/policy.yaml && fatal "the policy edit did not change anything"
git add .runbook/policy.yaml
git -c user.signingkey="$bob" commit -q -S"$bob" -m "Make myself admin"
expect_exit 0 git verify-commit HEAD
expect_problem not-authorized
expect_stdout 'admin'

check "the same hand edit of the policy by alice (admin) with plain git commit is accepted"
fresh alice-edits-policy
sed -i "/^  bob:/,/roles:/ s/roles: \[.*\]/roles: [admin, author, operator]/" .runbook/policy.yaml
git add .runbook/policy.yaml
git commit -q -m "Make bob an admin"
expect_exit 0 git verify-commit HEAD
expect_exit 0 runbook verify
expect_exit 0 runbook keys list
expect_stdout 'roles: admin, author, operator'

check "a README change by erin (operator only) on the protected branch: [not-authorized]"
fresh operator-only
erin=$(make_key "Erin Operator" erin@example.com)
export_key "$erin" "$work/erin.asc"
runbook keys add erin "$work/erin.asc" --roles operator >/dev/null 2>&1 || fatal "keys add erin failed"
commit_file "$erin" README.md "erin" "Erin edits the README"
expect_problem not-authorized
expect_stdout 'author or admin'

check "bob (not admin) adding a key file by hand: [not-authorized]"
fresh bob-adds-key
export_key "$mallory" .runbook/keys/mallory.asc
git add .runbook/keys/mallory.asc
git -c user.signingkey="$bob" commit -q -S"$bob" -m "Add a key"
expect_problem not-authorized

check "a commit by retired carol is refused: [not-authorized], saying she is retired"
fresh retired
commit_file "$carol" README.md "carol again" "Carol still writes"
expect_exit 0 git verify-commit HEAD
expect_problem not-authorized
expect_stdout 'retired'

check "a commit by bob after his key was revoked is refused"
fresh revoked
runbook keys revoke bob >/dev/null 2>&1 || fatal "keys revoke bob failed"
commit_file "$bob" README.md "bob again" "Bob still writes"
expect_problem not-authorized
expect_stdout 'revoked'

check "bob's commits from before his revocation stay valid"
cd "$work/revoked"
git reset -q --hard HEAD^
expect_exit 0 runbook verify

check "a commit message holding an armored signature: [malformed-commit]"
fresh signature-in-message
echo "hello" >README.md
git add README.md
git -c user.signingkey="$alice" commit -q -S"$alice" -m "Odd message" \
  -m "-----BEGIN PGP SIGNATURE-----" -m "-----END PGP SIGNATURE-----"
expect_problem malformed-commit

check "a commit with a header Git does not write: [malformed-commit]"
fresh odd-header
commit_file "$alice" README.md "hello" "Add a README"
signed=$(head_of .)
forged=$(git cat-file commit "$signed" | awk '/^committer / && !done { print; print "x-smuggled yes"; done = 1; next } { print }' |
  write_commit)
git update-ref refs/heads/main "$forged" "$signed"
expect_problem malformed-commit

check "problems are found on any commit of the history, not only at the tip"
fresh deep
git -c commit.gpgsign=false commit -q --allow-empty -m "Unsigned in the middle"
middle=$(head_of .)
commit_file "$alice" README.md "later" "A good commit on top"
expect_problem unsigned
expect_stdout "commit ${middle:0:7}"

check "--trust-root pointing to something that is not a commit exits 3 (unknown name, missing id)"
cd "$base"
expect_exit 3 runbook verify --trust-root nosuchcommit
expect_stderr 'not a commit'
expect_exit 3 runbook verify --trust-root 0000000000000000000000000000000000000000
expect_stderr 'not a commit'

check "--trust-root naming a blob exits 3 with the same plain message (not a libgit2 error)"
expect_exit 3 runbook verify --trust-root "$(git rev-parse HEAD:.runbook/policy.yaml)"
expect_stderr 'not a commit'
expect_no_output 'git_object'

check "runbook.trustRoot in git config pointing to a non-commit exits 3 and names the setting"
fresh bad-config-root
git config runbook.trustRoot deadbeefdeadbeefdeadbeefdeadbeefdeadbeef
expect_exit 3 runbook verify
expect_stderr 'runbook.trustRoot'

check "--trust-root at a later commit verifies from there"
cd "$base"
expect_exit 0 runbook verify --trust-root HEAD~1
expect_stdout '^verified: 2 commits'

check "the protected branch missing (renamed, an unsigned commit on top) is a problem, not 0 problems"
fresh renamed
root=$(git rev-list --max-parents=0 HEAD)
git branch -m main elsewhere
echo "Unsigned" >NOTES.md && git add NOTES.md && git commit -q --no-verify --no-gpg-sign -m "Unsigned note"
expect_exit 1 runbook verify --trust-root "$root"
expect_stdout '\[missing-branch\]: none of the protected branches \(main\) is in this repository'
expect_stdout 'what to do: fetch it \(`git fetch origin main`\)'
expect_stdout '^NOT verified: '

check "replace refs, grafts and alternates are said as warnings; verify judges the real objects"
fresh overrides
fake=$(git cat-file commit HEAD | sed 's/^Retire carol/Retire nobody/' | write_commit)
git replace HEAD "$fake"
echo "$(git rev-parse HEAD~1)" >.git/info/grafts
echo "$base/.git/objects" >.git/objects/info/alternates
expect_exit 0 runbook verify --no-cache
expect_stdout '^warning: 1 replace ref \(refs/replace/\) makes `git log` and `git show` display other objects'
expect_stdout '^warning: info/grafts makes `git log` show other parents'
expect_stdout '^warning: objects/info/alternates lets this clone read objects from another repository'
expect_stdout '^verified: '
expect_exit 0 runbook verify --format json
expect_stdout '"warnings": \['

check "a shallow clone is told to fetch the rest of its history"
git clone -q --depth 1 "file://$base" "$work/shallow" 2>/dev/null
cd "$work/shallow"
expect_exit 3 runbook verify
expect_stderr 'this clone is shallow .*`git fetch --unshallow`'

check "verify outside a repository exits 3"
mkdir -p "$work/nowhere"
cd "$work/nowhere"
expect_exit 3 runbook verify

check "verify --range A..B judges only the commits B adds, as the server would (a CI job)"
fresh range
git switch -q -c review/readme
echo "Our runbooks" >README.md && git add README.md
git commit -q -S -m "Add a README"
expect_exit 0 runbook verify --range main..review/readme
expect_stdout '^verified: 1 commit on main\.\.review/readme \(as refs/heads/review/readme\)'
echo "More" >>README.md && git commit -q --no-gpg-sign -am "Unsigned change"
expect_exit 1 runbook verify --range main..review/readme
expect_stdout 'on review/readme \[unsigned\]: the commit is not signed'
expect_stdout '^NOT verified: 2 commits on main\.\.review/readme'
expect_exit 1 runbook verify --range main..HEAD --format json
expect_eq "$(json_get 'j["problems"][0]["rule"]')" unsigned "the rule in JSON"
expect_exit 2 runbook verify --range main
expect_stderr 'takes two revisions as A\.\.B'
expect_exit 2 runbook verify --range main..no-such-branch
expect_stderr '"no-such-branch" in --range is not a commit'

check "verify keeps what it checked in .git/runbook/verify-cache; new commits are still judged"
fresh cached
expect_exit 0 runbook verify
expect_true "the cache file is written" grep -q '^git-runbook verify cache 1$' .git/runbook/verify-cache
expect_exit 0 runbook verify
expect_stdout ', 0 problems$'
echo "Unsigned" >NOTES.md && git add NOTES.md && git commit -q --no-verify --no-gpg-sign -m "Unsigned note"
expect_exit 1 runbook verify
expect_stdout '\[unsigned\]: the commit is not signed'

check "a forged cache entry hides nothing from verify --no-cache; a damaged cache is ignored"
bad=$(git rev-parse HEAD)
printf 'p %s -\n' "$bad" >>.git/runbook/verify-cache
expect_exit 1 runbook verify --no-cache
expect_stdout "commit ${bad:0:10} on main \\[unsigned\\]"
printf 'garbage\n' >>.git/runbook/verify-cache
expect_exit 1 runbook verify
expect_stdout '\[unsigned\]'
printf 'not a cache\n' >.git/runbook/verify-cache
expect_exit 1 runbook verify
expect_stdout '\[unsigned\]'

check "verify changed nothing in the base repository"
cd "$base"
expect_eq "$(git status --porcelain)" "" "git status"
expect_exit 0 runbook verify

pass
