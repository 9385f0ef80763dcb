#!/usr/bin/env bash
# sanitizer_reports.sh COMMAND…: runs one end-to-end test of the sanitizer build
# (GIT_RUNBOOK_SANITIZE), e.g. `bash test_init.sh`, and fails it when any run of the
# binary wrote a sanitizer report.
#
# A test runs the binary many times — directly, through git hooks, in the background,
# and often expecting it to fail — so neither the binary's exit code nor its stderr
# reliably reaches the test. Every report goes to a file in a folder of this run
# instead (log_path), and any report there fails the test, whatever the test itself
# said. (A hook that sshd starts does not inherit log_path: its report reaches the
# test only as the push's failure and the "remote:" lines.)
set -uo pipefail
reports=$(mktemp -d "${TMPDIR:-/tmp}/rb-sanitizer-reports.XXXXXX")
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$reports/asan"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$reports/ubsan"

rc=0
"$@" || rc=$?

# The one line a process killed (kill -9, as the fault tests do) during the leak check
# at its exit can leave; it is no finding. Anything else in a file is one.
benign='^==[0-9]+==Unable to get registers from thread [0-9]+\.$'

shopt -s nullglob
found=0
for report in "$reports"/*; do
  if ! grep -qvE -e "$benign" -e '^$' "$report"; then
    continue
  fi
  echo "SANITIZER REPORT (${report##*/}):" >&2
  cat "$report" >&2
  found=$((found + 1))
done
if ((found > 0)); then
  echo "FAIL: $found sanitizer report(s) while running: $*" >&2
  rc=1
fi
rm -rf "$reports"
exit "$rc"
