#!/usr/bin/env bash
# Writers killed (kill -9) at random moments, in 50 rounds, across note, step with a
# file as evidence, start, finish, publish and sync to a local bare remote. After each
# kill the repository (and the remote, for sync) passes `git fsck --full --strict`,
# every ref holds its old value or a whole new one, and the next command works — or,
# when the kill left a lock file behind, fails with a message naming it and works once
# it is removed. At the end no record is lost or recorded twice and verify passes.
# How many kills hit a running writer depends on the machine's speed: it is reported,
# never checked (test_sync_faults.sh kills at each named fault point, deterministically).
# E2E_FAULT_KILLS changes the number of rounds (default 50).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/faults_lib.sh"

rounds_wanted=${E2E_FAULT_KILLS:-50}
log=runbook-log
log_ref=refs/heads/$log

setup_team_with_remote
b="$work/b"
{
  git clone -q "$server" "$b" &&
    git -C "$b" config user.email bob@example.com &&
    (cd "$b" && "$GIT_RUNBOOK" sync --key "$bob")
} >/dev/null 2>&1 || fatal "setting up the second clone failed"
head -c 300000 /dev/urandom >"$work/scan.bin"

# time_ms cmd…: runs cmd (it must succeed) and prints how long it took, in ms.
time_ms() {
  local started
  started=$(date +%s%N)
  "$@" >/dev/null 2>&1 || return 1
  echo $((($(date +%s%N) - started) / 1000000))
}

# random_delay MS: a random moment between 0 and MS milliseconds, in seconds.
random_delay() {
  local ms=$(((RANDOM * 32768 + RANDOM) % ($1 + 1)))
  printf '%d.%03d\n' $((ms / 1000)) $((ms % 1000))
}

check "each writer works undisturbed (and how long it takes, for the random moments)"
declare -A duration
duration[note]=$(time_ms "$GIT_RUNBOOK" note "$run" "timed note" --key "$alice") || fail "note failed"
duration[step]=$(time_ms "$GIT_RUNBOOK" step "$run" 4 --outcome failed --evidence "$work/scan.bin" --key "$alice") ||
  fail "step with evidence failed"
duration[start]=$(time_ms "$GIT_RUNBOOK" "${start_command[@]}" --key "$alice") || fail "start failed"
finish_run=$(start_run) || fail "start failed"
duration[finish]=$(time_ms "$GIT_RUNBOOK" finish "$finish_run" --outcome aborted --key "$alice") || fail "finish failed"
make_draft >/dev/null || fail "edit failed"
duration[publish]=$(time_ms "$GIT_RUNBOOK" publish onboarding --key "$alice") || fail "publish failed"
git push -q origin main >/dev/null 2>&1 || fail "pushing main failed"
"$GIT_RUNBOOK" note "$run" "timed sync" --key "$alice" >/dev/null 2>&1 || fail "note failed"
duration[sync]=$(time_ms "$GIT_RUNBOOK" sync --key "$alice") || fail "sync failed"
for kind in "${!duration[@]}"; do
  [[ -n "${duration[$kind]}" ]] || fatal "$kind did not work undisturbed"
done
echo "    (took: note ${duration[note]} ms, step ${duration[step]} ms, start ${duration[start]} ms," \
  "finish ${duration[finish]} ms, publish ${duration[publish]} ms, sync ${duration[sync]} ms)"
fsck_strict . "before any kill"

sent=()         # notes recorded undisturbed before a sync: each must reach the remote once
lock_reports=() # the lock files kills left behind, with the command that reported them
killed=0
rounds=0

# next_command KIND WHERE cmd…: the command after a kill must work; when it fails, it
# must be because of a lock file the kill left, which its message names and says to
# remove; once the locks are gone it must work. How long it took, undisturbed, keeps
# duration[KIND] (where the random moments fall) up to date with the machine's load.
# A lock file that was reported twice already is removed first (a writer waits 5 s
# for a lock before it gives up; test_faults_locks.sh checks each kind of lock).
declare -A lock_seen
next_command() {
  local kind=$1 where=$2 locks lock named="" started
  shift 2
  for lock in $(lock_files . "$server"); do
    if ((${lock_seen[${lock#"$work/"}]:-0} >= 2)); then
      lock_reports+=("$where: ${lock#"$work/"} (removed before the next command)")
      rm -f "$lock"
    fi
  done
  started=$(date +%s%N)
  run_capture "$GIT_RUNBOOK" "$@"
  if [[ "$rc" == 0 ]]; then
    duration[$kind]=$(((duration[$kind] + ($(date +%s%N) - started) / 1000000) / 2))
  else
    locks=$(lock_files . "$server") # a sync pushing to a path updates the remote itself
    if [[ -z "$locks" ]]; then
      fail "$where: the next command failed, and no lock file explains it"
      return 0
    fi
    for lock in $locks; do
      if grep -qF -- "$lock" <<<"$out"; then
        named+=" ${lock#"$work/"}"
        lock_seen[${lock#"$work/"}]=$((${lock_seen[${lock#"$work/"}]:-0} + 1))
      fi
    done
    if [[ -z "$named" ]] || ! grep -q 'remove it' <<<"$out"; then
      fail "$where: the next command failed without naming the lock file left behind ($locks) and saying to remove it"
    fi
    lock_reports+=("$where:$named (reported by the next command)")
    rm -f $locks
    run_capture "$GIT_RUNBOOK" "$@"
    [[ "$rc" == 0 ]] || fail "$where: the next command still fails after removing the lock files"
  fi
  return 0
}

# kill_round KIND: one writer of that kind killed at a random moment, and every check.
kill_round() {
  local kind=$1 cmd=() target=$log_ref before after server_before server_after delay pid status=0 where name
  local old new finish_run=""
  rounds=$((rounds + 1))
  case $kind in
  note) cmd=(note "$run" "killed note $rounds" --key "$alice") ;;
  step)
    head -c 300000 /dev/urandom >"$work/scan.bin" # new evidence, so that its blob is written each time
    cmd=(step "$run" 4 --outcome failed --evidence "$work/scan.bin" --key "$alice")
    ;;
  start) cmd=("${start_command[@]}" --key "$alice") ;;
  finish)
    finish_run=$(start_run) || fail "round $rounds: start (before finish) failed"
    cmd=(finish "$finish_run" --outcome aborted --key "$alice")
    ;;
  publish)
    target=refs/heads/main
    make_draft >/dev/null || fail "round $rounds: edit (before publish) failed"
    cmd=(publish onboarding --key "$alice")
    ;;
  sync)
    # The versions runs here follow are published on the remote first, as its hook (and
    # sync's own judge, for a folder remote) would ask.
    git push -q origin main >/dev/null 2>&1 || fail "round $rounds: pushing main failed"
    "$GIT_RUNBOOK" note "$run" "sent $rounds" --key "$alice" >/dev/null 2>&1 || fail "round $rounds: note failed"
    sent+=("sent $rounds")
    if ((${#sent[@]} % 2 == 0)); then # the remote moved on meanwhile: the sync must re-sign on top of it
      (cd "$b" && "$GIT_RUNBOOK" sync --key "$bob" && "$GIT_RUNBOOK" note "$run" "bob $rounds" --key "$bob" &&
        "$GIT_RUNBOOK" sync --key "$bob") >/dev/null 2>&1 || fail "round $rounds: bob's note and sync failed"
    fi
    cmd=(sync --key "$alice")
    ;;
  esac
  before=$(refs_of .)
  server_before=$(refs_of "$server")
  delay=$(random_delay $((duration[$kind] * 11 / 10))) # a little past its end: some kills come late
  "$GIT_RUNBOOK" "${cmd[@]}" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || status=$?
  if [[ $status == 137 ]]; then
    killed=$((killed + 1))
  elif [[ $status != 0 ]]; then
    fail "$kind round $rounds: the writer failed by itself (exit $status) before the kill"
  fi
  where="$kind round $rounds (kill after ${delay}s, $([[ $status == 137 ]] && echo killed || echo 'already done'))"

  fsck_strict . "$where"
  refs_sound . "$where"
  after=$(refs_of .)
  while read -r name; do
    old=$(ref_value "$before" "$name")
    new=$(ref_value "$after" "$name")
    [[ "$old" == "$new" ]] && continue
    case $kind:$name in
    sync:"$log_ref")
      # Fast-forwarded to the remote, or rebuilt on it: whole, and still holding every record.
      [[ -z "$(comm -23 <(records_at . "$old") <(records_at . "$new"))" ]] ||
        fail "$where: $name moved from $old to $new and lost records"
      ;;
    sync:refs/runbook/sync | sync:refs/runbook/seen/origin | sync:refs/remotes/origin/*) ;; # sync's own refs: any whole value (refs_sound)
    *:"$target")
      one_step_on . "$old" "$new" || fail "$where: $name moved from $old to $new, which is not one commit on top"
      ;;
    *) fail "$where: $name changed from '$old' to '$new'" ;;
    esac
  done < <(cut -d' ' -f1 <<<"$before"$'\n'"$after" | sed '/^$/d' | sort -u)
  if [[ $kind == sync ]]; then
    fsck_strict "$server" "$where"
    refs_sound "$server" "$where"
    server_after=$(refs_of "$server")
    old=$(ref_value "$server_before" "$log_ref")
    new=$(ref_value "$server_after" "$log_ref")
    git -C "$server" merge-base --is-ancestor "$old" "$new" ||
      fail "$where: the remote's $log went from $old to $new, which does not build on it"
  fi

  case $kind in
  note) next_command "$kind" "$where" note "$run" "after $rounds" --key "$alice" ;;
  step | start) next_command "$kind" "$where" "${cmd[@]}" ;;
  finish)
    if [[ "$(ref_value "$after" "$log_ref")" != "$(ref_value "$before" "$log_ref")" ]]; then
      next_command note "$where" note "$run" "after $rounds" --key "$alice" # the run is finished
    else
      next_command "$kind" "$where" "${cmd[@]}"
    fi
    ;;
  publish)
    if [[ "$(ref_value "$after" refs/heads/main)" != "$(ref_value "$before" refs/heads/main)" ]]; then
      expect_eq "$(git status --porcelain -- runbooks)" "" "$where: git status of runbooks/ after the publish landed"
      make_draft >/dev/null || fail "$where: edit failed"
    fi
    next_command "$kind" "$where" publish onboarding --key "$alice"
    ;;
  sync)
    next_command "$kind" "$where" sync --key "$alice"
    expect_eq "$(git rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "$where: $log here and on the remote"
    ;;
  esac
  [[ -z "$(lock_files . "$server")" ]] || fail "$where: lock files left after the next command: $(lock_files . "$server")"
  rm -f $(lock_files . "$server")
}

check "writers killed at random moments in $rounds_wanted rounds"
kinds=(note step start finish publish sync)
started=$SECONDS
while ((rounds < rounds_wanted)); do
  kill_round "${kinds[rounds % ${#kinds[@]}]}"
done
echo "    ($rounds rounds, $killed writers killed while running, $((SECONDS - started)) s;" \
  "${#lock_reports[@]} kills left a lock file)"
for report in "${lock_reports[@]}"; do
  echo "      $report"
done

check "after a last sync on both sides, every note sent is on the remote exactly once, and none twice anywhere"
expect_exit 0 runbook sync --key "$alice"
(cd "$b" && "$GIT_RUNBOOK" sync --key "$bob") >/dev/null 2>&1 || fail "bob's last sync failed"
expect_eq "$(git rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "$log here and on the remote"
remote_notes=$(git -C "$server" log --format=%B "$log" | grep -E '^(killed note|after|sent|bob) [0-9]+$' || true)
for note in "${sent[@]}"; do
  expect_eq "$(grep -cx -- "$note" <<<"$remote_notes" || true)" 1 "copies of the note \"$note\" on the remote"
done
expect_eq "$(sort <<<"$remote_notes" | uniq -d)" "" "notes recorded twice"
expect_eq "$(git rev-list --merges "$log")" "" "merge commits on $log"

check "the repository and the remote are sound, every commit verifies, and git runbook verify passes"
fsck_strict . "at the end"
fsck_strict "$server" "at the end"
verify_all_commits . "$log"
verify_all_commits . main
expect_exit 0 runbook verify
expect_stdout '0 problems'

pass
