#!/usr/bin/env bash
# A full disk: recording fails with a clear message, the log branch does not move, the
# repository stays sound, and recording works again once there is room.
# The repository lives on a small tmpfs; the test skips (exit 77, with a message) where
# it cannot mount one (not root, or no permission in a container).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team
run=$(runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
  --input "manager=Mo Manager" --input work_location=Remote --key "$alice" 2>/dev/null) ||
  fatal "start failed"
cd "$work"

disk="$work/disk"
mkdir "$disk"
size_kib=$(($(du -sk repo | cut -f1) + 512))
if ! mount -t tmpfs -o "size=${size_kib}k" tmpfs "$disk" 2>/dev/null; then
  echo "SKIP: cannot mount a small tmpfs here (needs root); the full-disk test did not run" >&2
  exit 77
fi
at_cleanup "umount '$disk'"
cp -a repo "$disk/repo"
cd "$disk/repo"
log=runbook-log
before=$(git rev-parse "$log")

fill_disk() { # fill_disk: fills the tmpfs until not a byte is left
  dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null || true
  sync
}

check "a note on a full disk fails with exit 3 and says the disk is full"
fill_disk
expect_exit 3 runbook note "$run" "written on a full disk" --key "$alice"
expect_stderr 'No space left|no space|disk is full'
expect_stderr 'free some space and try again.*nothing was changed'

check "the log branch did not move and no lock file is left behind"
expect_eq "$(git rev-parse "$log")" "$before" "the log branch after the failed note"
expect_eq "$(find .git -name '*.lock' | wc -l | tr -d ' ')" 0 "lock files left in .git"

check "evidence that does not fit fails the same way; the branch does not move"
rm -f "$disk/filler"
head -c $((size_kib * 1024)) /dev/urandom >"$work/scan.bin"
expect_exit 3 runbook step "$run" 4 --outcome done --evidence "$work/scan.bin" --key "$alice"
expect_stderr 'No space left|no space|disk is full'
expect_eq "$(git rev-parse "$log")" "$before" "the log branch after the failed step"

check "git fsck is clean after the failures"
expect_exit 0 git fsck --no-progress
expect_no_output '^(error|fatal|missing|broken|bad)|corrupt'

check "with room again, the note is recorded and verify passes"
rm -f "$disk/filler"
expect_exit 0 runbook note "$run" "written after freeing space" --key "$alice"
expect_eq "$(git log -1 --format=%s "$log" | grep -c 'note by alice' || true)" 1 "the new note commit"
expect_exit 0 runbook verify
expect_stdout '0 problems'

pass
