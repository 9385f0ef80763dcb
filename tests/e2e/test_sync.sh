#!/usr/bin/env bash
# `git runbook sync`: two clones record in the same run while apart; after syncing, the
# server's log branch holds every record exactly once, linear and verifiable. Records by
# someone else that the server has not seen are left alone, with a message.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Builder" bob@example.com)
export_key "$bob" "$work/bob.asc"
git config --global user.email alice@example.com

server="$work/server.git"
a="$work/a"
b="$work/b"
log=runbook-log
git init -q --bare "$server"
{
  runbook init "$a" --key "$alice" &&
    cd "$a" &&
    runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice" &&
    runbook new onboarding --template employee-onboarding && without_training runbooks/onboarding/v1.yaml &&
    runbook publish onboarding --key "$alice" &&
    git remote add origin "$server" &&
    git push -q origin main
} >/dev/null 2>&1 || fatal "setting up clone A (init, keys add, new, publish, push) failed"
git clone -q "$server" "$b" 2>/dev/null || fatal "git clone of the server failed"
git -C "$b" config user.email bob@example.com

# records_of DIR REV: the record files (not evidence) under runs/ at REV, sorted.
records_of() {
  git -C "$1" ls-tree -r --name-only "$2" -- runs | grep -v /evidence/ | sort
}
# server_records_once: every record file was added by exactly one server commit.
server_records_once() {
  local dupes
  dupes=$(git -C "$server" log --format= --name-only --diff-filter=A "$log" | grep -v /evidence/ | sed '/^$/d' |
    sort | uniq -d)
  expect_eq "$dupes" "" "records added twice on the server"
}

check "nothing recorded yet: sync says so and exits 0"
cd "$b"
expect_exit 0 runbook sync --key "$bob"
expect_stderr 'nothing recorded'

check "A starts a run and syncs: the server gets the log branch"
cd "$a"
run=$(runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
  --input "manager=Mo Manager" --input work_location=Hybrid --key "$alice" 2>/dev/null) || fatal "start failed"
expect_exit 0 runbook sync --key "$alice"
expect_stderr 'sent to origin'
expect_eq "$(git -C "$server" rev-parse "$log" 2>/dev/null)" "$(git rev-parse "$log")" "server's $log"

check "B syncs and sees the run"
cd "$b"
expect_exit 0 runbook sync --key "$bob"
expect_eq "$(git rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "B's $log"
expect_exit 0 runbook status "$run"
expect_stdout 'Employee onboarding'

check "apart: A records step 1 with evidence, B adds a note in the same run"
cd "$a"
expect_exit 0 runbook step "$run" 1 --outcome done --evidence https://hr.example/e/1 --key "$alice"
expect_exit 0 runbook step "$run" 2 --outcome done --evidence https://desk.example/REQ-1 --key "$alice"
cd "$b"
expect_exit 0 runbook note "$run" "Bob: laptop reserved" --key "$bob"
a_records=$(records_of "$a" "$log")
b_records=$(records_of "$b" "$log")
expected=$(sort -u <<<"$a_records"$'\n'"$b_records")
expect_eq "$(wc -l <<<"$expected" | tr -d ' ')" 4 "records made in both clones together (start, 2 steps, note)"

check "both sync twice round; the server holds every record exactly once, linear"
cd "$a"
expect_exit 0 runbook sync --key "$alice"
cd "$b"
expect_exit 0 runbook sync --key "$bob"
expect_stderr 're-signed'
cd "$a"
expect_exit 0 runbook sync --key "$alice"
cd "$b"
expect_exit 0 runbook sync --key "$bob"
expect_eq "$(records_of "$server" "$log")" "$expected" "records on the server"
server_records_once
expect_eq "$(git -C "$server" rev-list --merges "$log")" "" "merge commits on the server's $log"
expect_eq "$(git -C "$server" rev-list --count "$log")" 4 "commits on the server's $log"
expect_eq "$(git -C "$a" rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "A's $log = server's"
expect_eq "$(git -C "$b" rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "B's $log = server's"

check "the replayed note is still bob's, signed by bob"
note_commit=$(git -C "$server" log --format=%H --grep='Bob: laptop reserved' "$log")
[[ -n "$note_commit" ]] || fail "the note is not on the server"
if [[ -n "$note_commit" ]]; then
  expect_exit 0 git -C "$b" verify-commit --raw "$note_commit"
  expect_output "VALIDSIG $bob"
  note_path=$(git -C "$server" diff-tree --no-commit-id -r --name-only "$note_commit")
  git -C "$server" show "$note_commit:$note_path" | grep -qE '^by: "?bob"?$' || fail "the note's record is not by bob"
fi
verify_all_commits "$server" "$log"

check "git runbook verify passes in both clones"
cd "$a"
expect_exit 0 runbook verify
expect_stdout '0 problems'
cd "$b"
expect_exit 0 runbook verify
expect_stdout '0 problems'

check "records by someone else, not on the server, are left alone with a message and exit 1"
# In clone B, alice records a note with her key (the keyring is shared in this test) and
# bob records one; meanwhile A records on the server. B's sync (as bob) must send bob's
# note, leave alice's alone, say so and exit 1 (DESIGN §4: nothing set aside silently);
# `status` lists it as not sent.
cd "$b"
expect_exit 0 runbook note "$run" "Alice on B's machine" --key "$alice"
expect_exit 0 runbook note "$run" "Bob again" --key "$bob"
cd "$a"
expect_exit 0 runbook note "$run" "Alice on A" --key "$alice"
expect_exit 0 runbook sync --key "$alice"
cd "$b"
expect_exit 1 runbook sync --key "$bob"
expect_stderr 'not sent'
expect_stderr 'by alice'
expect_stderr 'git runbook sync --key'
expect_exit 0 runbook status
expect_stdout '^Not sent to origin yet \(1\)'
expect_stdout "note by alice"
expect_stdout 'kept under refs/runbook/unsent/alice-'
expect_exit 0 runbook status --format json
expect_eq "$(json_get 'len(j["not_sent"])')" 1 "records not sent, in status --format json"
server_messages=$(git -C "$server" log --format=%B "$log")
grep -q "Bob again" <<<"$server_messages" || fail "bob's note was not sent"
grep -q "Alice on A" <<<"$server_messages" || fail "A's note is missing on the server"
if grep -q "Alice on B's machine" <<<"$server_messages"; then
  fail "alice's record from B was sent by bob's sync"
fi
kept=$(git for-each-ref --format='%(refname)' refs/runbook/unsent/)
[[ -n "$kept" ]] || fail "the records that were not sent are not kept under refs/runbook/unsent/"
if [[ -n "$kept" ]]; then
  expect_true "the kept ref holds alice's note" bash -c "git log -1 --format=%B '$(head -1 <<<"$kept")' | grep -q \"Alice on B's machine\""
fi
server_records_once
expect_eq "$(git -C "$server" rev-list --merges "$log")" "" "merge commits on the server's $log"

check "a record that breaks a rule the server refuses is not sent, listed, and dropped on purpose"
# bob notes something in B; meanwhile alice retires bob on the server. bob's sync judges
# with the server's policy (fetched): the note is refused, sync exits 1 naming the rule,
# `status` lists it as refused; `sync --drop` takes it back (bob may not record the
# decision any more, and is told so), and the next sync is clean for that record.
cd "$b"
expect_exit 0 runbook note "$run" "Bob before retirement" --key "$bob"
cd "$a"
expect_exit 0 runbook keys retire bob --key "$alice"
git push -q origin main 2>/dev/null || fail "pushing bob's retirement failed"
cd "$b"
expect_exit 1 runbook sync --key "$bob"
expect_stderr 'bob is retired in the policy and may no longer record'
expect_stderr 'git runbook sync --drop RECORD-PATH'
grep -q "Bob before retirement" <<<"$(git -C "$server" log --format=%B "$log")" && fail "the refused note reached the server"
expect_exit 0 runbook status
expect_stdout 'note by bob'
expect_stdout 'refused: bob is retired'
expect_exit 0 runbook status --format json
refused=$(json_get '[r["record"] for r in j["not_sent"] if "retired" in r.get("refused", "")][0]')
expect_exit 0 runbook sync --drop "$refused" --key "$bob"
expect_stderr "dropped $refused"
expect_stderr 'not noted in run'
expect_exit 0 runbook status
expect_no_output 'retired'
expect_exit 0 runbook sync --key "$bob" # alice's record of check 8 waits under refs/runbook/unsent
expect_no_output 'retired'

check "verify passes in both clones after syncing again"
cd "$a"
expect_exit 0 runbook sync --key "$alice"
expect_exit 0 runbook verify
expect_stdout '0 problems'
cd "$b"
expect_exit 0 runbook verify
expect_stdout '0 problems'
expect_exit 0 git fsck --no-progress
expect_exit 0 git -C "$server" fsck --no-progress

pass
