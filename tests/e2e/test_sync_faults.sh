#!/usr/bin/env bash
# `git runbook sync` killed at each of its fault points, and recording killed after its
# objects are written (DESIGN §4 "Records under concurrency", issue 14 point 5), against
# a server that runs the pre-receive hook: the server is a bare repository reached over
# ssh:// through the test's own sshd (libgit2's local transport runs no hooks).
#
# Three people in three clones (alice: every role, bob: operator and approver, carol:
# operator) record in one run with an approval step. For each fault point two of them
# record apart, the first syncs, and the second's sync (which must replay its records
# on top of the first's) is killed with SIGKILL at the point (GIT_RUNBOOK_FAULT=<point>,
# exit 137). Where it matters, the server moves on and the killed clone records again
# before it syncs. Then it syncs again, twice, and everyone syncs. Afterwards: every
# record exactly once on the server and nothing else there, the server's log linear
# with one commit per record, the hook accepted every push, `verify --no-cache` finds
# 0 problems in each clone, `git fsck --strict` is clean in each clone and on the
# server, nothing under refs/runbook/unsent, each clone's log equals the server's, and
# `status` lists nothing as not sent. Nothing depends on timing: each kill happens at a
# named point, and the test only waits for sshd to say it listens.
# Skips (exit 77) when sshd is not installed or no port can be bound.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/faults_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/sshd_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/team_lib.sh" # server_log, log_of, remember, rec

start_test_sshd # skips when sshd is missing; exports GIT_SSH_COMMAND for plain git
sshd_client_home "$HOME" # for libgit2 (sync): ~/.ssh/id_ed25519 and known_hosts

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Builder" bob@example.com)
carol=$(make_key "Carol Clerk" carol@example.com)
export_key "$bob" "$work/bob.asc"
export_key "$carol" "$work/carol.asc"
git config --global user.email alice@example.com

log=runbook-log
server="$work/server.git"
url="$sshd_url_prefix$server"
declare -A key_of=([a]="$alice" [b]="$bob" [c]="$carol")
declare -A who=([a]=alice [b]=bob [c]=carol)
expected="$work/expected-records" # every record file some clone held before it synced
: >"$expected"

git init -q --bare "$server"
runbook hook install "$server" >/dev/null 2>&1 || fatal "git runbook hook install failed"
{
  runbook init "$work/a" --key "$alice" &&
    cd "$work/a" &&
    runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice" &&
    runbook keys add carol "$work/carol.asc" --roles operator --key "$alice" &&
    runbook new onboarding --template employee-onboarding && without_training runbooks/onboarding/v1.yaml &&
    runbook publish onboarding --key "$alice" &&
    git remote add origin "$url" &&
    timeout 120 git push -q origin main
} >/dev/null 2>&1 || fatal "setting up clone A (init, keys add, new, publish, push over ssh) failed"
for x in b c; do
  # Cloned by path (quicker), then the remote is the server over ssh like A's.
  git clone -q "$server" "$work/$x" 2>/dev/null || fatal "git clone of the server failed"
  git -C "$work/$x" remote set-url origin "$url"
  git -C "$work/$x" config user.email "${who[$x]}@example.com"
done
[[ -n "$(git -C "$server" config runbook.trustRoot || true)" ]] ||
  fatal "the first push over ssh did not go through the hook (no runbook.trustRoot on the server)"
echo "scan of the welcome email" >"$work/welcome.pdf"
echo "signed contract" >"$work/contract.pdf"

# --- helpers -----------------------------------------------------------------------
# sync_ok X: `git runbook sync` in clone X exits 0.
sync_ok() {
  remember "$1"
  cd "$work/$1"
  expect_exit 0 runbook sync --key "${key_of[$1]}"
  expect_no_output 'not sent|set aside|refs/runbook/unsent'
}
# killed_at POINT X ARGS…: `git runbook ARGS…` in clone X dies at the fault point POINT.
killed_at() {
  local point=$1 x=$2
  shift 2
  remember "$x"
  cd "$work/$x"
  expect_exit 137 env GIT_RUNBOOK_FAULT="$point" timeout 120 "$GIT_RUNBOOK" "$@" --key "${key_of[$x]}"
}
# on_server_once MESSAGE: exactly one commit of the server's log has this first line.
on_server_once() {
  expect_eq "$(git -C "$server" log --format=%B "$log" | grep -cxF -- "$1" || true)" 1 "server commits saying \"$1\""
}

# settled WHERE: after everyone synced, everything the test promises (header).
settled() {
  local where=$1 want records dupes x
  want=$(sed '/^$/d' "$expected" | sort -u)
  records=$(records_at "$server" "$log")
  expect_eq "$records" "$want" "$where: the record files on the server's $log"
  dupes=$(git -C "$server" log --format= --name-only --diff-filter=A "$log" | grep -v /evidence/ | sed '/^$/d' |
    sort | uniq -d)
  expect_eq "$dupes" "" "$where: records added twice on the server"
  expect_eq "$(git -C "$server" rev-list --merges "$log")" "" "$where: merge commits on the server's $log"
  expect_eq "$(git -C "$server" rev-list --count "$log")" "$(wc -l <<<"$records" | tr -d ' ')" \
    "$where: commits on the server's $log (one per record)"
  fsck_strict "$server" "$where"
  for x in a b c; do
    expect_eq "$(log_of "$x")" "$(server_log)" "$where: ${who[$x]}'s $log = the server's"
    expect_eq "$(git -C "$work/$x" for-each-ref refs/runbook/unsent)" "" "$where: refs/runbook/unsent in ${who[$x]}'s clone"
    cd "$work/$x"
    expect_exit 0 runbook verify --no-cache
    expect_stdout '(^|[^0-9])0 problems'
    expect_exit 0 runbook status
    expect_no_output '[Nn]ot sent'
    fsck_strict "$work/$x" "$where"
  done
}

# --- the run -----------------------------------------------------------------------
check "alice starts a run and records steps 1-3 (3 asks for approval); everyone syncs over ssh through the hook"
cd "$work/a"
run=$(runbook "${start_command[@]}" --key "$alice" 2>/dev/null) || fatal "start failed"
rec a step "$run" 1 --outcome done --evidence https://hr.example/e/1
rec a step "$run" 2 --outcome done --evidence https://desk.example/REQ-1
rec a step "$run" 3 --outcome done --note "standard accounts"
sync_ok a
expect_stderr 'sent to origin'
sync_ok b
sync_ok c
settled "start"

# --- sync-after-fetch ----------------------------------------------------------------
check "sync-after-fetch: bob approves step 3 and notes apart from alice; alice syncs first; bob's sync is killed after its fetch"
rec a note "$run" "S1 alice"
rec b approve "$run" 3 --note "extra systems checked"
rec b note "$run" "S1 bob"
sync_ok a
server_before=$(server_log)
bob_before=$(log_of b)
killed_at sync-after-fetch b sync
expect_eq "$(server_log)" "$server_before" "the server's $log after the killed sync"
expect_eq "$(log_of b)" "$bob_before" "bob's $log after the killed sync"
expect_eq "$(git -C "$work/b" rev-parse "refs/remotes/origin/$log")" "$server_before" "bob's origin/$log (fetched)"
expect_exit 0 runbook status # what "no Not sent" below is worth: here it lists bob's two records
expect_stdout '^Not sent to origin yet \(2\)'

check "sync-after-fetch: bob syncs again (re-signed on top of alice's), twice; everyone syncs; all settled"
sync_ok b
expect_stderr 're-signed'
sync_ok b
expect_stderr 'up to date'
sync_ok a
sync_ok c
on_server_once "S1 bob"
settled "sync-after-fetch"

# --- sync-after-replay ---------------------------------------------------------------
check "sync-after-replay: alice records step 4 with a file, carol notes twice; alice syncs; carol's sync is killed after building the replay"
rec a step "$run" 4 --outcome done --evidence "$work/welcome.pdf"
rec c note "$run" "S2 carol 1"
rec c note "$run" "S2 carol 2"
sync_ok a
server_before=$(server_log)
carol_before=$(log_of c)
killed_at sync-after-replay c sync
expect_eq "$(server_log)" "$server_before" "the server's $log after the killed sync"
expect_eq "$(log_of c)" "$carol_before" "carol's $log after the killed sync"
expect_eq "$(git -C "$work/c" for-each-ref refs/runbook/sync)" "" "refs/runbook/sync in carol's clone (nothing was to be sent yet)"

check "sync-after-replay: carol syncs again, twice; everyone syncs; all settled"
sync_ok c
expect_stderr 're-signed'
sync_ok c
expect_stderr 'up to date'
sync_ok a
sync_ok b
on_server_once "S2 carol 1"
on_server_once "S2 carol 2"
settled "sync-after-replay"

# --- sync-after-push -----------------------------------------------------------------
check "sync-after-push: bob records step 5 and a note apart from alice; alice syncs; bob's sync is killed after the server took his records"
rec a note "$run" "S3 alice"
rec b step "$run" 5 --outcome done --note "contract sent for signature"
rec b note "$run" "S3 bob"
sync_ok a
server_before=$(server_log)
bob_before=$(log_of b)
bob_records=$(records_at "$work/b" "$log")
killed_at sync-after-push b sync
expect_eq "$(log_of b)" "$bob_before" "bob's $log after the killed sync (it did not follow)"
[[ "$(server_log)" != "$server_before" ]] || fail "the server's $log did not move: the push did not happen"
missing=$(comm -23 <(echo "$bob_records") <(records_at "$server" "$log"))
expect_eq "$missing" "" "bob's records that the killed sync did not push"
on_server_once "S3 bob"
# The server holds them (re-signed): not "not sent", and not to be dropped.
cd "$work/b"
expect_exit 0 runbook status
expect_no_output '[Nn]ot sent'
step5=$(comm -12 <(echo "$bob_records" | grep -- '-step-5-') <(records_at "$server" "$log") | head -1)
expect_exit 2 runbook sync --drop "$step5" --key "$bob"
expect_stderr 'is not a record waiting to be sent'

check "sync-after-push: meanwhile alice sends another note and bob records one; bob's next sync is killed after the push again; then he syncs twice; all settled"
rec a note "$run" "S3 alice after the kill"
sync_ok a
rec b note "$run" "S3 bob after the kill"
killed_at sync-after-push b sync
on_server_once "S3 bob after the kill"
sync_ok b
sync_ok b
expect_stderr 'up to date'
sync_ok a
sync_ok c
on_server_once "S3 bob"
on_server_once "S3 bob after the kill"
settled "sync-after-push"

# --- sync-before-local-follows -------------------------------------------------------
check "sync-before-local-follows: carol records step 6 and a note apart from alice; alice syncs; carol's sync is killed before her log follows"
rec a note "$run" "S4 alice"
rec c step "$run" 6 --outcome done --evidence https://desk.example/REQ-6
rec c note "$run" "S4 carol"
sync_ok a
carol_before=$(log_of c)
carol_records=$(records_at "$work/c" "$log")
killed_at sync-before-local-follows c sync
expect_eq "$(log_of c)" "$carol_before" "carol's $log after the killed sync (it did not follow)"
expect_eq "$(git -C "$work/c" rev-parse "refs/remotes/origin/$log")" "$(server_log)" "carol's origin/$log"
missing=$(comm -23 <(echo "$carol_records") <(records_at "$server" "$log"))
expect_eq "$missing" "" "carol's records that the killed sync did not push"

check "sync-before-local-follows: meanwhile alice sends a note and carol records one; carol syncs again, twice; all settled"
rec a note "$run" "S4 alice after the kill"
sync_ok a
rec c note "$run" "S4 carol after the kill"
sync_ok c
sync_ok c
expect_stderr 'up to date'
sync_ok a
sync_ok b
on_server_once "S4 carol"
on_server_once "S4 carol after the kill"
settled "sync-before-local-follows"

# --- record-after-objects ------------------------------------------------------------
check "record-after-objects: bob has a note not sent yet, alice syncs one; bob's next note is killed after its objects are written"
rec a note "$run" "S5 alice"
rec b step "$run" 7 --outcome done --note "laptop handed over"
sync_ok a
bob_before=$(log_of b)
killed_at record-after-objects b note "$run" "S5 bob killed while recording"
expect_eq "$(log_of b)" "$bob_before" "bob's $log after the killed note (not moved)"
fsck_strict "$work/b" "right after the killed note"
refs_sound "$work/b" "right after the killed note"

check "record-after-objects: bob records the note again, syncs twice; everyone syncs; all settled"
rec b note "$run" "S5 bob killed while recording"
sync_ok b
expect_stderr 're-signed'
sync_ok b
expect_stderr 'up to date'
sync_ok a
sync_ok c
on_server_once "S5 bob killed while recording"
settled "record-after-objects"

check "the hook guards the server over ssh: an unsigned record pushed there is refused, the log unchanged"
# What makes "accepted by the server" above mean something: pushes over ssh:// run the
# pre-receive hook (a path or file:// remote would run none).
cd "$work/a"
craft_index="$work/craft.index"
craft_from "$(log_of a)"
craft_text "runs/2026/01/01/forged/record.yaml" "run: nothing"
forged=$(craft_commit - "A record nobody signed" "$(log_of a)")
server_before=$(server_log)
expect_exit nonzero timeout 120 git push origin "$forged:refs/heads/$log"
expect_stderr 'remote: git-runbook: refused'
expect_stderr 'pre-receive hook declined'
expect_eq "$(server_log)" "$server_before" "the server's $log after the refused push"

pass
