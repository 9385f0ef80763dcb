#!/usr/bin/env bash
# A run of many records: recording reads the earlier records of the run back without
# their schema check (they were checked when written; verify checks them again), so
# the rules that follow from them must still hold with forty records, and the record
# being written still gets the full check.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team

log=runbook-log
log_tip() { git -C "$repo" rev-parse -q --verify "refs/heads/$log" 2>/dev/null || echo none; }
nothing_written() {
  expect_eq "$(log_tip)" "$1" "log tip (nothing may be recorded)"
  expect_eq "$(git -C "$repo" status --porcelain)" "" "git status (nothing may be written)"
}

check "a run with forty notes and three steps, the third waiting for approval"
expect_exit 0 runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
  --input "manager=Mo Manager" --input work_location=Remote --key "$alice"
run=$stdout
[[ -n "$run" ]] || fatal "no run id"
for i in $(seq 1 40); do
  runbook note "$run" "note $i" --key "$alice" >/dev/null 2>&1 || fail "note $i was not recorded"
done
expect_exit 0 runbook step "$run" 1 --outcome done --evidence https://hr.example/e/1 --key "$alice"
expect_exit 0 runbook step "$run" 2 --outcome done --evidence https://desk.example/REQ-4711 --key "$alice"
expect_exit 0 runbook step "$run" 3 --outcome done --note "standard accounts" --key "$alice"

check "forty records later, the performer still may not approve, and step 4 waits"
before=$(log_tip)
expect_exit 1 runbook approve "$run" 3 --key "$alice"
nothing_written "$before"
expect_exit 1 runbook step "$run" 4 --outcome skipped --key "$alice"
expect_stderr 'waits for 1 more approval'
nothing_written "$before"

check "a note longer than the record schema allows is refused before anything is written"
expect_exit 1 runbook note "$run" "$(head -c 20001 /dev/zero | tr '\0' x)" --key "$alice"
expect_stderr '"note" is too long'
expect_stderr 'Nothing was recorded'
nothing_written "$before"

check "after finish, nothing more is recorded"
expect_exit 0 runbook finish "$run" --outcome aborted --note "Stopped" --key "$alice"
before=$(log_tip)
expect_exit 1 runbook note "$run" "too late" --key "$alice"
nothing_written "$before"
expect_exit 1 runbook approve "$run" 3 --key "$bob"
nothing_written "$before"
expect_exit 1 runbook finish "$run" --outcome aborted --key "$alice"
nothing_written "$before"

check "a damaged earlier record is reported with the schema's words, and nothing is written"
run_dir=$(git ls-tree -r --name-only "$log" | grep -- "-start-" | xargs dirname)
broken=$(printf 'run: "%s"\nevent: "note"\n' "$run" | git hash-object -w --stdin)
tree_with_broken=$(
  git read-tree "$log" --index-output="$work/index" &&
    GIT_INDEX_FILE="$work/index" git update-index --add --cacheinfo "100644,$broken,$run_dir/20990101T000000Z-note-dead.yaml" &&
    GIT_INDEX_FILE="$work/index" git write-tree
)
damaged=$(git commit-tree "$tree_with_broken" -p "$log" -m "damaged")
git update-ref "refs/heads/$log" "$damaged"
expect_exit 1 runbook status "$run"
expect_stderr 'damaged'
expect_stderr 'has no "runbook"'

pass
