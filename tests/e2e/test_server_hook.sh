#!/usr/bin/env bash
# The server's pre-receive hook, proven with real `git push` over file:// into a bare
# repository: legitimate work lands; every push that breaks a rule is refused with the
# rule's name and a plain reason, and no ref on the server moves. At the end a fresh
# clone of the server passes `git runbook verify`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)    # every role (runs init)
bob=$(make_key "Bob Builder" bob@example.com)        # operator, approver
carol=$(make_key "Carol Writer" carol@example.com)   # author, approver
dave=$(make_key "Dave Leaver" dave@example.com)      # operator, retired later
mallory=$(make_key "Mallory Outsider" mallory@example.com) # in no policy
for person in bob carol dave; do
  export_key "${!person}" "$work/$person.asc"
done
git config --global user.email alice@example.com

server="$work/server.git"
url="file://$server"
a="$work/alice" # alice's clone; the others sign there with their keys too
b="$work/bob"   # bob's own clone, for his review branch
log=runbook-log

# --- helpers -----------------------------------------------------------------------
legit=0
hostile=0
watched="$server" # the server whose refs push_refused compares
server_refs() { git -C "$watched" for-each-ref --format='%(objectname) %(refname)'; }
server_tip() { git -C "$server" rev-parse -q --verify "$1" 2>/dev/null || echo none; }

# push_accepted ARGS…: `git push ARGS…` passes the hook.
push_accepted() {
  legit=$((legit + 1))
  expect_exit 0 git push "$@"
  expect_stderr 'remote: git-runbook: checked [0-9]+ new commits? on [0-9]+ refs?: accepted'
}

# push_refused RULE WORDS ARGS…: `git push ARGS…` fails, the hook names [RULE], says
# WORDS and a fix, and no ref of the server moves.
push_refused() {
  local rule=$1 words=$2 before
  shift 2
  hostile=$((hostile + 1))
  before=$(server_refs)
  expect_exit 1 git push "$@"
  if [[ "$rc" == 0 ]]; then # accepted: the rest would only repeat it
    expect_eq "$(server_refs)" "$before" "the server's refs"
    return 0
  fi
  expect_stderr "remote: git-runbook: refused refs/"
  expect_stderr "remote: .*\[$rule\]"
  expect_stderr "$words"
  expect_stderr 'remote: +fix: '
  expect_stderr 'remote: git-runbook: error: the push was refused \([0-9]+ of [0-9]+ refs?\); nothing was stored'
  expect_stderr 'pre-receive hook declined'
  expect_eq "$(server_refs)" "$before" "the server's refs"
  verify_agrees "$rule" "$@"
}

# verify_agrees RULE ARGS…: the one-judge check (DESIGN §8). For each ref of a refused
# `git push ARGS…` that `verify` judges (the protected branch and the log), a copy of the
# server is given the pushed commit without its hook, and `git runbook verify` there must
# find the same rule. Rules about moving a ref (rewrites, deletions, names, tags) have no
# history for verify to judge: counted apart.
# A push that the two judge differently on purpose sets verify_differs to the reason
# first: verify must then accept what the hook refused, and the difference is counted.
judged_by_both=0
ref_moves=0
known_differences=0
verify_differs=""
verify_agrees() {
  local rule=$1 arg remote="" spec src dst copy="$work/verify-copy.git" before_out=$stdout before_err=$stderr
  shift
  case "$rule" in
  non-fast-forward | off-first-parent | delete-protected | ref-not-allowed | unsigned-tag | tag-* | no-policy)
    ref_moves=$((ref_moves + 1))
    return 0
    ;;
  esac
  for arg in "$@"; do
    [[ $arg == -* ]] && continue
    if [[ -z $remote ]]; then
      remote=$arg
      continue
    fi
    spec=${arg#+}
    src=${spec%%:*} dst=${spec#*:}
    [[ $dst == refs/* ]] || dst="refs/heads/$dst"
    [[ $dst == refs/heads/main || $dst == "refs/heads/$log" ]] || continue
    judged_by_both=$((judged_by_both + 1))
    rm -rf "$copy"
    cp -a "$watched" "$copy"
    rm -rf "$copy/hooks"
    git push -q --force "$copy" "$src:$dst" >/dev/null 2>&1 || fail "could not give the verify copy $src"
    # verify keeps what it found sound in runbook/verify-cache (as in any clone): carried
    # from one copy to the next, so each run judges little more than the push.
    [[ -f "$work/verify-cache" ]] && mkdir -p "$copy/runbook" && cp "$work/verify-cache" "$copy/runbook/"
    local here=$PWD
    cd "$copy"
    run_capture runbook verify
    cd "$here"
    [[ -f "$copy/runbook/verify-cache" ]] && cp "$copy/runbook/verify-cache" "$work/verify-cache"
    last_command="runbook verify   # in a copy of the server holding $src as $dst"
    if [[ -n $verify_differs ]]; then
      known_differences=$((known_differences + 1))
      [[ "$rc" == 0 ]] || fail "verify exits $rc; this push was expected to be judged differently: $verify_differs"
    else
      [[ "$rc" == 1 ]] || fail "verify exits $rc where the hook refused [$rule]"
      grep -qE -- "^problem: .*\[$rule\]" <<<"$stdout" || fail "verify does not report [$rule] as the hook did"
    fi
    rm -rf "$copy"
  done
  verify_differs=""
  stdout=$before_out stderr=$before_err
}

# flagged_on_copy WORDS COMMIT: a push of COMMIT to the log branch of a copy of the
# server is accepted (each record is valid for its author) and the hook says the run
# needs a look with WORDS (DESIGN §4, ordering rules); the server itself is untouched.
flagged_on_copy() {
  local words=$1 commit=$2 copy="$work/flag-copy.git"
  rm -rf "$copy"
  cp -a "$server" "$copy"
  legit=$((legit + 1))
  expect_exit 0 git push "file://$copy" "$commit:refs/heads/$log"
  expect_stderr "remote: git-runbook: accepted, but needs a look: run .*$words"
  expect_stderr 'remote: git-runbook: checked [0-9]+ new commits? on [0-9]+ refs?: accepted'
  rm -rf "$copy"
}

# Hand-made commits, built in the current repository without touching its work tree:
# craft_from COMMIT|none, then craft_add/craft_text/craft_rm, then craft_commit.
craft_index="$work/craft.index"
# signed_object FILE KEY…: stores the unsigned raw commit FILE with a gpgsig header
# signed by every KEY (one armored block); prints its id.
signed_object() {
  local file=$1 users=() key
  shift
  for key in "$@"; do
    users+=(-u "$key")
  done
  gpg --batch --armor --detach-sign "${users[@]}" <"$file" >"$file.sig" 2>/dev/null
  { sed '/^$/q' "$file" | sed '$d'; sed '1s/^/gpgsig /; 2,$s/^/ /' "$file.sig"; echo; sed '1,/^$/d' "$file"; } |
    git hash-object --literally -t commit -w --stdin
}

# make_record EVENT STEP OUTCOME BY [LINE…]: a record of $run (pinned like its start) in
# $work/record.yaml; sets record_path to where it belongs. Empty STEP/OUTCOME: none.
serial=0
make_record() {
  local event=$1 step=$2 outcome=$3 by=$4
  shift 4
  serial=$((serial + 1))
  record_path="$run_dir/$(date -u +%Y%m%dT%H%M%SZ)-$event${step:+-$step}-$(printf '%04x' $((0xa000 + serial))).yaml"
  write_record "$work/record.yaml" "$run" 1 "$pinned_blob" "$pinned_source" "$event" "$step" "$outcome" "$by" "$@"
}
# log_commit KEY MESSAGE: a commit on the server's log tip adding $work/record.yaml at
# $record_path (crafted so far with craft_from/craft_*: call log_start first).
log_start() { craft_from "$(server_tip "$log")"; }
log_commit() {
  craft_add "$record_path" "$work/record.yaml"
  craft_commit "$1" "$2" "$(server_tip "$log")"
}

# --- the server and the first push ------------------------------------------------
check "hook install on an empty bare repository: shim, receive.fsckObjects, trust root left to the first push"
git init -q --bare "$server"
expect_exit 0 runbook hook install "$server"
expect_stderr 'installed the pre-receive hook'
expect_stderr 'receive.fsckObjects=true'
expect_stderr 'the first push of the protected branch'
expect_true "hooks/pre-receive is executable" test -x "$server/hooks/pre-receive"
expect_true "the shim runs this binary" grep -qF "$(cd "$(dirname "$GIT_RUNBOOK")" && pwd -P)/$(basename "$GIT_RUNBOOK")" \
  "$server/hooks/pre-receive"
expect_eq "$(git -C "$server" config receive.fsckObjects)" true "receive.fsckObjects"

{
  runbook init "$a" --key "$alice" && cd "$a" && git remote add origin "$url"
} >/dev/null 2>&1 || fatal "git runbook init failed"
root=$(git rev-parse HEAD)

check "legit 1: the first push of main lands and pins the trust root to its first commit"
push_accepted origin main
expect_eq "$(server_tip main)" "$root" "server main"
expect_eq "$(git -C "$server" config runbook.trustRoot)" "$root" "runbook.trustRoot"

check "legit 2: a policy change by an admin (keys add bob, carol, dave)"
{
  runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice" &&
    runbook keys add carol "$work/carol.asc" --roles author,approver --key "$alice" &&
    runbook keys add dave "$work/dave.asc" --roles operator --key "$alice"
} >/dev/null 2>&1 || fatal "keys add failed"
push_accepted origin main
expect_stderr 'checked 3 new commits on 1 ref'
expect_eq "$(server_tip main)" "$(git rev-parse main)" "server main"

check "legit 3: a new runbook published by carol (author)"
{
  runbook new onboarding --template employee-onboarding && without_training runbooks/onboarding/v1.yaml && runbook publish onboarding -m "How we onboard" --key "$carol"
} >/dev/null 2>&1 || fatal "new/publish onboarding failed"
push_accepted origin main
expect_eq "$(server_tip main)" "$(git rev-parse main)" "server main"
v1_blob=$(git rev-parse main:runbooks/onboarding/v1.yaml)

# --- hostile pushes to main -------------------------------------------------------
main_tip=$(server_tip main)

check "hostile: an unsigned commit"
craft_from "$main_tip"
craft_text README.md "Runbooks of the team"
c=$(craft_commit - "Add a README" "$main_tip")
push_refused unsigned 'the commit is not signed' origin "$c:refs/heads/main"

check "hostile: a commit signed by a key that is not in the policy"
c=$(craft_commit "$mallory" "Add a README" "$main_tip")
push_refused unknown-signer "signed by key $mallory, which is not in the policy" origin "$c:refs/heads/main"

check "hostile: a commit changed after it was signed (tampered object)"
c=$(craft_commit "$carol" "Add a README" "$main_tip")
expect_true "the original passes git verify-commit" git verify-commit "$c"
t=$(git cat-file commit "$c" | sed 's/^Add a README$/Add a README (harmless, promise)/' | git hash-object -t commit -w --stdin)
expect_true "the tampered object differs" test "$t" != "$c"
push_refused tampered 'does not match its content: the commit was changed after it was signed' origin "$t:refs/heads/main"

check "hostile: a commit whose signature block holds two signatures"
printf 'tree %s\nparent %s\nauthor Alice <alice@example.com> 1700000000 +0000\ncommitter Alice <alice@example.com> 1700000000 +0000\n\nTwo signatures\n' \
  "$(git rev-parse "$main_tip^{tree}")" "$main_tip" >"$work/raw"
c=$(signed_object "$work/raw" "$alice" "$carol")
push_refused several-signatures 'holds 2 signatures instead of exactly one' origin "$c:refs/heads/main"

check "hostile: a signed commit with a header Git never writes (malformed)"
printf 'tree %s\nparent %s\nauthor Alice <alice@example.com> 1700000000 +0000\ncommitter Alice <alice@example.com> 1700000000 +0000\nx-trust-me yes\n\nExtra header\n' \
  "$(git rev-parse "$main_tip^{tree}")" "$main_tip" >"$work/raw"
c=$(signed_object "$work/raw" "$alice")
push_refused malformed-commit 'header Git does not write: "x-trust-me"' origin "$c:refs/heads/main"

check "hostile: a commit with a NUL byte is refused by Git's own fsck (receive.fsckObjects)"
printf 'tree %s\nparent %s\nauthor Alice <alice@example.com> 1700000000 +0000\ncommitter Alice <alice@example.com> 1700000000 +0000\n\nNUL \0 inside\n' \
  "$(git rev-parse "$main_tip^{tree}")" "$main_tip" >"$work/raw"
c=$(signed_object "$work/raw" "$alice")
hostile=$((hostile + 1))
before=$(server_refs)
expect_exit 1 git push origin "$c:refs/heads/main"
expect_stderr 'nulInCommit'
expect_stderr 'remote rejected'
expect_eq "$(server_refs)" "$before" "the server's refs"

check "hostile: a folder that holds v1.yaml twice, on a server whose admin turned Git's fsck off: the hook refuses it"
# The edited copy second, where a reader that takes the last one would see an edited
# published version (tree_twice, lib.sh).
edited=$(git show "$main_tip:runbooks/onboarding/v1.yaml" | sed 's/^title: .*/title: Quietly changed/' | git hash-object -w --stdin)
folder=$(tree_twice "$main_tip:runbooks/onboarding" v1.yaml "$edited")
twice_runbooks=$(with_entry "$main_tip:runbooks" onboarding "$folder" | git mktree)
twice_root=$(with_entry "$main_tip" runbooks "$twice_runbooks" | git mktree)
c=$(git commit-tree -S"$carol" -p "$main_tip" -m "Small fix" "$twice_root")
git -C "$server" config receive.fsckObjects false
push_refused malformed-tree 'holds "v1.yaml" twice' origin "$c:refs/heads/main"
git -C "$server" config receive.fsckObjects true

check "hostile: a published version edited (git commit --no-verify, signed by the author)"
echo "# a quiet edit" >>runbooks/onboarding/v1.yaml
git commit -q --no-verify -S"$carol" -am "Small fix to v1"
push_refused append-only 'runbooks/onboarding/v1.yaml is published and cannot change' origin main
git reset -q --hard origin/main

check "hostile: a published version deleted"
git rm -q runbooks/onboarding/v1.yaml
git commit -q --no-verify -S"$carol" -m "Remove onboarding"
push_refused append-only 'runbooks/onboarding/v1.yaml is published and cannot be removed' origin main
git reset -q --hard origin/main

check "hostile: a published version renamed"
craft_from "$main_tip"
craft_rm runbooks/onboarding/v1.yaml
craft_add runbooks/welcome/v1.yaml <(sed 's/^id: onboarding$/id: welcome/' runbooks/onboarding/v1.yaml)
c=$(craft_commit "$carol" "Rename onboarding to welcome" "$main_tip")
push_refused append-only 'onboarding/v1.yaml is published and cannot be removed or renamed' origin "$c:refs/heads/main"

check "hostile: a version gap (v3 without v2)"
craft_from "$main_tip"
craft_add runbooks/onboarding/v3.yaml <(sed 's/^version: 1$/version: 3/; s/^title: /change: "Skipping ahead"\ntitle: /' \
  runbooks/onboarding/v1.yaml)
c=$(craft_commit "$carol" "Publish onboarding v3" "$main_tip")
push_refused append-only 'runbooks/onboarding/v3.yaml skips version 2' origin "$c:refs/heads/main"

check "hostile: a runbook that is not valid YAML"
craft_from "$main_tip"
craft_text runbooks/broken/v1.yaml $'id: broken\nversion: 1\ntitle: [never closed\n'
c=$(craft_commit "$carol" "Publish broken v1" "$main_tip")
push_refused invalid-file 'runbooks/broken/v1.yaml:[0-9]+' origin "$c:refs/heads/main"

check "hostile: a runbook whose id does not match its folder"
craft_from "$main_tip"
craft_add runbooks/welcome/v1.yaml runbooks/onboarding/v1.yaml
c=$(craft_commit "$carol" "Publish welcome v1" "$main_tip")
push_refused invalid-file 'runbooks/welcome/v1.yaml:[0-9]+:[0-9]+: .*(onboarding|welcome)' origin "$c:refs/heads/main"

check "hostile: a symbolic link under runbooks/"
craft_from "$main_tip"
craft_link runbooks/onboarding/v2.yaml v1.yaml
c=$(craft_commit "$carol" "Link v2 to v1" "$main_tip")
push_refused not-regular-file 'runbooks/onboarding/v2.yaml is a link or a submodule' origin "$c:refs/heads/main"

check "hostile: a stray file under runbooks/<id>/"
craft_from "$main_tip"
craft_text runbooks/onboarding/notes.txt "remember the laptop"
c=$(craft_commit "$carol" "Add notes" "$main_tip")
push_refused append-only 'runbooks/onboarding/notes.txt does not belong in runbooks/' origin "$c:refs/heads/main"

check "hostile: a runbook file larger than 1 MiB"
craft_from "$main_tip"
{
  sed 's/^id: onboarding$/id: huge/' runbooks/onboarding/v1.yaml
  head -c 1100000 /dev/zero | tr '\0' '#'
  echo
} >"$work/huge.yaml"
craft_add runbooks/huge/v1.yaml "$work/huge.yaml"
c=$(craft_commit "$carol" "Publish huge v1" "$main_tip")
push_refused too-large 'runbooks/huge/v1.yaml is larger than 1 MiB' origin "$c:refs/heads/main"

check "hostile: a policy change signed by a non-admin (carol makes herself admin)"
craft_from "$main_tip"
craft_add .runbook/policy.yaml <(sed 's/roles: \[author, approver\]/roles: [admin, author, approver]/' .runbook/policy.yaml)
c=$(craft_commit "$carol" "Make carol an admin" "$main_tip")
expect_true "the crafted policy differs" test "$(git rev-parse "$c:.runbook/policy.yaml")" != \
  "$(git rev-parse "$main_tip:.runbook/policy.yaml")"
push_refused not-authorized 'carol changed .runbook/policy.yaml, which needs the admin role' origin "$c:refs/heads/main"

check "hostile: an invalid policy, even signed by an admin"
craft_from "$main_tip"
craft_add .runbook/policy.yaml <(sed 's/^version: 1$/version: 7/' .runbook/policy.yaml)
c=$(craft_commit "$alice" "Policy version 7" "$main_tip")
push_refused invalid-file '\.runbook/policy\.yaml' origin "$c:refs/heads/main"

check "hostile: a runbook published on main by an operator (bob)"
craft_from "$main_tip"
craft_add runbooks/welcome/v1.yaml <(sed 's/^id: onboarding$/id: welcome/' runbooks/onboarding/v1.yaml)
c=$(craft_commit "$bob" "Publish welcome v1" "$main_tip")
push_refused not-authorized 'bob changed runbooks/welcome/v1.yaml, which needs the author role' origin "$c:refs/heads/main"

check "hostile: deleting main"
push_refused delete-protected 'refs/heads/main holds published work and can never be deleted' origin :refs/heads/main

check "hostile: force-pushing main (a rewritten history)"
craft_from "$main_tip^"
craft_text README.md "Another history"
c=$(craft_commit "$alice" "Rewrite history" "$main_tip^")
push_refused non-fast-forward 'the push would rewrite refs/heads/main' --force origin "$c:refs/heads/main"

check "hostile: an orphan history pushed as a branch"
craft_from none
craft_add .runbook/policy.yaml .runbook/policy.yaml
c=$(craft_commit "$alice" "A second beginning")
push_refused outside-trust-root 'does not descend from the trust root' origin "$c:refs/heads/fresh-start"

check "hostile: a bad commit under a good tip (unsigned, then signed by alice)"
craft_from "$main_tip"
craft_text README.md "Runbooks of the team"
c=$(craft_commit - "Add a README" "$main_tip")
craft_text README.md "Runbooks of the team, signed"
c=$(craft_commit "$alice" "Reword the README" "$c")
push_refused unsigned 'the commit is not signed' origin "$c:refs/heads/main"
expect_stderr 'commit [0-9a-f]{10} "Add a README"'

check "hostile: a signed merge that brings in a commit by a key outside the policy"
craft_from "$main_tip"
craft_text NOTES.md "from outside"
side=$(craft_commit "$mallory" "Notes from outside" "$main_tip")
c=$(craft_commit "$carol" "Merge the notes" "$main_tip" "$side")
push_refused unknown-signer "signed by key $mallory, which is not in the policy" origin "$c:refs/heads/main"

check "hostile: a signed merge whose result edits a published version"
craft_from "$main_tip"
craft_text NOTES.md "an idea"
side=$(craft_commit "$bob" "An idea" "$main_tip")
craft_add runbooks/onboarding/v1.yaml <(sed 's/^title: .*/title: Onboarding (quietly changed)/' runbooks/onboarding/v1.yaml)
c=$(craft_commit "$carol" "Merge the idea" "$main_tip" "$side")
push_refused append-only 'runbooks/onboarding/v1.yaml is published and cannot change' origin "$c:refs/heads/main"

check "hostile: a review branch that edits a published version"
craft_from "$main_tip"
craft_add runbooks/onboarding/v1.yaml <(sed 's/^title: .*/title: Onboarding (quietly changed)/' runbooks/onboarding/v1.yaml)
c=$(craft_commit "$bob" "Retitle onboarding" "$main_tip")
push_refused append-only 'runbooks/onboarding/v1.yaml is published and cannot change' origin "$c:refs/heads/review/retitle"

check "hostile: a submodule on a review branch"
craft_from "$main_tip"
GIT_INDEX_FILE="$craft_index" git update-index --add --cacheinfo "160000,$main_tip,vendor/tools"
c=$(craft_commit "$bob" "Add tools as a submodule" "$main_tip")
push_refused not-regular-file 'vendor/tools is a link or a submodule' origin "$c:refs/heads/review/tools"

check "hostile: a file larger than 50 MiB on a review branch"
head -c $((50 * 1024 * 1024 + 1)) /dev/zero >"$work/big.bin"
craft_from "$main_tip"
craft_add media/big.bin "$work/big.bin"
rm -f "$work/big.bin"
c=$(craft_commit "$bob" "Add a recording" "$main_tip")
push_refused too-large 'media/big.bin is larger than 50 MiB' origin "$c:refs/heads/review/media"

# --- records ------------------------------------------------------------------------
check "legit 4: bob starts a run and records steps 1-3 (step 3 needs approval)"
run=$(runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
  --input "manager=Mo Manager" --input work_location=Remote --key "$bob" 2>/dev/null) || fatal "start failed"
{
  runbook step "$run" 1 --outcome done --evidence https://hr.example/e/1 --key "$bob" &&
    runbook step "$run" 2 --outcome done --evidence https://desk.example/REQ-1 --key "$bob" &&
    runbook step "$run" 3 --outcome done --note "standard accounts only" --key "$bob"
} >/dev/null 2>&1 || fatal "recording steps failed"
push_accepted origin "$log"
expect_stderr 'checked 4 new commits on 1 ref'
expect_eq "$(server_tip "$log")" "$(git rev-parse "$log")" "server $log"
day=${run#onboarding-}
run_dir="runs/${day:0:4}/${day:4:2}/${day:6:2}/$run"
start_record=$(git show "$log:$(git ls-tree -r --name-only "$log" -- "$run_dir" | grep -- '-start-')")
pinned_blob=$(sed -n 's/^runbook_blob: "\{0,1\}\([0-9a-f]*\)"\{0,1\}$/\1/p' <<<"$start_record")
pinned_source=$(sed -n 's/^source_commit: "\{0,1\}\([0-9a-f]*\)"\{0,1\}$/\1/p' <<<"$start_record")
expect_eq "$pinned_blob" "$v1_blob" "the start record's runbook_blob"

check "hostile: bob approves the step he did himself"
make_record approve 3 "" bob
log_start
c=$(log_commit "$bob" "approve step 3")
push_refused record-rule 'bob recorded step 3 and cannot also approve it' origin "$c:refs/heads/$log"

# Runs are rebuilt in the log's order, never sorted by the `at` a signer wrote (issue 19).
check "hostile: alice approves step 3, which she recorded last, dating her record before bob's"
make_record step 3 done alice 'note: "standard accounts only"'
sed -i "s/^at: .*/$(grep '^at: ' <<<"$start_record")/" "$work/record.yaml" # the start's own time
log_start
first=$(log_commit "$alice" "step 3")
make_record approve 3 "" alice
craft_from "$first"
craft_add "$record_path" "$work/record.yaml"
c=$(craft_commit "$alice" "approve 3" "$first")
push_refused record-rule 'alice recorded step 3 and cannot also approve it' origin "$c:refs/heads/$log"

check "hostile: a record dated at a time that does not exist (9999-99-99T99:99:99Z)"
make_record note "" "" bob 'note: "from the future"'
sed -i 's/^at: .*/at: "9999-99-99T99:99:99Z"/' "$work/record.yaml"
log_start
c=$(log_commit "$bob" "note")
push_refused '(invalid-record|record-rule)' '9999-99-99T99:99:99Z' origin "$c:refs/heads/$log"

check "ordering: finish as completed while steps are open is accepted and flagged"
make_record finish "" completed bob
log_start
c=$(log_commit "$bob" "finish")
flagged_on_copy 'completed the run while step [0-9]+ was neither done nor skipped \[not-ready\]' "$c"

check "hostile: a record signed by bob that claims to be by alice"
make_record note "" "" alice 'note: "alice was here"'
log_start
c=$(log_commit "$bob" "note")
push_refused wrong-signer 'the record says it is by alice but the commit is signed by bob' origin "$c:refs/heads/$log"

check "hostile: an unsigned record"
make_record note "" "" bob 'note: "unsigned"'
log_start
c=$(log_commit - "note")
push_refused unsigned 'the commit is not signed' origin "$c:refs/heads/$log"

check "hostile: two records in one commit"
make_record note "" "" bob 'note: "first"'
log_start
craft_add "$record_path" "$work/record.yaml"
make_record note "" "" bob 'note: "second"'
c=$(log_commit "$bob" "two notes")
push_refused one-record 'it adds 2 record files; each commit of the log adds exactly one' origin "$c:refs/heads/$log"

check "hostile: a record edited after it was written"
step1=$(git ls-tree -r --name-only "$log" -- "$run_dir" | grep -- '-step-1-')
log_start
craft_add "$step1" <(git show "$log:$step1" | sed 's/^outcome: .*/outcome: "skipped"/')
c=$(craft_commit "$bob" "step 1 skipped after all" "$(server_tip "$log")")
push_refused log-rewritten "it changes or removes $step1; records are never changed once written" origin "$c:refs/heads/$log"

check "hostile: a file outside runs/ on the log branch"
log_start
craft_text README.md "the log"
c=$(craft_commit "$bob" "README on the log" "$(server_tip "$log")")
push_refused outside-runs 'it adds README.md, outside runs/' origin "$c:refs/heads/$log"

check "hostile: a merge on the log branch"
make_record note "" "" bob 'note: "side line"'
log_start
side=$(log_commit "$bob" "note on a side line")
craft_from "$side"
c=$(craft_commit "$bob" "merge the side line" "$(server_tip "$log")" "$side")
push_refused log-not-linear 'it is a merge; the log branch is one line of records' origin "$c:refs/heads/$log"

check "hostile: a run started on a version that is not published"
unpublished=$(sed 's/^title: .*/title: Employee onboarding (draft)/' runbooks/onboarding/v1.yaml | git hash-object -w --stdin)
saved_run=$run saved_dir=$run_dir saved_blob=$pinned_blob
run="onboarding-${day:0:8}T0000Z-beef" run_dir="runs/${day:0:4}/${day:4:2}/${day:6:2}/onboarding-${day:0:8}T0000Z-beef"
pinned_blob=$unpublished
make_record start "" "" bob 'inputs:' '  employee_name: "Ghost"'
log_start
c=$(log_commit "$bob" "start a draft")
run=$saved_run run_dir=$saved_dir pinned_blob=$saved_blob
push_refused not-published 'runbooks/onboarding/v1.yaml .*which is not published on the protected branch' origin "$c:refs/heads/$log"

check "hostile: a record pinned to another version than its run's start"
pinned_blob=$unpublished
make_record note "" "" bob 'note: "other pin"'
pinned_blob=$saved_blob
log_start
c=$(log_commit "$bob" "note")
push_refused pin-mismatch "the record names another runbook version than its run's start" origin "$c:refs/heads/$log"

check "hostile: a record that is not valid (no by:)"
make_record note "" "" bob 'note: "who?"'
sed -i '/^by: /d' "$work/record.yaml"
log_start
c=$(log_commit "$bob" "note")
push_refused invalid-record "$run_dir/.*by" origin "$c:refs/heads/$log"

check "hostile: a record filed under another day's folder"
make_record note "" "" bob 'note: "lost"'
record_path="runs/2020/01/01/$run/${record_path##*/}"
log_start
c=$(log_commit "$bob" "note")
push_refused misplaced-record "is not where a note record of run $run belongs" origin "$c:refs/heads/$log"

check "hostile: evidence named by the record but missing from the commit"
make_record step 3 done bob 'note: "redo"' 'evidence:' '  - file: "evidence/0123456789ab-list.txt"' \
  '    name: "list.txt"' "    sha256: \"$(printf 'x' | sha256sum | cut -d' ' -f1)\"" '    size: 1'
log_start
c=$(log_commit "$bob" "step 3 again")
push_refused missing-evidence "names evidence $run_dir/evidence/0123456789ab-list.txt, which the commit does not hold" \
  origin "$c:refs/heads/$log"

check "hostile: evidence whose content does not match the record"
printf 'the real list\n' >"$work/list.txt"
make_record step 3 done bob 'note: "redo"' 'evidence:' '  - file: "evidence/0123456789ab-list.txt"' \
  '    name: "list.txt"' "    sha256: \"$(printf 'x' | sha256sum | cut -d' ' -f1)\"" '    size: 1'
log_start
craft_add "$run_dir/evidence/0123456789ab-list.txt" "$work/list.txt"
c=$(log_commit "$bob" "step 3 again")
push_refused evidence-mismatch 'does not match the size and sha256 its record gives' origin "$c:refs/heads/$log"

check "hostile: an evidence file that the record does not name"
make_record note "" "" bob 'note: "with a stowaway"'
log_start
craft_add "$run_dir/evidence/0123456789ab-list.txt" "$work/list.txt"
c=$(log_commit "$bob" "note")
push_refused stray-file "adds $run_dir/evidence/0123456789ab-list.txt, which its record does not name" \
  origin "$c:refs/heads/$log"

check "hostile: a step that the runbook does not have"
make_record step 77 done bob 'note: "extra"'
log_start
c=$(log_commit "$bob" "step 77")
push_refused record-rule 'runbook onboarding v1 has no step 77' origin "$c:refs/heads/$log"

check "hostile: a run started by carol, who is not an operator"
saved_run=$run saved_dir=$run_dir
run="onboarding-${day:0:8}T0000Z-cafe" run_dir="runs/${day:0:4}/${day:4:2}/${day:6:2}/onboarding-${day:0:8}T0000Z-cafe"
make_record start "" "" carol 'inputs:' '  employee_name: "Nobody"'
run=$saved_run run_dir=$saved_dir
log_start
c=$(log_commit "$carol" "start")
push_refused record-rule 'carol may not start runs: that needs the operator role' origin "$c:refs/heads/$log"

check "legit 5: carol (approver) approves bob's step 3"
expect_exit 0 runbook approve "$run" 3 --note "checked the access list" --key "$carol"
push_accepted origin "$log"
expect_eq "$(server_tip "$log")" "$(git rev-parse "$log")" "server $log"

check "legit 6: bob records step 4 with an evidence file and a note; dave (operator) adds a note"
printf 'laptop order #4711\n' >"$work/order.txt"
{
  runbook step "$run" 4 --outcome done --evidence "$work/order.txt" --key "$bob" &&
    runbook note "$run" "laptop arrives Monday" --key "$bob" &&
    runbook note "$run" "desk is ready" --key "$dave"
} >/dev/null 2>&1 || fatal "recording step 4 and the notes failed"
push_accepted origin "$log"
expect_stderr 'checked 3 new commits on 1 ref'
expect_eq "$(server_tip "$log")" "$(git rev-parse "$log")" "server $log"

check "hostile: deleting the log branch"
push_refused delete-protected "refs/heads/$log holds published work and can never be deleted" origin ":refs/heads/$log"

check "hostile: rewriting the log branch (dropping the last records)"
push_refused non-fast-forward "the push would rewrite refs/heads/$log" --force origin "$log~2:refs/heads/$log"

# --- a new version, a review branch, a merge ----------------------------------------
check "legit 7: carol publishes v2 (git runbook edit, then publish)"
{
  runbook edit onboarding &&
    sed -i 's/^change: ""$/change: "Laptops are ordered a week earlier"/' runbooks/onboarding/v2.yaml &&
    runbook publish onboarding --key "$carol"
} >/dev/null 2>&1 || fatal "edit/publish v2 failed"
push_accepted origin main
expect_eq "$(server_tip main)" "$(git rev-parse main)" "server main"
main_tip=$(server_tip main)

check "hostile: v2 edited once published"
craft_from "$main_tip"
craft_add runbooks/onboarding/v2.yaml <(sed 's/^change: .*/change: "Laptops are ordered two weeks earlier"/' \
  runbooks/onboarding/v2.yaml)
c=$(craft_commit "$alice" "Fix v2" "$main_tip")
push_refused append-only 'runbooks/onboarding/v2.yaml is published and cannot change' origin "$c:refs/heads/main"

check "legit 8: bob (a plain operator) pushes a review branch with a new runbook, signed by plain git commit"
{
  git clone -q "$url" "$b" && cd "$b" && runbook hook install &&
    git config user.email bob@example.com && git config user.signingkey "$bob" && git config commit.gpgsign true &&
    git checkout -q -b review/incident && runbook new incident --template incident-response &&
    git add runbooks/incident/v1.yaml && git commit -q -m "Propose the incident runbook"
} >/dev/null 2>&1 || fatal "bob's clone and review commit failed"
expect_exit 0 git verify-commit --raw HEAD
expect_output "VALIDSIG $bob"
push_accepted origin review/incident
expect_eq "$(server_tip review/incident)" "$(git rev-parse HEAD)" "server review/incident"

check "hostile: bob changes the policy on a review branch"
craft_from HEAD
craft_add .runbook/policy.yaml <(sed 's/roles: \[operator, approver\]/roles: [admin, operator, approver]/' .runbook/policy.yaml)
c=$(craft_commit "$bob" "Make bob an admin" HEAD)
push_refused not-authorized 'bob changed .runbook/policy.yaml, which needs the admin role' origin "$c:refs/heads/review/incident"

check "hostile: bob (operator) merges his review branch into main himself"
git fetch -q origin
craft_from HEAD
c=$(craft_commit "$bob" "Merge review/incident" origin/main HEAD)
push_refused not-authorized 'bob made a merge commit on a protected branch, which needs the author or admin role' \
  origin "$c:refs/heads/main"

check "legit 9: carol merges the review branch into main with a signed merge (git merge -S)"
cd "$a"
git fetch -q origin
expect_exit 0 git merge -q --no-ff -S"$carol" -m "Merge review/incident" origin/review/incident
push_accepted origin main
expect_eq "$(server_tip main)" "$(git rev-parse main)" "server main"
expect_eq "$(git -C "$server" rev-list --parents -1 main | wc -w | tr -d ' ')" 3 "parents of the merge on the server"

check "hostile: a merge whose first parent forked before v2 was published edits v2"
before_v2=$(git rev-list -1 main -- runbooks/onboarding/v2.yaml)^
craft_from main
craft_add runbooks/onboarding/v2.yaml <(sed 's/^change: .*/change: "Laptops are ordered two weeks earlier"/' \
  runbooks/onboarding/v2.yaml)
c=$(craft_commit "$carol" "Merge main into an older branch" "$before_v2" main)
push_refused off-first-parent "the push would leave $(git rev-parse --short=10 main), the tip of refs/heads/main, off the branch's own line" \
  origin "$c:refs/heads/main"
expect_stderr 'git checkout main && git merge --no-ff -S <your branch>'

check "hostile: the same edit of v2 with main as the merge's first parent"
c=$(craft_commit "$carol" "Merge an older branch" main "$before_v2")
push_refused append-only 'runbooks/onboarding/v2.yaml is published and cannot change' origin "$c:refs/heads/main"

check "legit 10: the merged review branch is deleted on the server"
push_accepted origin :refs/heads/review/incident
expect_eq "$(server_tip review/incident)" none "server review/incident"

check "legit 11: a review branch may be force-pushed"
craft_from main
craft_text NOTES.md "first idea"
first=$(craft_commit "$bob" "First idea" main)
push_accepted origin "$first:refs/heads/review/ideas"
craft_text NOTES.md "second idea"
second=$(craft_commit "$bob" "Second idea" main)
push_accepted --force origin "$second:refs/heads/review/ideas"
expect_eq "$(server_tip review/ideas)" "$second" "server review/ideas"

check "hostile: main fast-forwarded to bob's review-branch commit (judged as a commit of main, not trusted as a review commit)"
craft_from main
craft_text NOTES.md "bob's shortcut"
c=$(craft_commit "$bob" "Bob's shortcut" main)
push_accepted origin "$c:refs/heads/review/shortcut"
push_refused not-authorized 'bob changed NOTES.md on a protected branch, which needs the author or admin role' \
  origin "$c:refs/heads/main"
push_accepted origin :refs/heads/review/shortcut # done with it

# --- tags ---------------------------------------------------------------------------
check "legit 12: a signed annotated tag by carol (author)"
git tag -s -u "$carol" -m "Onboarding v2 and incident v1" release-1 main
push_accepted origin refs/tags/release-1
expect_eq "$(server_tip refs/tags/release-1)" "$(git rev-parse release-1)" "server tag release-1"

check "hostile: main fast-forwarded to bob's commit that carol's signed tag brought to the server"
craft_from main
craft_text NOTES.md "bob's change, tagged by carol"
c=$(craft_commit "$bob" "Bob's change" main)
git tag -s -u "$carol" -m "looks fine" vouched "$c"
git push -q origin refs/tags/vouched >/dev/null 2>&1 || true # whether the tag lands is not the point
push_refused not-authorized 'bob changed NOTES.md on a protected branch, which needs the author or admin role' \
  origin "$c:refs/heads/main"

check "hostile: a lightweight tag"
git update-ref refs/tags/light main
push_refused unsigned-tag 'refs/tags/light is a lightweight tag' origin refs/tags/light

check "hostile: an annotated tag that is not signed"
git tag --no-sign -a -m "not signed" plain main
push_refused unsigned-tag 'refs/tags/plain is not signed' origin refs/tags/plain
expect_stderr "  tag $(git rev-parse plain | cut -c1-10) \"not signed\""

check "hostile: a tag signed by an operator (bob)"
git tag -s -u "$bob" -m "by bob" bobs-tag main
push_refused not-authorized 'refs/tags/bobs-tag is signed by bob, who is not an active author or admin' origin refs/tags/bobs-tag

check "hostile: a tag signed by a key outside the policy"
git tag -s -u "$mallory" -m "by mallory" evil main
push_refused bad-tag-signature 'refs/tags/evil is not signed by a key of the policy' origin refs/tags/evil

check "hostile: moving an existing tag"
git tag -f -s -u "$carol" -m "moved" release-1 main^ >/dev/null
push_refused move-tag 'refs/tags/release-1 already exists and cannot be moved' --force origin refs/tags/release-1

check "hostile: deleting a tag"
push_refused delete-tag 'refs/tags/release-1 cannot be deleted' origin :refs/tags/release-1

check "hostile: one bad ref spoils the whole push (a good review branch with a bad tag)"
craft_from main
craft_text NOTES.md "third idea"
c=$(craft_commit "$bob" "Third idea" main)
push_refused unsigned-tag 'refs/tags/light is a lightweight tag' origin "$c:refs/heads/review/more" refs/tags/light
expect_stderr 'refused \(1 of 2 refs\)'

# --- other refs ---------------------------------------------------------------------
check "hostile: refs/notes/* while the policy does not allow it"
git notes add -m "reviewed" main
push_refused ref-not-allowed 'refs/notes/commits is not a branch or a tag' origin refs/notes/commits

check "legit 13: an admin allows refs/notes/* in the policy (a signed plain git commit)"
printf 'allowed_refs:\n  - "refs/notes/*"\n' >>.runbook/policy.yaml
expect_exit 0 runbook validate .runbook/policy.yaml
git commit -q -S"$alice" -am "Allow notes"
push_accepted origin main
expect_eq "$(server_tip main)" "$(git rev-parse main)" "server main"

check "legit 14: refs/notes/commits is accepted now"
push_accepted origin refs/notes/commits
expect_eq "$(server_tip refs/notes/commits)" "$(git rev-parse refs/notes/commits)" "server notes"

check "hostile: another ref outside branches, tags and allowed_refs"
push_refused ref-not-allowed 'refs/review/x is not a branch or a tag' origin "main:refs/review/x"

# --- retired people -----------------------------------------------------------------
check "legit 15: alice retires dave (git runbook keys retire)"
expect_exit 0 runbook keys retire dave --key "$alice"
push_accepted origin main
expect_eq "$(server_tip main)" "$(git rev-parse main)" "server main"
before_retirement=$(git rev-parse main^) # where dave is still an operator

# A merge is authorized by its first parent's policy (the branch's own tip); a policy that
# another parent brings back is a policy change like any other (issue 19).
check "hostile: dave un-retires himself with a merge whose other parent predates his retirement"
craft_from "$before_retirement"
c=$(craft_commit "$dave" "Merge an older main" main "$before_retirement")
push_refused not-authorized 'dave is retired in the policy and may no longer sign' origin "$c:refs/heads/main"

check "hostile: carol (author, never admin) undoes dave's retirement with a merge of an older main"
craft_from "$before_retirement"
c=$(craft_commit "$carol" "Merge an older main" main "$before_retirement")
push_refused not-authorized 'carol changed .runbook/policy.yaml, which needs the admin role' origin "$c:refs/heads/main"

check "hostile: the same merge with its parents swapped (the older main first)"
c=$(craft_commit "$carol" "Merge main" "$before_retirement" main)
push_refused off-first-parent 'off the branch.s own line of history' origin "$c:refs/heads/main"

check "hostile: dave pushes a review branch built on a commit from before his retirement"
craft_from "$before_retirement"
craft_text NOTES.md "dave's old idea"
c=$(craft_commit "$dave" "Dave's old idea" "$before_retirement")
push_refused retired-signer 'it is signed by dave, who was retired in commit [0-9a-f]+, and it was not part of the history before that' \
  origin "$c:refs/heads/review/dave-old"

check "hostile: a commit by dave after he was retired (review branch)"
craft_from main
craft_text NOTES.md "dave's idea"
c=$(craft_commit "$dave" "Dave's idea" main)
push_refused not-authorized 'dave is retired in the policy and may no longer sign' origin "$c:refs/heads/review/dave"

check "hostile: a record by dave after he was retired"
make_record note "" "" dave 'note: "still here"'
log_start
c=$(log_commit "$dave" "note")
# History cannot show that this record was made after the retirement (its run was
# pinned before it, no record before it in the log followed a version that retires
# dave, and its date is dave's own word), so verify accepts it; the hook refuses it by
# the server's own clock. (test_verify_tamper's log_retired_after_use: once the log has
# such a record, verify refuses too.)
verify_differs="a retired person's record in a run pinned before the retirement"
push_refused not-authorized 'dave is retired in the policy and may no longer sign' origin "$c:refs/heads/$log"

check "legit 15b: alice revokes dave's key (his old laptop was found in a bin)"
expect_exit 0 runbook keys revoke dave --key "$alice"
push_accepted origin main
before_revocation=$(git rev-parse main^)

check "hostile: dave's revoked key un-revokes itself with a merge whose other parent predates the revocation"
craft_from "$before_revocation"
c=$(craft_commit "$dave" "Merge an older main" main "$before_revocation")
push_refused '(not-authorized|revoked-key)' 'dave' origin "$c:refs/heads/main"

check "hostile: dave's revoked key signs a review branch built on a commit from before the revocation"
craft_from "$before_retirement"
craft_text NOTES.md "dave, revoked"
c=$(craft_commit "$dave" "Dave again" "$before_retirement")
push_refused '(not-authorized|revoked-key)' 'dave' origin "$c:refs/heads/review/dave-revoked"

check "legit 16: one push of main and the log: v3 published and a run on v3 started"
{
  runbook edit onboarding &&
    sed -i 's/^change: ""$/change: "The buddy is named on day one"/' runbooks/onboarding/v3.yaml &&
    runbook publish onboarding --key "$carol"
} >/dev/null 2>&1 || fatal "edit/publish v3 failed"
run3=$(runbook start onboarding --input "employee_name=Flo Example" --input start_date=2026-06-01 \
  --input "manager=Mo Manager" --input work_location=Office --key "$bob" 2>/dev/null) || fatal "start on v3 failed"
push_accepted origin main "$log"
expect_stderr 'checked 2 new commits on 2 refs'
expect_eq "$(server_tip main)" "$(git rev-parse main)" "server main"
expect_eq "$(server_tip "$log")" "$(git rev-parse "$log")" "server $log"

# --- the end of the run -------------------------------------------------------------
check "legit 17: bob finishes the first run (aborted)"
expect_exit 0 runbook finish "$run" --outcome aborted --note "offer withdrawn" --key "$bob"
push_accepted origin "$log"
expect_eq "$(server_tip "$log")" "$(git rev-parse "$log")" "server $log"

check "ordering: a record after the run finished is accepted and flagged"
make_record note "" "" bob 'note: "one more thing"'
log_start
c=$(log_commit "$bob" "note")
flagged_on_copy "note by bob came after bob finished the run as aborted \[after-finish\]" "$c"

# --- a second, empty server ---------------------------------------------------------
side="$work/side.git"
watched="$side"
git init -q --bare "$side"
runbook hook install "$side" >/dev/null 2>&1 || fatal "hook install on the second server failed"

check "hostile: a review branch before the protected branch is on an empty server"
push_refused no-policy 'this repository has no runbook policy yet' "file://$side" "$root:refs/heads/review/early"

check "hostile: the first push of main with an unsigned commit on top leaves no trust root"
craft_from "$root"
craft_text README.md "unsigned"
c=$(craft_commit - "Unsigned start" "$root")
push_refused unsigned 'the commit is not signed' "file://$side" "$c:refs/heads/main"
expect_eq "$(git -C "$side" config runbook.trustRoot || echo unset)" unset "runbook.trustRoot of the second server"

check "legit 18: the first good push of main to the second server sets its trust root"
push_accepted "file://$side" "origin/main:refs/heads/main"
expect_eq "$(git -C "$side" config runbook.trustRoot)" "$root" "runbook.trustRoot of the second server"

check "hostile: a log branch started on top of main's history (not an orphan)"
start_path=$(git ls-tree -r --name-only "$log" -- "$run_dir" | grep -- '-start-')
craft_from origin/main
craft_add "$start_path" <(git show "$log:$start_path")
c=$(craft_commit "$bob" "start on top of main" origin/main)
push_refused '(outside-runs|log-not-linear)' 'log branch' "file://$side" "$c:refs/heads/$log"

# An unsigned commit that makes carol an admin and adds mallory as one.
export_key "$mallory" "$work/mallory.asc"
printf '  mallory:\n    name: Mallory\n    email: mallory@example.com\n    key: ".runbook/keys/mallory.asc"\n    fingerprint: %s\n    roles: [admin, author]\n' \
  "$mallory" >"$work/mallory-entry.yaml"
craft_from origin/main
craft_add .runbook/policy.yaml <(sed -e 's/roles: \[author, approver\]/roles: [admin, author, approver]/' \
  -e "/^people:\$/r $work/mallory-entry.yaml" .runbook/policy.yaml)
craft_add .runbook/keys/mallory.asc "$work/mallory.asc"
smuggled=$(craft_commit - "New admins" origin/main)
has_mallory() { git -C "$1" show main:.runbook/policy.yaml | grep -q mallory && echo yes || echo no; }

check "hostile: a signed tag by carol that brings in an unsigned policy change"
git tag -s -u "$carol" -m "looks fine" smuggler "$smuggled"
push_refused unsigned 'the commit is not signed' "file://$side" refs/tags/smuggler

check "hostile: carol's signed merge of that unsigned policy change into main"
craft_from "$smuggled"
c=$(craft_commit "$carol" "Merge new admins" origin/main "$smuggled")
push_refused unsigned 'the commit is not signed' "file://$side" "$c:refs/heads/main"
expect_eq "$(has_mallory "$side")" no "mallory in the second server's policy"

# A third server, so that what happened above does not matter here.
third="$work/third.git"
watched="$third"
git init -q --bare "$third"
{
  runbook hook install "$third" && git push -q "file://$third" origin/main:refs/heads/main
} >/dev/null 2>&1 || fatal "setting up the third server failed"

check "hostile: mallory's merge of an unsigned policy change parked under an allowed ref (refs/notes/*)"
craft_from origin/main
craft_add .runbook/policy.yaml <(sed "/^people:\$/r $work/mallory-entry.yaml" .runbook/policy.yaml)
craft_add .runbook/keys/mallory.asc "$work/mallory.asc"
parked=$(craft_commit - "Park a policy" origin/main)
# refs/notes/* is allowed by the policy; whether the hook takes this push is not the point.
git push -q "file://$third" "$parked:refs/notes/parked" >/dev/null 2>&1 || true
craft_from "$parked"
c=$(craft_commit "$mallory" "Merge the parked policy" origin/main "$parked")
push_refused '(unknown-signer|unsigned|outside-trust-root)' 'not in the policy|not signed|trust root' "file://$third" \
  "$c:refs/heads/main"
expect_eq "$(has_mallory "$third")" no "mallory in the third server's policy"
watched="$server"

# --- the result ---------------------------------------------------------------------
check "counts: at least 10 legitimate and 30 hostile pushes"
echo "    $legit legitimate pushes, $hostile hostile pushes"
((legit >= 10)) || fail "only $legit legitimate pushes"
((hostile >= 30)) || fail "only $hostile hostile pushes"
echo "    $hostile hostile pushes: $judged_by_both refs also judged by verify ($known_differences judged differently on purpose); $ref_moves refused for how the ref moves"
((judged_by_both >= 40)) || fail "only $judged_by_both pushes judged by both"

check "the server holds only what was accepted"
expect_eq "$(git -C "$server" for-each-ref --format='%(refname)' | sort | tr '\n' ' ')" \
  "refs/heads/main refs/heads/review/ideas refs/heads/$log refs/notes/commits refs/tags/release-1 refs/tags/vouched " \
  "the server's refs"
expect_exit 0 git -C "$server" fsck --strict --no-progress
verify_all_commits "$server" main
verify_all_commits "$server" "$log"

check "a fresh clone of the server passes git runbook verify"
v="$work/verifier"
git clone -q "$url" "$v" 2>/dev/null || fatal "git clone of the server failed"
cd "$v"
expect_exit 0 runbook verify
expect_stdout '0 problems'
expect_stdout "$log"
expect_stdout "from trust root ${root:0:10}"

pass
