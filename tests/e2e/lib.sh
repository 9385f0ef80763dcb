# Shared helpers for the end-to-end tests. Every tests/e2e/test_*.sh sources this file.
#
# Each test runs in its own fresh temporary folder ($work) with its own GnuPG home, its
# own HOME (so ~/.gitconfig is the test's own) and no system git config: the real
# ~/.gnupg and ~/.gitconfig are never read or written.
#
# Checks: `check "what"` opens a named check; the assertions below it (expect_exit,
# expect_output, expect_no_output, expect_eq, …) report a failure as
#   FAIL [check N: what]: reason
# together with the command's output, and the test goes on so that one run shows every
# failing check. `pass` at the end prints "N checks passed" or exits 1 listing the
# failures. A command that fails outside an assertion stops the test at once.
#
# Set E2E_KEEP=1 to keep the work folder for a look afterwards.

set -Eeuo pipefail

if [[ -z "${GIT_RUNBOOK:-}" ]]; then
  echo "GIT_RUNBOOK is not set: run through ctest, or export GIT_RUNBOOK=/path/to/git-runbook" >&2
  exit 2
fi
if [[ ! -x "$GIT_RUNBOOK" ]]; then
  echo "GIT_RUNBOOK=$GIT_RUNBOOK is not an executable file" >&2
  exit 2
fi
for tool in git gpg gpgconf; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed" >&2
    exit 77
  fi
done

test_name=$(basename "${BASH_SOURCE[1]:-$0}" .sh)
work=$(mktemp -d "${TMPDIR:-/tmp}/rb-e2e-${test_name#test_}.XXXXXX")
work=$(cd "$work" && pwd -P)

# --- isolation ---------------------------------------------------------------------
# Git variables of the caller (a hook, a parent git) must not leak into the test.
while IFS= read -r name; do
  unset "$name"
done < <(env | sed -n 's/^\(GIT_[A-Z_]*\)=.*/\1/p' | grep -vx -e GIT_RUNBOOK -e GIT_RUNBOOK_SOURCE_DIR)
unset GPG_AGENT_INFO SSH_AUTH_SOCK XDG_CONFIG_HOME XDG_RUNTIME_DIR EMAIL || true
export HOME="$work/home"
export GNUPGHOME="$work/gnupg"
export GIT_CONFIG_NOSYSTEM=1
export GIT_CEILING_DIRECTORIES="$work"
export GIT_TERMINAL_PROMPT=0
export LC_ALL=C.UTF-8 LANG=C.UTF-8
export TZ=UTC
mkdir -p "$HOME"
mkdir -m 700 "$GNUPGHOME"
git config --global user.name "E2E Tester"
git config --global user.email "tester@example.com"
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# --- cleanup -----------------------------------------------------------------------
stop_gpg_agent() {
  local home
  for home in "$GNUPGHOME" "${extra_gnupg_homes[@]}"; do
    if [[ -d "$home" ]]; then
      GNUPGHOME="$home" gpgconf --kill all >/dev/null 2>&1 || true
    fi
  done
}
extra_gnupg_homes=()
cleanup_commands=() # at_cleanup "command": run when the test ends, before the folder goes
at_cleanup() { cleanup_commands+=("$1"); }
cleanup() {
  local rc=$? command
  trap - EXIT
  set +e
  stop_gpg_agent
  cd /
  for command in "${cleanup_commands[@]}"; do
    eval "$command" >/dev/null 2>&1
  done
  if [[ "${E2E_KEEP:-}" == 1 ]]; then
    echo "kept the work folder $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "ERROR: unexpected failure in ${BASH_SOURCE[0]##*/} line $LINENO: $BASH_COMMAND (exit $?)${check_name:+ during check $checks: $check_name}" >&2' ERR

# --- checks ------------------------------------------------------------------------
checks=0
check_name=""
failures=()

# check "what is checked": starts a new numbered check.
check() {
  checks=$((checks + 1))
  check_name="$*"
  echo "--- check $checks: $check_name"
}

# fail "message": records a failure of the current check (shows the last output).
fail() {
  local where="check $checks: ${check_name:-setup}"
  failures+=("[$where] $*")
  {
    echo "FAIL [$where]: $*"
    if [[ -n "${last_command:-}" && "${shown_command:-}" != "$checks:$last_command" ]]; then
      shown_command="$checks:$last_command"
      echo "    last command: $last_command"
      echo "    exit code: ${rc:-?}"
      echo "    output:"
      printf '%s\n' "${out:-}" | sed 's/^/      | /'
    fi
  } >&2
}

# fatal "message": a failure after which the test cannot go on.
fatal() {
  fail "$@"
  echo "ABORT: cannot continue after this failure" >&2
  summary_and_exit
}

quote_command() {
  local q="" arg
  for arg in "$@"; do
    q+="$(printf '%q' "$arg") "
  done
  printf '%s' "${q% }"
}

# run_capture cmd…: runs cmd with no input; sets $stdout, $stderr, $out (both) and $rc.
run_capture() {
  last_command=$(quote_command "$@")
  shown_command=""
  rc=0
  "$@" </dev/null >"$work/.stdout" 2>"$work/.stderr" || rc=$?
  stdout=$(cat "$work/.stdout")
  stderr=$(cat "$work/.stderr")
  out="$stdout"
  if [[ -n "$stderr" ]]; then
    out+="${out:+$'\n'}$stderr"
  fi
  # E2E_TRANSCRIPT=FILE: every command a check runs, with its exit code and output, is
  # added to FILE (to read what each case printed, as a user would see it).
  if [[ -n "${E2E_TRANSCRIPT:-}" ]]; then
    printf -- '--- check %s: %s\n$ %s\n(exit %s)\n%s\n' "$checks" "${check_name:-setup}" "$last_command" "$rc" "$out" \
      >>"$E2E_TRANSCRIPT"
  fi
}

# expect_exit CODE cmd…: runs cmd, fails the check when its exit code is not CODE.
# CODE may be "nonzero".
expect_exit() {
  local want=$1
  shift
  run_capture "$@"
  if [[ "$want" == nonzero ]]; then
    if [[ "$rc" == 0 ]]; then
      fail "expected a non-zero exit code, got 0"
      return 0
    fi
  elif [[ "$rc" != "$want" ]]; then
    fail "expected exit code $want, got $rc"
    return 0
  fi
  return 0
}

# expect_output PATTERN: $out must match the extended regular expression.
expect_output() {
  if ! grep -qE -- "$1" <<<"$out"; then
    fail "output does not match /$1/"
  fi
  return 0
}

# expect_no_output PATTERN: $out must not match.
expect_no_output() {
  if grep -qE -- "$1" <<<"$out"; then
    fail "output unexpectedly matches /$1/"
  fi
  return 0
}

# expect_stdout PATTERN / expect_stderr PATTERN: the same on one stream.
expect_stdout() {
  if ! grep -qE -- "$1" <<<"$stdout"; then
    fail "stdout does not match /$1/"
  fi
  return 0
}
expect_stderr() {
  if ! grep -qE -- "$1" <<<"$stderr"; then
    fail "stderr does not match /$1/"
  fi
  return 0
}

# expect_eq ACTUAL EXPECTED "what"
expect_eq() {
  if [[ "$1" != "$2" ]]; then
    fail "${3:-value}: expected '$2', got '$1'"
  fi
  return 0
}

# expect_true "what" cmd…: cmd must succeed (its output is not part of $out).
expect_true() {
  local what=$1
  shift
  if ! "$@" </dev/null >/dev/null 2>&1; then
    fail "$what (command failed: $(quote_command "$@"))"
  fi
  return 0
}

summary_and_exit() {
  if ((${#failures[@]} > 0)); then
    echo >&2
    echo "${#failures[@]} of $checks checks FAILED in $test_name:" >&2
    printf '  %s\n' "${failures[@]}" >&2
    exit 1
  fi
  echo "$checks checks passed"
  exit 0
}

# pass: the last line of every test.
pass() {
  summary_and_exit
}

# --- tools -------------------------------------------------------------------------
# without_training FILE: removes `training: required` from a runbook draft made from the
# employee-onboarding template. The tests that run it are about recording, syncing and
# judging; training (acknowledge before following) has its own, test_training.sh.
without_training() {
  sed -i '/^training: required$/d' "$1"
}

runbook() {
  timeout 120 "$GIT_RUNBOOK" "$@"
}

# make_key "Name" email: a new ed25519 sign-only key without passphrase in $GNUPGHOME;
# prints its fingerprint.
make_key() {
  local name=$1 email=$2 fpr
  gpg --batch --pinentry-mode loopback --passphrase '' \
    --quick-gen-key "$name <$email>" ed25519 sign never >/dev/null 2>&1 ||
    { echo "could not generate a key for $email" >&2; return 1; }
  fpr=$(gpg --batch --with-colons --list-secret-keys "<$email>" 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
  [[ "$fpr" =~ ^[0-9A-F]{40}$ ]] || { echo "no fingerprint for $email" >&2; return 1; }
  printf '%s\n' "$fpr"
}

# export_key FPR FILE: the armored public key.
export_key() {
  gpg --batch --armor --export "$1" >"$2" 2>/dev/null
  [[ -s "$2" ]] || { echo "could not export $1" >&2; return 1; }
}

# head_of [DIR]: the commit HEAD points to, or "none".
head_of() {
  git -C "${1:-.}" rev-parse -q --verify HEAD 2>/dev/null || echo none
}

# verify_all_commits DIR [REV]: every commit reachable from REV (default HEAD) passes
# `git verify-commit` with the test's keyring.
verify_all_commits() {
  local dir=$1 rev=${2:-HEAD} commit bad=""
  for commit in $(git -C "$dir" rev-list "$rev"); do
    if ! git -C "$dir" verify-commit "$commit" >/dev/null 2>&1; then
      bad+=" $commit"
    fi
  done
  if [[ -n "$bad" ]]; then
    fail "git verify-commit rejects:$bad"
  fi
  return 0
}

# write_record FILE RUN VERSION BLOB SOURCE EVENT STEP OUTCOME BY [LINE…]: a record as
# the tool would write it (for tests that craft log commits by hand). Empty STEP or
# OUTCOME: none. Extra LINEs are added as they are. The runbook is "onboarding" and the
# time now, unless $record_runbook and $record_at say otherwise.
write_record() {
  local file=$1 run=$2 version=$3 blob=$4 source=$5 event=$6 step=$7 outcome=$8 by=$9 line
  shift 9
  {
    echo "run: \"$run\""
    echo "runbook: \"${record_runbook:-onboarding}\""
    echo "version: $version"
    echo "runbook_blob: \"$blob\""
    echo "source_commit: \"$source\""
    echo "event: \"$event\""
    [[ -z "$step" ]] || echo "step: \"$step\""
    [[ -z "$outcome" ]] || echo "outcome: \"$outcome\""
    echo "by: \"$by\""
    echo "at: \"${record_at:-$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)}\""
    for line in "$@"; do
      echo "$line"
    done
  } >"$file"
}

# Hand-made commits in the current repository, without touching its work tree (for
# tests that forge or tamper): craft_from COMMIT|none, then craft_add/craft_text/
# craft_link/craft_rm, then craft_commit KEY|- MESSAGE PARENT… prints the commit ("-":
# unsigned). They build the tree in the index file $craft_index.
craft_from() {
  rm -f "$craft_index"
  if [[ "$1" == none ]]; then
    GIT_INDEX_FILE="$craft_index" git read-tree --empty
  else
    GIT_INDEX_FILE="$craft_index" git read-tree "$1"
  fi
}
craft_text() { # craft_text PATH TEXT [MODE]
  local blob
  blob=$(printf '%s\n' "$2" | git hash-object -w --stdin)
  GIT_INDEX_FILE="$craft_index" git update-index --add --cacheinfo "${3:-100644},$blob,$1"
}
craft_add() { # craft_add PATH FILE
  local blob
  blob=$(git hash-object -w -- "$2")
  GIT_INDEX_FILE="$craft_index" git update-index --add --cacheinfo "100644,$blob,$1"
}
craft_link() { # craft_link PATH TARGET: a symbolic link
  local blob
  blob=$(printf '%s' "$2" | git hash-object -w --stdin)
  GIT_INDEX_FILE="$craft_index" git update-index --add --cacheinfo "120000,$blob,$1"
}
craft_rm() { GIT_INDEX_FILE="$craft_index" git update-index --force-remove -- "$1"; }
craft_commit() { # craft_commit KEY|- MESSAGE PARENT…: prints the commit ("-": unsigned)
  local key=$1 message=$2 tree parents=() parent
  shift 2
  tree=$(GIT_INDEX_FILE="$craft_index" git write-tree)
  for parent in "$@"; do
    parents+=(-p "$parent")
  done
  if [[ "$key" == - ]]; then
    git commit-tree --no-gpg-sign "${parents[@]}" -m "$message" "$tree"
  else
    git commit-tree -S"$key" "${parents[@]}" -m "$message" "$tree"
  fi
}

with_entry() { # with_entry TREE NAME ID: TREE's entries as ls-tree prints them, NAME pointing to ID
  local mode type oid name
  git ls-tree "$1" | while IFS=$' \t' read -r mode type oid name; do
    [[ $name != "$2" ]] || oid=$3
    printf '%s %s %s\t%s\n' "$mode" "$type" "$oid" "$name"
  done
}

# tree_twice TREE NAME BLOB: writes a tree holding TREE's entries with NAME twice, the
# original first and BLOB second, and prints its id. Git's own tools never write such a
# tree (receive.fsckObjects refuses it): its bytes are written here.
tree_twice() {
  git ls-tree "$1" | python3 -c '
import sys
entries = []
for line in sys.stdin:
    meta, name = line.rstrip("\n").split("\t", 1)
    mode, _, oid = meta.split()
    entries.append((mode.lstrip("0"), name, oid))
    if name == sys.argv[1]:
        entries.append((mode.lstrip("0"), name, sys.argv[2]))
sys.stdout.buffer.write(b"".join(m.encode() + b" " + n.encode() + b"\0" + bytes.fromhex(o) for m, n, o in entries))
' "$2" "$3" | git hash-object --literally -t tree -w --stdin
}

# json_get EXPR: evaluates a Python expression over the JSON in $stdout (bound to j).
json_get() {
  python3 -c 'import json, sys
j = json.loads(sys.stdin.read())
print(eval(sys.argv[1]))' "$1" <<<"$stdout"
}

# The team most recording tests start from: alice (every role, signs with $alice) sets
# up $repo and adds bob (operator, approver; key $bob). Leaves the shell in $repo.
setup_team() {
  alice=$(make_key "Alice Admin" alice@example.com)
  bob=$(make_key "Bob Builder" bob@example.com)
  export_key "$bob" "$work/bob.asc"
  git config --global user.email alice@example.com
  repo="$work/repo"
  {
    runbook init "$repo" --key "$alice" &&
      cd "$repo" &&
      runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice"
  } >/dev/null 2>&1 || fatal "setting up the repository (init, keys add) failed"
  cd "$repo"
}

# setup_team, then alice publishes the employee-onboarding template as runbook
# "onboarding".
setup_onboarding_team() {
  setup_team
  {
    runbook new onboarding --template employee-onboarding && without_training runbooks/onboarding/v1.yaml &&
      runbook publish onboarding --key "$alice"
  } >/dev/null 2>&1 || fatal "setting up the repository (new, publish) failed"
}
