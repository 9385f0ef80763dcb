#!/usr/bin/env bash
# Signing without a gpg process: after the first signature made through GnuPG, the key
# is remembered in .git/runbook/signing-key and later records are signed by asking
# gpg-agent directly. Every commit made either way passes `git verify-commit`; a
# remembered key that no longer works (the agent lost it, the memo is damaged, the
# user chose another key) falls back to GnuPG and still signs correctly.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team
memo=.git/runbook/signing-key
log=runbook-log
inputs=(--input "employee_name=Eve Example" --input start_date=2026-05-05 --input "manager=Mo Manager"
  --input work_location=Remote)

check "the first signature remembers the key"
expect_exit 0 runbook start onboarding "${inputs[@]}"
run=$stdout
[[ -f "$memo" ]] || fail "no memo at $memo after signing"
grep -q "^fingerprint $alice\$" "$memo" || fail "the memo does not name Alice's key: $(cat "$memo")"

check "a note signed through the agent starts no gpg process and passes git verify-commit"
# strace shows the processes started; where tracing is not allowed, only the result counts.
if command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null; then
  # LeakSanitizer cannot work under ptrace: in the sanitizer build, no leak check here.
  expect_exit 0 env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -qq -e trace=execve -o "$work/trace" "$GIT_RUNBOOK" note "$run" "fast note"
  if grep -E 'execve\("[^"]*/(gpg|gpgconf|gpg-agent)"' "$work/trace" >/dev/null; then
    fail "a GnuPG process was started: $(grep execve "$work/trace" | head -5)"
  fi
else
  expect_exit 0 runbook note "$run" "fast note"
fi
[[ -f "$memo" ]] || fail "the memo was dropped after a fast signature"
verify_all_commits "$repo" "$log"

check "a memo naming a key the agent does not hold: falls back, signs correctly, remembers again"
sed -i 's/^keygrip .*/keygrip 0000000000000000000000000000000000000000/' "$memo"
expect_exit 0 runbook note "$run" "after a lost key"
grep -q '^keygrip 0000' "$memo" && fail "the bad memo was kept"
[[ -f "$memo" ]] || fail "no new memo after the fallback"
verify_all_commits "$repo" "$log"

check "a damaged memo is ignored"
printf 'git-runbook signing-key memo 1\nfingerprint \x01\x02' >"$memo"
expect_exit 0 runbook note "$run" "after a damaged memo"
verify_all_commits "$repo" "$log"

check "changing user.signingkey chooses again (Bob signs, and the record says so)"
git config user.signingkey "$bob"
expect_exit 0 runbook note "$run" "by Bob"
grep -q "^fingerprint $bob\$" "$memo" || fail "the memo does not name Bob's key"
expect_exit 0 runbook note "$run" "by Bob, fast"
last=$(git diff-tree --no-commit-id -r --name-only "$log")
git show "$log:$last" | grep -q '^by: "\{0,1\}bob' || fail "the last record is not by bob: $(git show "$log:$last")"
git config --unset user.signingkey
expect_exit 0 runbook note "$run" "by Alice again"
grep -q "^fingerprint $alice\$" "$memo" || fail "the memo does not name Alice's key again"
verify_all_commits "$repo" "$log"

summary_and_exit
