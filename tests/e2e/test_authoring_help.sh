#!/usr/bin/env bash
# Authoring that helps (issue 17, point 7): `show --draft` and `show PATH` preview a
# version before it is published, or list its problems at their lines and columns;
# `validate` names every unknown field with a guess at the one meant; `diff` shows the
# old and the new wording of a reworded step; `status` says who started each open run
# and its first answers.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team
v1=runbooks/onboarding/v1.yaml
v2=runbooks/onboarding/v2.yaml

# --- show --draft without a draft ----------------------------------------------------
check "show --draft when every version is published: exit 1, says how to start the next one"
expect_exit 1 runbook show onboarding --draft
expect_stderr 'v1 is the latest, and it is published'
expect_stderr 'git runbook edit onboarding'

check "show --draft of a runbook that does not exist: exit 1, names git runbook new"
expect_exit 1 runbook show payroll --draft
expect_stderr 'git runbook new payroll'

# --- a draft with unknown fields -----------------------------------------------------
# v2: a copy of v1 with a reason, and three unknown fields: two in step 1 (one a slip
# of "evidence"), one at the top (nothing close to it).
sed -e 's/^version: 1$/version: 2/' "$v1" >"$v2"
printf 'change: "IT orders the laptop first"\n' >>"$v2"
sed -i -e '/^  - id: "1"$/a\    notes: ask HR first\n    evidnece: file' "$v2"
printf 'descripton: a slip of summary\n' >>"$v2"
notes_line=$(grep -n '^    notes: ' "$v2" | cut -d: -f1)
evidence_line=$(grep -n '^    evidnece: ' "$v2" | cut -d: -f1)
top_line=$(grep -n '^descripton: ' "$v2" | cut -d: -f1)

check "validate names every unknown field of a step, each at its line and column, with a guess"
expect_exit 1 runbook validate "$v2"
expect_stdout "^$v2:$notes_line:5: unknown field \"notes\" in step \"1\" — remove it or check its spelling\$"
expect_stdout "^$v2:$evidence_line:5: unknown field \"evidnece\" in step \"1\" — did you mean \"evidence\"\\? Rename it, or remove it\$"
expect_stdout "^$v2:$top_line:1: unknown field \"descripton\" in the file"
expect_stdout '^1 file checked, 3 problems$'

check "show --draft of the invalid draft lists the same problems instead of a preview (exit 1)"
expect_exit 1 runbook show onboarding --draft
expect_stdout "^$v2:$notes_line:5: unknown field \"notes\""
expect_stdout "^$v2:$evidence_line:5: .*did you mean \"evidence\""
expect_stdout "^$v2:$top_line:1: unknown field \"descripton\""
expect_no_output '^Steps:'
expect_stderr "$v2 cannot be shown yet: it has 3 problems"

check "show PATH of the invalid draft does the same"
expect_exit 1 runbook show "$v2"
expect_stdout "^$v2:$evidence_line:5: "
expect_no_output '^Steps:'

# --- a valid draft, reworded -----------------------------------------------------------
sed -i -e '/^    notes: /d' -e '/^    evidnece: /d' -e '/^descripton: /d' "$v2"
sed -i -e 's/^    title: Create the employee record$/    title: Create the staff record/' \
  -e 's/create the employee record for <employee_name> from the$/create the staff record for <employee_name> using the/' "$v2"

check "show --draft previews the draft, marked as not published"
expect_exit 0 runbook show onboarding --draft
expect_stdout "^$v2: a draft, not published yet\$"
expect_stdout '^Step 1 of [0-9]+: Create the staff record$'
expect_stdout 'create the staff record for <employee_name> using the'

check "show PATH, from a subfolder too, previews the same file"
expect_exit 0 runbook show "$v2"
expect_stdout "^$v2: a draft, not published yet\$"
(cd runbooks/onboarding && runbook show v2.yaml) >"$work/sub.out" 2>&1 || fail "show v2.yaml from runbooks/onboarding failed"
grep -q '^Step 1 of [0-9]*: Create the staff record$' "$work/sub.out" || fail "show from a subfolder: $(cat "$work/sub.out")"

check "show --draft --format json carries the file and that it is not published"
expect_exit 0 runbook show onboarding --draft --format json
expect_eq "$(json_get 'j["version"], j["file"], j["published"], j["steps"][0]["title"]')" \
  "(2, '$v2', False, 'Create the staff record')" "version, file, published, first step"

check "show --draft --version is a usage error (exit 2)"
expect_exit 2 runbook show onboarding --draft --version 1

check "show without --draft still shows the published v1"
expect_exit 0 runbook show onboarding
expect_stdout '^Step 1 of [0-9]+: Create the employee record$'

# --- diff: old and new wording -------------------------------------------------------
check "diff shows the old and the new title and wording of the reworded step"
expect_exit 0 runbook diff onboarding
expect_stdout '^- Step 1 "Create the staff record": title changed from .*; instructions reworded$'
expect_stdout '^    Title$'
expect_stdout '^      was: Create the employee record$'
expect_stdout '^      now: Create the staff record$'
expect_stdout '^    Instructions$'
expect_stdout '^      was: In BambooHR, create the employee record for <employee_name> from the$'
expect_stdout '^      now: In BambooHR, create the staff record for <employee_name> using the$'
expect_stdout '^           \.\.\.$'

check "diff --format json carries both wordings in full"
expect_exit 0 runbook diff onboarding --format json
expect_eq "$(json_get '[w["field"] for w in j["changes"][0]["wording"]]')" "['title', 'instructions']" "fields"
expect_eq "$(json_get 'j["changes"][0]["wording"][0]["was"], j["changes"][0]["wording"][0]["now"]')" \
  "('Create the employee record', 'Create the staff record')" "old and new title"
expect_true "the new instructions in full" \
  test "$(json_get '"signed offer" in j["changes"][0]["wording"][1]["now"] and "staff record" in j["changes"][0]["wording"][1]["now"]')" = True

check "publish v2; show --draft then says there is nothing unpublished"
expect_exit 0 runbook publish onboarding --key "$alice"
expect_exit 1 runbook show onboarding --draft
expect_stderr 'v2 is the latest, and it is published'

# --- status: who started each run, and its first answers -------------------------------
check "status lists each open run with who started it, when, and its first answers"
expect_exit 0 runbook start onboarding --input "employee_name=Dana Smith" --input start_date=2026-12-01 \
  --input manager=Mo --input work_location=Remote --key "$alice"
run=$stdout
expect_exit 0 runbook status
expect_stdout "^$run "
expect_stdout '^    started by alice (just now|[0-9]+ min ago) · employee_name=Dana Smith, start_date=2026-12-01, manager=Mo, \+1 more$'

check "status --format json carries the same line"
expect_exit 0 runbook status --format json
expect_true "the started line" \
  test "$(json_get 'j["open_runs"][0]["started"].startswith("started by alice ") and j["open_runs"][0]["started"].endswith("manager=Mo, +1 more")')" = True

summary_and_exit
