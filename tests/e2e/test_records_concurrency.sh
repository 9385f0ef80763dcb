#!/usr/bin/env bash
# Writers racing on the log branch: nothing is lost, the branch stays linear, a writer
# killed at any moment leaves a sound repository, and a stale ref lock is reported.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team
run=$(runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
  --input "manager=Mo Manager" --input work_location=Remote --key "$alice" 2>/dev/null) ||
  fatal "start failed"

log=runbook-log
# The issue asks for at least 200 events per writer; E2E_NOTES_PER_WRITER changes it.
per_writer=${E2E_NOTES_PER_WRITER:-200}

# fsck_clean: git fsck exits 0 and reports no error (dangling objects are fine).
fsck_clean() {
  expect_exit 0 git fsck --no-progress
  expect_no_output '^(error|fatal|missing|broken|bad)|corrupt'
}
notes_by() { # notes_by "writer A": the note texts of that writer in the log, one a line
  git log --format=%B "$log" | grep -E "^$1 [0-9]+\$" || true
}

check "two writers add $per_writer notes each to the same run at the same time"
writer() { # writer NAME KEY
  local i failed=0
  for i in $(seq "$per_writer"); do
    "$GIT_RUNBOOK" note "$run" "$1 $i" --key "$2" >/dev/null 2>>"$work/$1.err" || failed=$((failed + 1))
  done
  echo "$failed" >"$work/$1.failed"
}
started=$SECONDS
writer "writer A" "$alice" &
pid_a=$!
writer "writer B" "$bob" &
pid_b=$!
wait "$pid_a" "$pid_b"
echo "    (the writers took $((SECONDS - started)) s)"
expect_eq "$(cat "$work/writer A.failed")" 0 "notes writer A could not record"
expect_eq "$(cat "$work/writer B.failed")" 0 "notes writer B could not record"
errors=$(cat "$work/writer A.err" "$work/writer B.err" | grep -v ': note added\.$' || true)
expect_eq "$errors" "" "messages of the writers other than \"note added\""

check "all $((2 * per_writer)) notes are in the log, each exactly once, as records and commits"
for name in "writer A" "writer B"; do
  texts=$(notes_by "$name")
  expect_eq "$(grep -c . <<<"$texts" || true)" "$per_writer" "commits with a note of $name"
  expect_eq "$(sort -u <<<"$texts" | grep -c . || true)" "$per_writer" "distinct notes of $name"
done
day=${run#onboarding-}
run_dir="runs/${day:0:4}/${day:4:2}/${day:6:2}/$run"
expect_eq "$(git ls-tree -r --name-only "$log" -- "$run_dir" | grep -c -- '-note-')" "$((2 * per_writer))" \
  "note record files"
expect_eq "$(git rev-list --count "$log")" "$((2 * per_writer + 1))" "commits on the log branch (start + notes)"
expect_exit 0 runbook log --run "$run" --format json
expect_eq "$(json_get 'sum(1 for e in j["events"] if e["event"] == "note")')" "$((2 * per_writer))" "notes in log --format json"

check "the log branch is linear and every commit adds one file"
expect_eq "$(git rev-list --merges "$log")" "" "merge commits"
expect_eq "$(git rev-list --min-parents=2 "$log" | wc -l | tr -d ' ')" 0 "commits with two parents"
bad=""
for commit in $(git rev-list "$log"); do
  [[ $(git diff-tree --root --no-commit-id -r --name-only "$commit" | wc -l) == 1 ]] || bad+=" $commit"
done
expect_eq "$bad" "" "commits that do not add exactly one file"

check "git fsck is clean after the race"
fsck_clean

check "git runbook verify passes after the race"
expect_exit 0 runbook verify
expect_stdout '0 problems'

check "a writer killed (kill -9) at a random moment, 20 times, leaves a sound repository"
leftover_locks=0
for round in $(seq 20); do
  delay=$(printf '0.%03d' $((RANDOM % 300)))
  "$GIT_RUNBOOK" note "$run" "killed writer $round" --key "$alice" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  out=$(git fsck --no-progress 2>&1) && rc=0 || rc=$?
  if [[ $rc != 0 ]] || grep -qE '^(error|fatal|missing|broken|bad)|corrupt' <<<"$out"; then
    fail "round $round (killed after ${delay}s): git fsck: $out"
  fi
  type=$(git cat-file -t "refs/heads/$log" 2>&1 || true)
  [[ "$type" == commit ]] || fail "round $round (killed after ${delay}s): $log resolves to '$type'"
  if [[ -e .git/refs/heads/$log.lock ]]; then
    leftover_locks=$((leftover_locks + 1))
    echo "    round $round (killed after ${delay}s) left .git/refs/heads/$log.lock behind"
    rm -f ".git/refs/heads/$log.lock" # a stale lock is checked on its own below
  fi
done
echo "    ($leftover_locks of 20 kills left a ref lock behind)"
expect_eq "$(git rev-list --merges "$log")" "" "merge commits after the kills"
expect_exit 0 runbook verify
expect_stdout '0 problems'
expect_eq "$(notes_by "killed writer" | sort | uniq -d)" "" "notes recorded twice"

check "a stale lock on the log ref: note fails with exit 3 naming the lock file, nothing written"
tip=$(git rev-parse "$log")
: >".git/refs/heads/$log.lock"
expect_exit 3 runbook note "$run" "while locked" --key "$alice"
expect_stderr "refs/heads/$log\.lock"
expect_eq "$(git rev-parse "$log")" "$tip" "log tip (nothing may be written)"
expect_eq "$(notes_by 'while locked')" "" "the note made while locked"

check "after removing the lock, recording works again"
rm -f ".git/refs/heads/$log.lock"
expect_exit 0 runbook note "$run" "after the lock" --key "$alice"
expect_eq "$(git rev-parse "$log^")" "$tip" "parent of the new tip"
fsck_clean

pass
