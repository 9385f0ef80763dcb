#!/usr/bin/env bash
# Writers of one repository killed (kill -9) while they record, with the loop of the
# report behind issue 14:
#   for i in $(seq 40); do git runbook note "$RUN" "note $i" & sleep 0.0$((RANDOM%10)); kill -9 $!; done
# repeated 20 times. After each repetition `git fsck --strict` exits 0 and prints no
# missing, broken or error line, no object in the database names one that is not there
# (reachable or not: git fsck looks only at what a ref reaches), and every note in the
# log can be read; at the end `git runbook verify --no-cache` finds 0 problems.
#
# The loop runs the binary itself: `git runbook` runs git-runbook as a child of git, so
# kill -9 stops git and leaves the writer running. A git fsck started while writers
# still run reports objects written after it looked as "missing" (a race of fsck, not
# a fault); so each repetition waits for its writers before it checks.
#
# How many kills stop a writer, and where, depends on the machine: nothing is asserted
# about it (the order in which objects get their names is tested exactly in
# tests/unit/git/staged_objects_test.cpp). E2E_FAULT_KILLS set (the sanitizer build)
# means a slower binary: 5 repetitions instead of 20.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/faults_lib.sh"

repetitions=20
[[ -z "${E2E_FAULT_KILLS:-}" ]] || repetitions=5
log=runbook-log

setup_onboarding_team
RUN=$(start_run) || fatal "starting a run failed"

# notes_in_log: how many note records the log holds.
notes_in_log() {
  records_at . "$log" | grep -c -- '-note-' || true
}

# notes_read WHERE: git runbook log reads every note record of the log; sets $notes to
# how many there are.
notes_read() {
  notes=$(notes_in_log)
  run_capture "$GIT_RUNBOOK" log --run "$RUN" --format json
  if [[ "$rc" != 0 ]]; then
    fail "$1: git runbook log --run $RUN fails (exit $rc)"
    return 0
  fi
  expect_eq "$(json_get 'sum(1 for e in j["events"] if e["event"] == "note")')" "$notes" \
    "$1: notes read by git runbook log, of those in $log"
}

# sound WHERE: the checks after the kills, in the repository here.
sound() {
  local where=$1 status=0 output missing
  output=$(git fsck --strict --no-progress 2>&1) || status=$?
  if [[ $status != 0 ]] || grep -qE 'missing|broken|error' <<<"$output"; then
    fail "$where: git fsck --strict (exit $status): $(grep -E 'missing|broken|error' <<<"$output" | head -5)"
  fi
  # Every tree and commit, reachable or not, and what it names, down to the blobs.
  missing=$(git cat-file --batch-all-objects --batch-check='%(objectname) %(objecttype)' |
    awk '$2 == "tree" || $2 == "commit" { print $1 }' |
    git rev-list --objects --missing=print --stdin 2>&1 | grep -v '^[0-9a-f]\{40\}' | head -5) ||
    true
  [[ -z "$missing" ]] || fail "$where: objects in the database name objects that are not there: $missing"
  run_capture "$GIT_RUNBOOK" status "$RUN"
  [[ "$rc" == 0 ]] || fail "$where: git runbook status $RUN fails (exit $rc)"
  notes_read "$where"
}

# remove_locks: removes the lock files kills left behind (no writer runs now), which
# would make the next writers wait and give up; prints them, or "none".
remove_locks() {
  local locks
  locks=$(lock_files .)
  [[ -z "$locks" ]] || rm -f $locks
  if [[ -z "$locks" ]]; then
    echo none
  else
    echo $locks | sed "s|$PWD/||g"
  fi
}

check "the loop of the report, $repetitions times: after each, git fsck --strict is clean and every note reads"
# pause SECONDS: sleep without starting a process: a `sleep` process takes tens of ms
# to start on a busy machine, which would stretch the loop and move its kills later.
exec {pause_fd}<> <(:) # a pipe that never has anything to read
pause() { read -r -t "$1" -u "$pause_fd" _ || true; }

# kill_loop: the loop of the report, in a subshell whose job messages ("Killed") go
# to /dev/null; it ends when every writer has.
kill_loop() {
  (
    for i in $(seq 40); do
      "$GIT_RUNBOOK" note "$RUN" "note $i" --key "$alice" >/dev/null 2>&1 &
      pause 0.0$((RANDOM % 10))
      kill -9 $! 2>/dev/null || true # the note may have ended already
    done
    wait
  ) 2>/dev/null
}
started=$(date +%s)
before=$(notes_in_log)
for repetition in $(seq "$repetitions"); do
  kill_loop
  locks=$(remove_locks)
  sound "repetition $repetition"
  echo "    repetition $repetition: $((notes - before)) of 40 notes recorded; lock files left by kills: $locks"
  before=$notes
done
echo "    (the loops and checks took $(($(date +%s) - started)) s)"

check "git runbook verify --no-cache finds no problem"
expect_exit 0 "$GIT_RUNBOOK" verify --no-cache
expect_stdout ' 0 problems'

pass
