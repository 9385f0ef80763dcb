#!/usr/bin/env bash
# Recording runs: `start`, `step`, `approve`, `note`, `finish`, then `status` and `log`.
# Every event is one signed commit on the log branch that adds exactly one record (plus
# its evidence) under runs/YYYY/MM/DD/<run>/; the rules of §4 refuse what makes no sense
# and then write nothing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team

log=runbook-log
inputs=(--input "employee_name=Eve Example" --input start_date=2026-05-05 --input "manager=Mo Manager"
  --input work_location=Remote)
log_tip() { git -C "$repo" rev-parse -q --verify "refs/heads/$log" 2>/dev/null || echo none; }
# nothing_written BEFORE: the log branch did not move and the work tree is clean.
nothing_written() {
  expect_eq "$(log_tip)" "$1" "log tip (nothing may be recorded)"
  expect_eq "$(git -C "$repo" status --porcelain)" "" "git status (nothing may be written)"
}

check "start without a required input and without a terminal: exit 2, nothing recorded"
expect_exit 2 runbook start onboarding --input "employee_name=Eve" --key "$alice"
expect_stderr 'start_date'
expect_eq "$stdout" "" "stdout"
nothing_written none

check "start with a value that is not one of the options: exit 2, nothing recorded"
expect_exit 2 runbook start onboarding --input "employee_name=Eve" --input start_date=2026-05-05 \
  --input manager=Mo --input work_location=Moon --key "$alice"
expect_stderr 'Moon.*not one of the choices'
nothing_written none

check "start with a value that does not match the input's pattern: exit 2"
expect_exit 2 runbook start onboarding --input "employee_name=Eve" --input start_date=5.5.2026 \
  --input manager=Mo --input work_location=Office --key "$alice"
expect_stderr 'start_date'
nothing_written none

check "start with an unknown --input name: exit 2, names the inputs the runbook asks for"
expect_exit 2 runbook start onboarding "${inputs[@]}" --input shoe_size=44 --key "$alice"
expect_stderr 'shoe_size'
expect_stderr 'employee_name'
nothing_written none

check "start prints only the run id on stdout"
expect_exit 0 runbook start onboarding "${inputs[@]}" --key "$alice"
expect_eq "$(wc -l <<<"$stdout" | tr -d ' ')" 1 "lines on stdout"
if [[ ! "$stdout" =~ ^onboarding-[0-9]{8}T[0-9]{4}Z-[0-9a-f]{4}$ ]]; then
  fail "stdout is not a run id: '$stdout'"
fi
run=$stdout
[[ -n "$run" ]] || fatal "no run id"
expect_stderr "started Employee onboarding"
day=${run#onboarding-}
run_dir="runs/${day:0:4}/${day:4:2}/${day:6:2}/$run"

check "the start record pins the published version: runbook_blob = main:runbooks/onboarding/v1.yaml"
start_file=$(git diff-tree --root --no-commit-id -r --name-only "$log")
[[ "$start_file" == "$run_dir"/*-start-*.yaml ]] || fail "start record at '$start_file', not under $run_dir/"
record=$(git show "$log:$start_file")
expect_eq "$(sed -n 's/^runbook_blob: "\{0,1\}\([0-9a-f]*\)"\{0,1\}$/\1/p' <<<"$record")" \
  "$(git rev-parse main:runbooks/onboarding/v1.yaml)" "runbook_blob"
expect_eq "$(sed -n 's/^source_commit: "\{0,1\}\([0-9a-f]*\)"\{0,1\}$/\1/p' <<<"$record")" "$(git rev-parse main)" \
  "source_commit"
grep -qE '^event: "?start"?$' <<<"$record" || fail "event is not start: $record"
grep -qE '^by: "?alice"?$' <<<"$record" || fail "by is not alice: $record"
grep -qE '^  work_location: "?Remote"?$' <<<"$record" || fail "inputs are missing: $record"

check "a step that needs a link refused without evidence: exit 1, log tip unchanged"
before=$(log_tip)
expect_exit 1 runbook step "$run" 1 --outcome done --key "$alice"
expect_stderr 'evidence'
expect_stderr 'Nothing was recorded'
nothing_written "$before"

check "step with a bad --outcome value: exit 2, nothing recorded"
expect_exit 2 runbook step "$run" 1 --outcome maybe --evidence https://hr.example/e/1 --key "$alice"
nothing_written "$before"

check "step 1 done with a link"
expect_exit 0 runbook step "$run" 1 --outcome done --evidence https://hr.example/e/1 --key "$alice"
expect_stderr "step 1 recorded as done"

check "step 2 done with a link"
expect_exit 0 runbook step "$run" 2 --outcome done --evidence https://desk.example/REQ-4711 --key "$alice"

check "step 3 (needs approval) done with written evidence"
expect_exit 0 runbook step "$run" 3 --outcome done --note "email, Slack, HR system; extra: none" --key "$alice"
expect_stderr 'needs approval'

check "the performer (alice) cannot approve her own step: exit 1, nothing recorded"
before=$(log_tip)
expect_exit 1 runbook approve "$run" 3 --key "$alice"
expect_stderr 'cannot also approve'
nothing_written "$before"

check "a later step is refused while step 3 waits for approval"
expect_exit 1 runbook step "$run" 4 --outcome done --evidence "$work/bob.asc" --key "$alice"
expect_stderr 'waits for 1 more approval from approver'
nothing_written "$before"

check "approving a step that is not done yet is refused"
expect_exit 1 runbook approve "$run" 5 --key "$bob"
nothing_written "$before"

check "bob approves step 3; the record is by bob"
expect_exit 0 runbook approve "$run" 3 --note "only standard accounts" --key "$bob"
expect_stderr 'approved by bob'
record=$(git show "$log:$(git diff-tree --no-commit-id -r --name-only "$log")")
grep -qE '^by: "?bob"?$' <<<"$record" || fail "approval record is not by bob: $record"
grep -qE '^event: "?approve"?$' <<<"$record" || fail "not an approve record: $record"

check "approving step 3 a second time is refused"
before=$(log_tip)
expect_exit 1 runbook approve "$run" 3 --key "$bob"
nothing_written "$before"

check "bob adds a note after the approval"
expect_exit 0 runbook note "$run" "Waiting for the laptop delivery" --key "$bob"
expect_stderr 'note added'

check "step 4 done with an evidence file: stored in the same commit with its sha256 and size"
printf 'laptop order #4711\nmonitor, headset\n' >"$work/order.txt"
expect_exit 0 runbook step "$run" 4 --outcome done --evidence "$work/order.txt" --key "$alice"
digest=$(sha256sum "$work/order.txt" | cut -d' ' -f1)
size=$(wc -c <"$work/order.txt" | tr -d ' ')
files=$(git diff-tree --no-commit-id -r --name-only "$log")
evidence_path=$(grep '/evidence/' <<<"$files" || true)
record_path=$(grep -v '/evidence/' <<<"$files" || true)
expect_eq "$(wc -l <<<"$files" | tr -d ' ')" 2 "files added by the step 4 commit"
[[ "$evidence_path" == "$run_dir/evidence/${digest:0:12}-order.txt" ]] ||
  fail "evidence stored at '$evidence_path', expected $run_dir/evidence/${digest:0:12}-order.txt"
expect_eq "$(git show "$log:$evidence_path" | sha256sum | cut -d' ' -f1)" "$digest" "sha256 of the stored file"
record=$(git show "$log:$record_path")
grep -qE "sha256: \"?$digest\"?\$" <<<"$record" || fail "record lacks sha256 $digest: $record"
grep -qE "size: $size\$" <<<"$record" || fail "record lacks size $size: $record"


check "unknown run id: exit 1 with a clear message"
before=$(log_tip)
expect_exit 1 runbook note onboarding-20260101T0000Z-abcd "hello" --key "$alice"
expect_stderr 'no run onboarding-20260101T0000Z-abcd'
nothing_written "$before"
expect_exit 2 runbook note "not a run id" "hello" --key "$alice"
expect_stderr 'not a run id'

check "unknown step: exit 1 with a clear message"
expect_exit 1 runbook step "$run" 77 --outcome done --key "$alice"
expect_stderr 'no step 77'
nothing_written "$before"

check "status lists the open run"
expect_exit 0 runbook status
expect_stdout "^$run .*Employee onboarding"
expect_stdout '4/9'

check "status <run> shows the details"
expect_exit 0 runbook status "$run"
expect_stdout 'Step 3: Request accounts and access.*approved by bob'
expect_stdout 'work_location: Remote'
expect_stdout '4 of 9 steps settled'

check "status --format json parses"
expect_exit 0 runbook status --format json
expect_eq "$(json_get '[r["run"] for r in j["open_runs"]]')" "['$run']" "open runs"
expect_exit 0 runbook status "$run" --format json
expect_eq "$(json_get 'j["run"]')" "$run" "run in status <run> --format json"

check "finish --outcome completed is refused while steps are open"
before=$(log_tip)
expect_exit 1 runbook finish "$run" --outcome completed --key "$alice"
expect_stderr 'step 5'
nothing_written "$before"

check "finish with a bad --outcome value: exit 2"
expect_exit 2 runbook finish "$run" --outcome done --key "$alice"
nothing_written "$before"

check "finish --outcome aborted works"
expect_exit 0 runbook finish "$run" --outcome aborted --note "Offer withdrawn" --key "$alice"
expect_stderr 'finished as aborted'

check "no event after finish: note, step, approve and a second finish are refused"
before=$(log_tip)
expect_exit 1 runbook note "$run" "too late" --key "$alice"
nothing_written "$before"
expect_exit 1 runbook step "$run" 5 --outcome done --note buddy --key "$alice"
nothing_written "$before"
expect_exit 1 runbook finish "$run" --outcome aborted --key "$alice"
nothing_written "$before"
expect_exit 1 runbook finish "$run" --key "$bob"
nothing_written "$before"

check "status no longer lists the finished run"
expect_exit 0 runbook status
expect_no_output "$run"

check "every log commit is signed (git verify-commit) and adds exactly one record under $run_dir"
verify_all_commits "$repo" "$log"
count=0
for commit in $(git rev-list "$log"); do
  count=$((count + 1))
  changes=$(git diff-tree --root --no-commit-id -r --name-status "$commit")
  if grep -qv '^A' <<<"$changes"; then
    fail "commit $commit changes or deletes files: $changes"
  fi
  records=$(awk -F'\t' '$2 !~ /\/evidence\// { print $2 }' <<<"$changes")
  if [[ $(wc -l <<<"$records") != 1 || "$records" != "$run_dir"/*.yaml || "${records#"$run_dir"/}" == */* ]]; then
    fail "commit $commit adds records '$records' (expected one under $run_dir/)"
  fi
  while IFS= read -r path; do
    [[ -z "$path" || "$path" == "$run_dir"/evidence/* ]] || fail "commit $commit adds $path"
  done < <(awk -F'\t' '$2 ~ /\/evidence\// { print $2 }' <<<"$changes")
  message=$(git log -1 --format=%B "$commit")
  for trailer in Runbook Runbook-Version Run; do
    grep -qE "^$trailer: " <<<"$message" || fail "commit $commit has no $trailer: trailer"
  done
  expect_eq "$(git log -1 --format='%(trailers:key=Run,valueonly)' "$commit" | sed '/^$/d')" "$run" "Run: trailer of $commit"
  expect_eq "$(git log -1 --format='%(trailers:key=Runbook,valueonly)' "$commit" | sed '/^$/d')" onboarding "Runbook: trailer"
done
# start, step 1, step 2, step 3, approve, note, step 4, finish
expect_eq "$count" 8 "commits on the log branch"

check "step commits carry Step: and Outcome:, finish carries Outcome:"
step2=$(git log --format=%H --grep='step 2 done' "$log")
expect_eq "$(git log -1 --format='%(trailers:key=Step,valueonly)' "$step2" | sed '/^$/d')" 2 "Step: of step 2"
expect_eq "$(git log -1 --format='%(trailers:key=Outcome,valueonly)' "$step2" | sed '/^$/d')" done "Outcome: of step 2"
expect_eq "$(git log -1 --format='%(trailers:key=Outcome,valueonly)' "$log" | sed '/^$/d')" aborted "Outcome: of finish"
expect_eq "$(git log -1 --format='%(trailers:key=Step,valueonly)' "$log" | sed '/^$/d')" "" "Step: of finish"

check "every record pins the same runbook_blob"
for path in $(git ls-tree -r --name-only "$log" -- "$run_dir" | grep -v /evidence/); do
  blob=$(git show "$log:$path" | sed -n 's/^runbook_blob: "\{0,1\}\([0-9a-f]*\)"\{0,1\}$/\1/p')
  expect_eq "$blob" "$(git rev-parse main:runbooks/onboarding/v1.yaml)" "runbook_blob of $path"
done

check "log shows every event"
expect_exit 0 runbook log
expect_eq "$(grep -c "$run" <<<"$stdout")" 8 "lines of the run in log"
expect_stdout 'bob .*approved step 3'

check "log onboarding --since 2026-01-01 and --since in the future"
expect_exit 0 runbook log onboarding --since 2026-01-01
expect_eq "$(grep -c "$run" <<<"$stdout")" 8 "lines since 2026-01-01"
expect_exit 0 runbook log onboarding --since 2999-01-01
expect_no_output "$run"
expect_exit 2 runbook log --since yesterday

check "log --run R --format json parses and lists the events in order"
expect_exit 0 runbook log --run "$run" --format json
expect_eq "$(json_get '[e["event"] for e in j["events"]]')" \
  "['start', 'step', 'step', 'step', 'approve', 'note', 'step', 'finish']" "events"
expect_eq "$(json_get 'sorted(set(e["run"] for e in j["events"]))')" "['$run']" "runs"

check "git runbook verify passes"
expect_exit 0 runbook verify
expect_stdout '0 problems'

check "git fsck is clean and the work tree untouched"
expect_exit 0 git fsck --strict --no-progress
expect_no_output '^(error|warning|dangling|missing|broken)'
expect_eq "$(git status --porcelain)" "" "git status"

pass
