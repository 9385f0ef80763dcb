#!/usr/bin/env bash
# Answers where they belong, schedules and due times (issue 17, points 5 and 6): `<name>`
# filled in `status RUN`, `show --run` and the audit; an input's `hint` in errors;
# `due:` checked by `validate` with line and column; `status --due` (text and JSON)
# listing overdue steps and scheduled runbooks with no run in the current period; the
# audit flagging steps done late and missed periods.
#
# Nothing here depends on the time of day: runs in the past are signed records dated
# days before now (as a clone that was offline would send them), and every expected
# period name is computed from the same `date` the checks run at.
source "$(dirname "$0")/lib.sh"

setup_team
log=runbook-log
mkdir -p runbooks/access-review
cp "$GIT_RUNBOOK_SOURCE_DIR/tests/data/runbooks/valid/access-review/v1.yaml" runbooks/access-review/v1.yaml

# quarter_of "DATE": the calendar quarter (UTC) holding DATE, as 2026-Q1.
quarter_of() {
  local year month
  year=$(date -u -d "$1" +%Y)
  month=$(date -u -d "$1" +%-m)
  echo "$year-Q$(((month - 1) / 3 + 1))"
}

check "validate: a due time that is not like 30m, 4h or 2d is refused at its line and column"
cp runbooks/access-review/v1.yaml "$work/good.yaml"
sed -i '0,/    due: 2d/s//    due: 2 days/' runbooks/access-review/v1.yaml
expect_exit 1 runbook validate runbooks/access-review/v1.yaml
expect_stdout '^runbooks/access-review/v1.yaml:[0-9]+:10: step "1": due "2 days" is not a time after the run.s start like 30m, 4h or 2d'

check "validate: <name> naming no input is a warning with line and column, not a refusal"
cp "$work/good.yaml" runbooks/access-review/v1.yaml
sed -i 's/for <auditor>\./for <auditr>./' runbooks/access-review/v1.yaml
expect_exit 0 runbook validate runbooks/access-review/v1.yaml
expect_stderr 'runbooks/access-review/v1.yaml:[0-9]+:[0-9]+: step "4" mentions <auditr>, but the runbook has no input "auditr"'
cp "$work/good.yaml" runbooks/access-review/v1.yaml
expect_exit 0 runbook validate runbooks/access-review/v1.yaml
expect_no_output 'mentions <'

check "publish the quarterly access review"
expect_exit 0 runbook publish access-review --key "$alice"

check "status --due: a scheduled runbook with no run yet is listed for the current quarter"
before=$(quarter_of now)
expect_exit 0 runbook status --due --format json
after=$(quarter_of now)
expect_eq "$(json_get 'j["scheduled_without_run"][0]["runbook"]')" access-review "the scheduled runbook"
if [[ "$before" == "$after" ]]; then
  expect_eq "$(json_get 'j["scheduled_without_run"][0]["period"]')" "$before" "the current quarter"
fi
expect_eq "$(json_get 'len(j["overdue_steps"])')" 0 "overdue steps"
expect_exit 0 runbook status --due
expect_stdout '^  access-review  Quarterly user-access review \(SOC 2\) \(quarterly\): no run in [0-9]{4}-Q[1-4], which ends .* \(calendar quarters starting January, April, July and October, UTC\)'

check "start: an answer that does not fit is explained with the input's hint, not its pattern"
expect_exit nonzero runbook start access-review --input quarter=Q1 --input review_date=2026-01-05 --key "$bob"
expect_stderr '"Q1" does not fit: quarter must be a quarter like 2026-Q1'
expect_no_output '\^\[0-9\]'

check "a run started now: its steps show the answers in status RUN and show --run"
run=$(runbook start access-review --input quarter=2026-Q1 --input review_date=2026-01-05 --key "$bob" 2>/dev/null) ||
  fatal "start failed"
expect_exit 0 runbook status "$run"
expect_stdout 'Step 1: Export the access lists for 2026-Q1'
expect_stdout 'Step 4: Sign off the 2026-Q1 review'
expect_exit 0 runbook show --run "$run"
expect_stdout 'On 2026-01-05, export the list of users'
expect_stdout 'Subject: Access review 2026-Q1: please confirm who keeps access'
expect_stdout 'Template: access-review-request-2026-Q1'
expect_stdout 'summary for \(auditor not given\)\.'
expect_stdout 'Due: 2d after the run.s start'
expect_exit 0 runbook show --run "$run" --format json
expect_eq "$(json_get 'j["steps"][0]["title"]')" "Export the access lists for 2026-Q1" "the filled title in JSON"
expect_exit 0 runbook show access-review
expect_stdout 'Step 1 of 4: Export the access lists for <quarter>'

check "status --due: the run of this quarter satisfies the schedule, and nothing is due yet"
before=$(quarter_of now)
expect_exit 0 runbook status --due --format json
after=$(quarter_of now)
if [[ "$before" == "$after" ]]; then
  expect_eq "$(json_get 'len(j["scheduled_without_run"])')" 0 "scheduled runbooks without a run"
fi
expect_eq "$(json_get 'len(j["overdue_steps"])')" 0 "overdue steps"

# A run bob started 400 days ago on a clone that was offline: step 1 done three days
# after the start (due 2d: a day late), the rest never recorded.
check "records of a run started 400 days ago, signed by bob, are accepted"
start_record=$(git show "$log:$(git ls-tree -r --name-only "$log" -- runs | grep -- '-start-' | head -1)")
pinned_blob=$(sed -n 's/^runbook_blob: "\{0,1\}\([0-9a-f]*\)"\{0,1\}$/\1/p' <<<"$start_record")
pinned_source=$(sed -n 's/^source_commit: "\{0,1\}\([0-9a-f]*\)"\{0,1\}$/\1/p' <<<"$start_record")
old_start=$(date -u -d '-400 days' +%s)
old_run="access-review-$(date -u -d "@$old_start" +%Y%m%dT%H%MZ)-0dd0"
old_dir="runs/$(date -u -d "@$old_start" +%Y/%m/%d)/$old_run"
craft_index="$work/craft-index"
# old_record SECONDS EVENT STEP OUTCOME [LINE…]: commits one record of $old_run dated
# SECONDS since 1970 on the local log branch, signed by bob.
old_record() {
  local when=$1 event=$2 step=$3 outcome=$4 file="$work/old-record.yaml" path tip commit
  shift 4
  record_runbook=access-review record_at=$(date -u -d "@$when" +%Y-%m-%dT%H:%M:%S.000Z) \
    write_record "$file" "$old_run" 1 "$pinned_blob" "$pinned_source" "$event" "$step" "$outcome" bob "$@"
  path="$old_dir/$(date -u -d "@$when" +%Y%m%dT%H%M%SZ)-$event${step:+-$step}-$(printf '%04x' $((RANDOM % 65536))).yaml"
  tip=$(git rev-parse "$log")
  craft_from "$tip"
  craft_add "$path" "$file"
  commit=$(craft_commit "$bob" "access-review: $event $step" "$tip")
  git update-ref "refs/heads/$log" "$commit" "$tip"
}
old_record "$old_start" start "" "" "inputs:" "  quarter: \"2025-Q4\"" "  review_date: \"2025-10-02\""
old_record $((old_start + 3 * 86400)) step 1 done "evidence:" "  - link: \"https://drive.example/review-2025-Q4\""
expect_exit 0 runbook verify
expect_exit 0 runbook status "$old_run"
expect_stdout 'Step 1: Export the access lists for 2025-Q4  \(done by bob\)'

check "status --due lists the old run's open steps as overdue, with who started it and when they were due"
expect_exit 0 runbook status --due --format json
expect_eq "$(json_get '[s["step"] for s in j["overdue_steps"]]')" "['2', '3', '4']" "the overdue steps"
expect_eq "$(json_get 'j["overdue_steps"][0]["run"]')" "$old_run" "the run"
expect_eq "$(json_get 'j["overdue_steps"][0]["started_by"]')" bob "who started it"
expect_eq "$(json_get 'j["overdue_steps"][0]["title"]')" "Each system owner reviews their list" "the title"
expect_eq "$(json_get 'j["overdue_steps"][0]["due_at"]')" "$(date -u -d "@$((old_start + 5 * 86400))" '+%Y-%m-%d %H:%M UTC')" "when step 2 was due"
expect_true "step 2 is over 390 days late" test "$(json_get 'j["overdue_steps"][0]["late_seconds"]')" -gt $((390 * 86400))
expect_exit 0 runbook status --due
expect_stdout "^  $old_run  step 4 \"Sign off the 2025-Q4 review\": due .* UTC, [0-9]+ d [0-9]+ h late; started by bob at "

check "the audit flags the step done late and the quarters with no run"
expect_exit 0 runbook audit
expect_stdout 'step 1 "Export the access lists for 2025-Q4" was due .* and was done by bob 1 d 0 h late'
expect_stdout '\*\*Needs a look: schedules\*\*'
missed=$(quarter_of '-200 days')
expect_stdout "access-review \(quarterly\): no run started in $missed \("
expect_no_output "no run started in $(quarter_of "@$old_start") "
expect_stdout 'step 1 done — Export the access lists for 2025-Q4'
expect_exit 0 runbook audit --format json
expect_true "at least three missed quarters in JSON" test "$(json_get 'len(j["missed_periods"])')" -ge 3
expect_exit 0 runbook audit --format html
expect_stdout 'Needs a look: schedules'

pass
