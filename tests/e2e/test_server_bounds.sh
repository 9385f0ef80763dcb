#!/usr/bin/env bash
# The server hook against oversized and hostile pushes (over file://): 10,000 unsigned
# commits; a good push of 601 signed commits that outlasts runbook.hookTimeout=1 (and
# is accepted with the default budget); files over 50 MiB; runbook files over 1 MiB;
# YAML bombs (anchors and aliases, deep nesting, too many values); garbage on the
# hook's standard input. Each is refused quickly and cleanly, with the rule in
# brackets, and no refused push changes the server's refs or leaves its objects behind.
# The limits themselves (exactly 50 MiB, exactly 1 MiB) are accepted. Prints how long
# each push took; the only timing assertions are loose upper bounds.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team # alice (every role) signs with plain `git commit` in $repo; cd $repo
server="$work/server.git"
url="file://$server"
git init -q --bare "$server"
runbook hook install "$server" >/dev/null 2>&1 || fatal "hook install failed"
git remote add origin "$url"
git push -q origin main 2>/dev/null || fatal "the first push of main was refused"
good_tip=$(git rev-parse main)
script_start=$EPOCHREALTIME

# --- helpers -------------------------------------------------------------------------
refs_of_server() {
  git -C "$server" for-each-ref --format='%(objectname) %(refname)'
}
# seconds_since START: the seconds from START ($EPOCHREALTIME) until now, e.g. "1.37".
seconds_since() {
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}
# timed_push WHAT ARGS…: `git push ARGS…` with the usual capture ($rc, $stdout,
# $stderr, $out) and a time limit; prints and keeps ($push_seconds) how long it took.
timed_push() {
  local what=$1 started=$EPOCHREALTIME
  shift
  expect_exit nonzero timeout 300 git push "$@"
  push_seconds=$(seconds_since "$started")
  echo "    timing: $what: ${push_seconds} s (exit $rc, $(wc -l <<<"$stderr" | tr -d ' ') lines on stderr)"
  grep -m 1 -E '\[[a-z-]+\]|git-runbook: error' <<<"$stderr" | sed 's/^remote: */    first reason: /; s/ *$//' | cut -c1-240 || true
}
# expect_refused RULE: the last push was refused by the hook with RULE, said that
# nothing was stored, did not crash, and left the server's refs as $refs_before.
expect_refused() {
  local rule=$1
  expect_stderr "remote: git-runbook: refused refs/heads/"
  expect_stderr "\[$rule\]"
  expect_stderr 'nothing was stored'
  expect_stderr 'pre-receive hook declined'
  expect_no_output 'terminate called|Segmentation|Aborted|core dumped|stack smashing|std::'
  expect_eq "$(refs_of_server)" "$refs_before" "the server's refs after the refused push"
}
# expect_less SECONDS LIMIT "what": a loose bound on a duration (no flaky timing).
expect_less() {
  if ! awk -v s="$1" -v l="$2" 'BEGIN { exit !(s < l) }'; then
    fail "$3 took $1 s, more than $2 s"
  fi
  return 0
}
# commit_file PATH MESSAGE: commits PATH (already written) signed by alice with plain git,
# skipping the local checks that would stop it before it reaches the server.
commit_file() {
  git add "$1"
  git commit -q --no-verify -m "$2" || fatal "git commit -S failed"
}
# back_to_main: drops what the last check committed locally.
back_to_main() {
  git checkout -q -f main
  git reset -q --hard "$good_tip"
  git clean -q -fdx
}

# --- (a) many commits ----------------------------------------------------------------
check "a push of 10,000 unsigned commits is refused [unsigned] well within the time budget"
started=$EPOCHREALTIME
awk -v n=10000 -v base="$good_tip" 'BEGIN {
  for (i = 1; i <= n; i++) {
    printf "commit refs/heads/review/bulk\ncommitter Bulk <bulk@example.com> %d +0000\n", 1700000000 + i
    printf "data <<END\nBulk commit %d\nEND\n", i
    if (i == 1) printf "from %s\n", base
    printf "M 100644 inline bulk.txt\ndata <<END\n%d\nEND\n\n", i
  }
}' | git fast-import --quiet || fatal "git fast-import failed"
echo "    timing: writing 10,000 commits with git fast-import: $(seconds_since "$started") s"
expect_eq "$(git rev-list --count "$good_tip..review/bulk")" 10000 "commits on review/bulk"
refs_before=$(refs_of_server)
timed_push "10,000 unsigned commits" origin review/bulk
expect_refused unsigned
expect_stderr 'Bulk commit 1"'
expect_no_output '\[out-of-time\]' # finished within the default budget of 60 s
expect_less "$push_seconds" 60 "refusing 10,000 unsigned commits"
bulk_lines=$(wc -l <<<"$stderr" | tr -d ' ')
bulk_bytes=$(wc -c <<<"$stderr" | tr -d ' ')
bulk_command=$last_command
bulk_excerpt="$(head -12 <<<"$stderr")"$'\n'"[… $((bulk_lines - 17)) more lines …]"$'\n'"$(tail -5 <<<"$stderr")"
expect_exit 1 git -C "$server" cat-file -e "$(git rev-parse review/bulk)" # nothing of the push was kept

check "the refusal of 10,000 commits is readable: a bounded message, not one entry per commit"
# Each refused commit takes three lines; for 10,000 of them that is a 3 MB wall of text
# in the pusher's terminal. A clear refusal names the first few and counts the rest.
if ((bulk_lines > 1000)); then
  last_command=$bulk_command rc=1 out=$bulk_excerpt
  fail "the refusal printed $bulk_lines lines ($bulk_bytes bytes) on the client; expected under 1,000"
fi
git update-ref -d refs/heads/review/bulk

# splice_signature SIGFILE: the raw commit on stdin with SIGFILE as its gpgsig header
# (continuation lines start with a space, as Git writes them).
splice_signature() {
  awk -v sig="$1" '!done && $0 == "" { n = 0; while ((getline line < sig) > 0) print (n++ ? " " : "gpgsig ") line; done = 1 } { print }'
}

check "runbook.hookTimeout=1: a good push of 601 signed commits is refused [out-of-time], fails closed"
# 600 children of main, each signed by alice, brought in by one signed octopus merge:
# a push the hook accepts, but that needs one gpg check per commit. The signatures
# carry an expiry date, which the in-process check leaves to GnuPG (a gpg process
# each, several milliseconds at the very least), so far more than one second in all.
started=$EPOCHREALTIME
objects="$work/slow-objects"
mkdir "$objects"
stamp="Alice Admin <alice@example.com>"
awk -v tree="$(git rev-parse "$good_tip^{tree}")" -v base="$good_tip" -v who="$stamp" -v folder="$objects" 'BEGIN {
  for (i = 0; i < 600; i++) {
    path = sprintf("%s/c%04d", folder, i)
    printf "tree %s\nparent %s\nauthor %s %d +0000\ncommitter %s %d +0000\n\nPart %d of a large review\n",
      tree, base, who, 1700000000 + i, who, 1700000000 + i, i > path
    close(path)
    print path > (folder "/payloads")
  }
}'
xargs -P "$(nproc)" -I{} gpg --batch --pinentry-mode loopback --passphrase '' --default-sig-expire 10y \
  --detach-sign --armor -u "$alice" -o {}.sig {} <"$objects/payloads" 2>/dev/null || fatal "gpg could not sign the commits"
while IFS= read -r payload; do
  splice_signature "$payload.sig" <"$payload" >"$payload.commit"
  echo "$payload.commit"
done <"$objects/payloads" >"$objects/commits"
git hash-object -t commit -w --stdin-paths <"$objects/commits" >"$objects/ids" || fatal "writing the commits failed"
{
  echo "tree $(git rev-parse "$good_tip^{tree}")"
  sed 's/^/parent /' "$objects/ids"
  echo "author $stamp 1700001000 +0000"
  echo "committer $stamp 1700001000 +0000"
  echo
  echo "Bring in the large review"
} >"$objects/merge"
gpg --batch --pinentry-mode loopback --passphrase '' --detach-sign --armor -u "$alice" -o "$objects/merge.sig" \
  "$objects/merge" 2>/dev/null || fatal "gpg could not sign the merge"
octopus=$(splice_signature "$objects/merge.sig" <"$objects/merge" | git hash-object -t commit -w --stdin) ||
  fatal "writing the octopus merge failed"
git update-ref refs/heads/review/large-review "$octopus"
echo "    timing: writing 601 signed commits: $(seconds_since "$started") s"
expect_exit 0 git verify-commit "$octopus"
expect_exit 0 git verify-commit "$(head -1 "$objects/ids")"
git -C "$server" config runbook.hookTimeout 1
refs_before=$(refs_of_server)
timed_push "601 signed commits with runbook.hookTimeout=1" origin review/large-review
expect_refused out-of-time
expect_stderr 'runbook.hookTimeout'
expect_stderr 'stopped after 1 s'
expect_less "$push_seconds" 60 "the push refused after a 1 s budget"
expect_exit 1 git -C "$server" cat-file -e "$octopus"

check "the same push with a generous budget (600 s): accepted, so only the time refused it"
git -C "$server" config runbook.hookTimeout 600 # not the default 60 s: a loaded machine must not fail this
started=$EPOCHREALTIME
expect_exit 0 timeout 300 git push origin review/large-review
echo "    timing: 601 signed commits with a 600 s budget: $(seconds_since "$started") s"
expect_stderr 'checked 601 new commits on 1 ref: accepted\.'
expect_eq "$(git -C "$server" rev-parse review/large-review 2>/dev/null)" "$octopus" "server's review/large-review"

check "runbook.hookTimeout that is not a number: every push is refused with a message (fails closed)"
git -C "$server" config runbook.hookTimeout soon
refs_before=$(refs_of_server)
timed_push "a new branch with runbook.hookTimeout=soon" origin "$good_tip:refs/heads/review/soon"
expect_stderr 'runbook.hookTimeout is "soon"'
expect_stderr 'pre-receive hook declined'
expect_no_output 'terminate called|Segmentation|Aborted|core dumped'
expect_eq "$(refs_of_server)" "$refs_before" "the server's refs after the refused push"
git -C "$server" config --unset runbook.hookTimeout

# --- (b) large files -----------------------------------------------------------------
check "exactly 50 MiB in a signed commit on a review branch: accepted (the limit is 'over 50 MiB')"
git checkout -q -b review/at-limit main
head -c $((50 * 1024 * 1024)) /dev/zero >scan.bin
commit_file scan.bin "Attach the 50 MiB scan"
started=$EPOCHREALTIME
expect_exit 0 timeout 300 git push origin review/at-limit
echo "    timing: a 50 MiB file: $(seconds_since "$started") s"
expect_stderr 'accepted\.'
expect_eq "$(git -C "$server" rev-parse review/at-limit 2>/dev/null)" "$(git rev-parse HEAD)" "server's review/at-limit"
back_to_main

check "a file of 50 MiB and 1 byte in a signed commit on a review branch: refused [too-large]"
git checkout -q -b review/large main
head -c $((50 * 1024 * 1024 + 1)) /dev/zero >scan.bin
commit_file scan.bin "Attach the scan"
big_blob=$(git rev-parse HEAD:scan.bin)
refs_before=$(refs_of_server)
timed_push "a file of 50 MiB + 1 byte" origin review/large
expect_refused too-large
expect_stderr 'scan.bin is larger than 50 MiB'
expect_stderr 'Attach the scan"'
expect_exit 1 git -C "$server" cat-file -e "$big_blob"
back_to_main

# --- (c) and (d) runbook files ---------------------------------------------------------
# runbook_head ID: the fields of a valid runbook version 1 owned by alice.
runbook_head() {
  cat <<EOF
id: $1
version: 1
title: Bounds check
owner: alice
summary: A runbook the server must judge.
steps:
  - id: "1"
    title: Do the thing
    do: Do the thing carefully.
EOF
}
# push_runbook ID MESSAGE: commits runbooks/ID/v1.yaml (written) on main, signed by
# alice (an author), and pushes it with the usual capture.
push_runbook() {
  commit_file "runbooks/$1/v1.yaml" "$2"
  refs_before=$(refs_of_server)
  timed_push "$2" origin main
}

check "a runbook version of exactly 1 MiB on a review branch: accepted"
git checkout -q -b review/limit main
mkdir -p runbooks/limit
{
  runbook_head limit
  printf '# padding\n'
} >runbooks/limit/v1.yaml
size=$(wc -c <runbooks/limit/v1.yaml)
awk -v n=$((1024 * 1024 - size)) 'BEGIN { printf "#"; for (i = 2; i < n; i++) printf "x"; printf "\n" }' \
  >>runbooks/limit/v1.yaml
expect_eq "$(wc -c <runbooks/limit/v1.yaml | tr -d ' ')" $((1024 * 1024)) "size of the file"
commit_file runbooks/limit/v1.yaml "Publish a runbook of exactly 1 MiB"
expect_exit 0 timeout 300 git push origin review/limit
expect_stderr 'accepted\.'
back_to_main

check "a runbook version over 1 MiB on main: refused [too-large]"
mkdir -p runbooks/huge
{
  runbook_head huge
  awk 'BEGIN { for (i = 0; i < 17000; i++) printf "# %060d\n", i }' # 17,000 x 63 bytes
} >runbooks/huge/v1.yaml
push_runbook huge "Publish a huge runbook"
expect_refused too-large
expect_stderr 'runbooks/huge/v1.yaml is larger than 1 MiB'
back_to_main

check "a billion-laughs YAML bomb (anchors and aliases) as runbooks/x/v1.yaml: refused [invalid-file], quickly"
mkdir -p runbooks/x
{
  runbook_head x
  echo 'x-lol0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
  for i in 1 2 3 4 5 6 7 8 9; do
    echo "x-lol$i: &l$i [*l$((i - 1)),*l$((i - 1)),*l$((i - 1)),*l$((i - 1)),*l$((i - 1)),*l$((i - 1)),*l$((i - 1)),*l$((i - 1)),*l$((i - 1)),*l$((i - 1))]"
  done
} >runbooks/x/v1.yaml
push_runbook x "Publish the laughing runbook"
expect_refused invalid-file
expect_stderr 'runbooks/x/v1.yaml:1[0-9]:[0-9]+:.*(anchor|alias)'
expect_less "$push_seconds" 30 "refusing the billion-laughs file"
back_to_main

check "100,000 nested flow sequences as runbooks/x/v1.yaml: refused [invalid-file], no crash"
mkdir -p runbooks/x
{
  runbook_head x
  printf 'x-deep: '
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; printf "\n" }'
} >runbooks/x/v1.yaml
push_runbook x "Publish the deep runbook"
expect_refused invalid-file
expect_stderr 'runbooks/x/v1.yaml:[0-9]+:[0-9]+:.*(deep|nest)'
expect_less "$push_seconds" 30 "refusing the deeply nested file"
back_to_main

check "block mappings nested 40 deep as runbooks/x/v1.yaml: refused [invalid-file]"
mkdir -p runbooks/x
{
  runbook_head x
  awk 'BEGIN { for (i = 0; i < 40; i++) { for (j = 0; j < i; j++) printf "  "; printf "x-level%d:\n", i }
               for (j = 0; j < 40; j++) printf "  "; printf "bottom\n" }'
} >runbooks/x/v1.yaml
push_runbook x "Publish the nested runbook"
expect_refused invalid-file
expect_stderr 'runbooks/x/v1.yaml:[0-9]+:[0-9]+:.*(deep|nest)'
back_to_main

check "25,000 values (a long list of steps) as runbooks/x/v1.yaml: refused [invalid-file], quickly"
mkdir -p runbooks/x
{
  runbook_head x
  echo 'x-many:'
  awk 'BEGIN { for (i = 0; i < 25000; i++) printf "  - %d\n", i }'
} >runbooks/x/v1.yaml
push_runbook x "Publish the long runbook"
expect_refused invalid-file
expect_stderr 'runbooks/x/v1.yaml:[0-9]+:[0-9]+:.*20,?000'
expect_less "$push_seconds" 30 "refusing the file with 25,000 values"
back_to_main

# --- (e) garbage on the hook's standard input ----------------------------------------
# run_hook_with FILE: the hook as Git would run it in the server repository, with FILE
# on standard input; captures like expect_exit ($rc, $stdout, $stderr, $out).
run_hook_with() {
  last_command="GIT_DIR=$server git-runbook hook pre-receive < $(basename "$1")"
  shown_command=""
  rc=0
  GIT_DIR="$server" timeout 60 "$GIT_RUNBOOK" hook pre-receive <"$1" >"$work/.stdout" 2>"$work/.stderr" || rc=$?
  stdout=$(cat "$work/.stdout")
  stderr=$(cat "$work/.stderr")
  out="$stdout${stderr:+$'\n'}$stderr"
}
# expect_clean_refusal: non-zero exit (not a signal or a timeout), a git-runbook
# message on stderr, no crash.
expect_clean_refusal() {
  if [[ "$rc" == 0 ]]; then
    fail "the hook accepted the input"
  elif ((rc >= 124)); then
    fail "the hook was killed or timed out (exit $rc)"
  fi
  expect_stderr '^git-runbook: '
  expect_no_output 'terminate called|Segmentation|Aborted|core dumped|stack smashing|std::|what\(\)'
}

check "the hook run by hand with \"junk\" on stdin: non-zero, says what it did not understand"
refs_before=$(refs_of_server)
printf 'junk\n' >"$work/junk.in"
run_hook_with "$work/junk.in"
expect_clean_refusal
expect_stderr 'does not understand.*"junk"'
expect_stderr 'Nothing was accepted'

check "the hook by hand with 1 MB of random bytes, and with 20 MB without a newline: a clean refusal"
head -c 1000000 /dev/urandom >"$work/random.in"
run_hook_with "$work/random.in"
expect_clean_refusal
expect_stderr 'does not understand'
head -c 20000000 /dev/zero | tr '\0' a >"$work/long.in"
run_hook_with "$work/long.in"
expect_clean_refusal
expect_stderr 'does not understand'
if ((${#stderr} > 2000)); then
  fail "the message repeats the 20 MB line (${#stderr} bytes on stderr)"
fi

check "the hook by hand with a well-formed line naming objects the server does not have: a clean refusal"
printf '%s %s refs/heads/main\n' "$good_tip" 1111111111111111111111111111111111111111 >"$work/missing.in"
run_hook_with "$work/missing.in"
expect_clean_refusal
expect_stderr '1111111111'
printf '%s %s refs/heads/review/x\n' 0000000000000000000000000000000000000000 \
  "$(git -C "$server" rev-parse "main^{tree}")" >"$work/tree.in"
run_hook_with "$work/tree.in"
expect_clean_refusal

check "after all the refusals: the server's refs are those of the accepted pushes, fsck is clean"
expect_eq "$(git -C "$server" rev-parse main)" "$good_tip" "server's main"
expect_eq "$(git -C "$server" for-each-ref --format='%(refname)' | sort | tr '\n' ' ')" \
  "refs/heads/main refs/heads/review/at-limit refs/heads/review/large-review refs/heads/review/limit " "the server's refs"
expect_exit 0 git -C "$server" fsck --no-progress --connectivity-only
echo "    timing: the whole test: $(seconds_since "$script_start") s after the set-up"

pass
