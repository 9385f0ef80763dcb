#!/usr/bin/env bash
# Stale lock files, as a killed git or git-runbook leaves them: on the log branch, on
# main, on the index, on the refs sync moves, and on packed-refs, config and HEAD. Every
# writer that needs a locked file stops within a few seconds with exit 3 and a message
# that names the file and says to remove it; nothing changes (refs here and on the
# remote, the index, the work tree); and it works once the file is removed. Locks that a
# writer does not need (packed-refs, config, HEAD, as for git itself) do not stop it. A
# stale lock on the remote (a push to a path runs in-process) is named the same way.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/faults_lib.sh"

log=runbook-log
setup_team_with_remote
echo "signed offer letter" >"$work/offer.txt"
git_dir=$(cd .git && pwd -P)

# prepare_writer NAME: sets $writer (the command's words) for one writer, after doing
# what it needs first (a run to finish, a draft to publish, a note to send).
prepare_writer() {
  case $1 in
  start) writer=("${start_command[@]}" --key "$alice") ;;
  step) writer=(step "$run" 4 --outcome failed --evidence "$work/offer.txt" --key "$alice") ;;
  note) writer=(note "$run" "a note" --key "$alice") ;;
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
    "$GIT_RUNBOOK" note "$run" "a note to send" --key "$alice" >/dev/null 2>&1 || fail "note (before sync) failed"
    writer=(sync --key "$alice")
    ;;
  esac
}


# refused_by_lock LOCK WRITER: with LOCK (relative to .git) in place, WRITER gives up
# (after its 5 s of patience; the bound of 60 s is loose so no busy machine fails it) with exit 3, names the lock and says to remove it; nothing changes; without
# the lock it works.
refused_by_lock() {
  local lock=$git_dir/$1 name=$2 before started elapsed
  check "a stale $1: $name stops with a message naming it, changes nothing, and works once it is removed"
  prepare_writer "$name"
  before=$(state)
  : >"$lock"
  started=$(date +%s%N)
  expect_exit 3 "$GIT_RUNBOOK" "${writer[@]}"
  elapsed=$((($(date +%s%N) - started) / 1000000))
  ((elapsed < 60000)) || fail "$name took $elapsed ms to give up"
  expect_stderr "$(sed 's/[.[\*^$]/\\&/g' <<<"$lock")"
  expect_stderr "If no other git.* is running.*remove it"
  same_state "$(state)" "$before" "$name"
  [[ -e "$lock" ]] || fail "the lock file $1 was removed by $name"
  rm -f "$lock"
  fsck_strict . "after $name refused"
  expect_exit 0 "$GIT_RUNBOOK" "${writer[@]}"
  expect_eq "$(lock_files .)" "" "lock files left behind"
  echo "    ($name gave up after $elapsed ms)"
}

for name in start step note finish sync; do
  refused_by_lock "refs/heads/$log.lock" "$name"
done
refused_by_lock refs/heads/main.lock publish
refused_by_lock index.lock publish
refused_by_lock refs/runbook/sync.lock sync
refused_by_lock "refs/remotes/origin/$log.lock" sync

check "a stale lock on the remote's $log (a push to a path, killed): sync says so, the remote does not change, and it works once the lock is removed"
prepare_writer sync
before_remote=$(refs_of "$server")
before_log=$(git rev-parse "$log")
remote_lock="$(cd "$server" && pwd -P)/refs/heads/$log.lock"
: >"$remote_lock"
expect_exit 3 "$GIT_RUNBOOK" "${writer[@]}"
expect_stderr "$(sed 's/[.[\*^$]/\\&/g' <<<"$remote_lock")"
expect_stderr "interrupted push left that lock file behind: remove it"
expect_eq "$(refs_of "$server")" "$before_remote" "the remote's refs"
expect_eq "$(git rev-parse "$log")" "$before_log" "$log here"
rm -f "$remote_lock"
expect_exit 0 "$GIT_RUNBOOK" "${writer[@]}"
expect_eq "$(git rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "$log here and on the remote"
fsck_strict "$server" "after the remote's lock"

check "locks no writer needs (packed-refs, config, HEAD) stop none of them, with the refs packed"
git pack-refs --all
for lock in packed-refs.lock config.lock HEAD.lock; do
  : >"$git_dir/$lock"
done
for name in start step note finish publish sync; do
  prepare_writer "$name"
  expect_exit 0 "$GIT_RUNBOOK" "${writer[@]}"
done
for lock in packed-refs.lock config.lock HEAD.lock; do
  [[ -e "$git_dir/$lock" ]] || fail "$lock was removed"
  rm -f "$git_dir/$lock"
done
expect_eq "$(git status --porcelain --untracked-files=all)" "" "git status after publishing"
expect_eq "$(git rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "$log here and on the remote"

check "the repository and the remote are sound and git runbook verify passes"
fsck_strict . "at the end"
fsck_strict "$server" "at the end"
refs_sound . "at the end"
expect_exit 0 runbook verify
expect_stdout '0 problems'

pass
