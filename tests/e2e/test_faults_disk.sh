#!/usr/bin/env bash
# A full disk at every stage of a write: the repository lives on a small tmpfs, filled
# so that only 0, 4, 8, … KiB are left, and note, step with a file as evidence, start,
# finish, publish and sync are run at each level. A writer either works, or fails with
# a non-zero exit and a message saying the disk is full and nothing was changed — and
# then its refs, index and work tree are as before, no lock file is left, and it works
# once there is room again. `git fsck --full --strict` stays clean throughout.
# The test skips (exit 77, with a message) where it cannot mount a tmpfs (not root).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/faults_lib.sh"

log=runbook-log
setup_team_with_remote
cd "$work"

disk="$work/disk"
mkdir "$disk"
size_kib=$(($(du -sk repo | cut -f1) + 8192)) # room for what the test records
if ! mount -t tmpfs -o "size=${size_kib}k,mode=700" tmpfs "$disk" 2>/dev/null; then
  echo "SKIP: cannot mount a small tmpfs here (needs root); the full-disk test did not run" >&2
  exit 77
fi
at_cleanup "umount '$disk'"
cp -a repo "$disk/repo"
cd "$disk/repo"

# leave_free KIB: fills the tmpfs so that only KIB KiB are left.
leave_free() {
  rm -f "$disk/filler"
  dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null || true
  truncate -s "-$(($1 * 1024))" "$disk/filler"
}
free_space() { rm -f "$disk/filler"; }

# prepare_writer NAME: sets $writer (the command's words), after doing, with room on
# the disk, what the writer needs first.
prepare_writer() {
  case $1 in
  note) writer=(note "$run" "a note on a full disk" --key "$alice") ;;
  step)
    head -c 24000 /dev/urandom >"$work/scan.bin" # new each time: six pages of evidence to store
    writer=(step "$run" 4 --outcome failed --evidence "$work/scan.bin" --key "$alice")
    ;;
  start) writer=("${start_command[@]}" --key "$alice") ;;
  finish)
    local finishing
    finishing=$(start_run) || fail "start (before finish) failed"
    writer=(finish "$finishing" --outcome aborted --key "$alice")
    ;;
  publish)
    [[ -n "$(git status --porcelain -- runbooks)" ]] || make_draft >/dev/null || fail "edit (before publish) failed"
    writer=(publish onboarding --key "$alice")
    ;;
  sync)
    git push -q origin main >/dev/null 2>&1 || fail "pushing main (before sync) failed" # what runs follow, published there first
    # Something to fetch (a record made on the remote's side) and something to send.
    (cd "$work/repo" && "$GIT_RUNBOOK" note "$run" "from the other clone" --key "$alice" &&
      "$GIT_RUNBOOK" sync --key "$alice") >/dev/null 2>&1 || fail "the other clone's note and sync failed"
    "$GIT_RUNBOOK" note "$run" "a note to send" --key "$alice" >/dev/null 2>&1 || fail "note (before sync) failed"
    writer=(sync --key "$alice")
    ;;
  esac
}

declare -A failed_at # writer -> the free space levels at which it failed
messages=()          # each distinct failure message once

# on_full_disk NAME KIB: the writer with only KIB KiB free. Returns 1 once it worked.
on_full_disk() {
  local name=$1 kib=$2 before where branch=refs/heads/$log tip
  where="$name with $kib KiB free"
  [[ $name != publish ]] || branch=refs/heads/main
  prepare_writer "$name"
  before=$(state)
  tip=$(git rev-parse "$branch")
  leave_free "$kib"
  run_capture timeout 60 "$GIT_RUNBOOK" "${writer[@]}"
  free_space
  if [[ "$rc" == 0 ]]; then
    [[ "$name" == sync ]] || one_step_on . "$tip" "$(git rev-parse "$branch")" ||
      fail "$where: worked, but $branch did not move by one commit"
    fsck_strict . "$where (worked)"
    return 1
  fi
  failed_at[$name]+=" $kib"
  [[ "$rc" == 3 ]] || fail "$where: expected exit code 3, got $rc"
  grep -qE 'disk is full|No space left' <<<"$stderr" || fail "$where: the message does not say the disk is full"
  grep -qiE 'nothing (was|on [a-z]+ was) (changed|written|published)|nothing was lost' <<<"$stderr" ||
    fail "$where: the message does not say that nothing was changed"
  [[ " ${messages[*]} " == *" ${stderr//$'\n'/ } "* ]] || messages+=("${stderr//$'\n'/ }")
  if grep -q 'reached origin' <<<"$stderr"; then
    same_state "$(state local)" "$(sed '/^-- remote$/,$d' <<<"$before")" "$where"
  else
    same_state "$(state)" "$before" "$where"
  fi
  expect_eq "$(lock_files .)" "" "$where: lock files left behind"
  fsck_strict . "$where"
  refs_sound . "$where"
  run_capture "$GIT_RUNBOOK" "${writer[@]}"
  [[ "$rc" == 0 ]] || fail "$where: the writer does not work again once there is room"
  return 0
}

# The free space grows by E2E_DISK_STEP_KIB (4 KiB; the sanitizer build takes 8).
step_kib=${E2E_DISK_STEP_KIB:-4}
for name in note step start finish publish sync; do
  check "$name on a disk with 0, $step_kib, $((2 * step_kib)), … KiB free fails cleanly until it fits"
  kib=0
  while on_full_disk "$name" "$kib"; do
    kib=$((kib + step_kib))
    if ((kib > 256)); then
      fail "$name still fails with 256 KiB free"
      break
    fi
  done
  [[ -n "${failed_at[$name]:-}" ]] || fail "$name never failed, not even on a full disk"
  echo "    ($name failed with${failed_at[$name]:-} KiB free, worked with $kib KiB)"
done
echo "    (the messages:)"
printf '      %s\n' "${messages[@]}"

check "with room again, the repository is sound and git runbook verify passes"
free_space
fsck_strict . "at the end"
fsck_strict "$server" "at the end"
expect_exit 0 runbook verify
expect_stdout '0 problems'

pass
