#!/usr/bin/env bash
# `git runbook demo [DIR]`: a self-contained tour in a throwaway folder that touches
# nothing of the user's and leaves no gpg-agent behind.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

demo="$work/demo"
extra_gnupg_homes+=("$demo/gnupg")
git config --global user.email tester@example.com
gitconfig_before=$(cat "$HOME/.gitconfig")
keys_before=$(gpg --batch --with-colons --list-keys 2>/dev/null | grep -c '^pub' || true)

# agents_for PATH: the processes whose command line mentions PATH (gpg-agent, keyboxd…).
agents_for() {
  pgrep -af -- "$1" 2>/dev/null | grep -v -e pgrep -e "$$" || true
}

# wait_no_agent PATH: up to 5 s for every process of PATH to end; prints what is left.
wait_no_agent() {
  local left=""
  for _ in $(seq 1 50); do
    left=$(agents_for "$1")
    [[ -z "$left" ]] && return 0
    sleep 0.1
  done
  printf '%s\n' "$left"
}

check "demo DIR exits 0 and prints \"verified\""
expect_exit 0 runbook demo "$demo"
expect_stdout '^verified: 23 commits on main, runbook-log from trust root [0-9a-f]+, 0 problems$'
expect_stdout "^  $demo/audit.html$"
expect_true "the demo wrote the HTML audit report" grep -q 'Every signature and permission verified' "$demo/audit.html"
expect_stdout '^- Step 10 "Ask for onboarding feedback" added$'
[[ -f "$work/demo/repo/runbooks/employee-onboarding/v1.yaml" && -f "$work/demo/repo/runbooks/employee-onboarding/v2.yaml" ]] ||
  fail "the demo did not publish v1 and v2 of employee-onboarding"
expect_stdout "git-runbook demo in $demo"
expect_no_output 'NOT verified'

check "demo shows both people and the keys list"
expect_stdout '^alice +active +Alice Martin'
expect_stdout '^bob +active +Bob Chen'

check "demo leaves no gpg-agent (or other process) running for its folder"
if ! command -v pgrep >/dev/null; then
  echo "    (skipped: pgrep is not installed)"
else
  left=$(wait_no_agent "$demo")
  [[ -z "$left" ]] || fail "still running after the demo: $left"
fi

check "demo's repository: every commit passes git verify-commit with the demo keyring"
[[ -d "$demo/repo/.git" ]] || fatal "the demo made no repository in $demo/repo"
GNUPGHOME="$demo/gnupg" verify_all_commits "$demo/repo"
expect_eq "$(git -C "$demo/repo" rev-list --count HEAD)" 5 "commits in the demo repository (init, keys add, keys grant, v1, v2)"
expect_eq "$(git -C "$demo/repo" status --porcelain)" "" "git status of the demo repository"

check "demo's repository verifies again with git runbook verify"
cd "$demo/repo"
GNUPGHOME="$demo/gnupg" expect_exit 0 runbook verify
expect_stdout '^verified: 23 commits'
cd "$work"

check "demo touched neither the test's keyring nor its ~/.gitconfig"
keys_after=$(gpg --batch --with-colons --list-keys 2>/dev/null | grep -c '^pub' || true)
expect_eq "$keys_after" "$keys_before" "public keys in the test's own keyring"
expect_eq "$(cat "$HOME/.gitconfig")" "$gitconfig_before" "the test HOME/.gitconfig"

check "demo into a non-empty folder is refused with exit 2"
mkdir "$work/busy"
echo keep >"$work/busy/file"
expect_exit 2 runbook demo "$work/busy"
expect_stderr 'not empty'
expect_eq "$(ls -A "$work/busy")" file "content of the refused folder"

check "demo without a folder uses a temporary folder under TMPDIR and tells how to remove it"
mkdir "$work/tmp"
TMPDIR="$work/tmp" expect_exit 0 runbook demo
expect_stdout '^verified: '
expect_stdout "rm -rf $work/tmp/"
made=$(find "$work/tmp" -mindepth 1 -maxdepth 1 -type d | head -1)
if [[ -z "$made" ]]; then
  fail "no demo folder was made under TMPDIR=$work/tmp"
else
  extra_gnupg_homes+=("$made/gnupg")
  if command -v pgrep >/dev/null; then
    left=$(wait_no_agent "$made")
    [[ -z "$left" ]] || fail "still running after the demo: $left"
  fi
fi

pass
