#!/usr/bin/env bash
# Conditions, optional steps and steps repeated per item (issue 17 points 3 and 4), with
# real git and gpg: a SEV3 run skips a step meant for SEV1 and SEV2 and says why, an
# optional step does not hold up completion, a step repeated for three systems is
# recorded and approved per item; the server's hook takes the log, and refuses (as
# `verify` reports) a hand-made record for an item the run does not have.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_team # alice: every role; bob: operator, approver
server="$work/server.git"
log=runbook-log
mkdir -p runbooks/outage
cat >runbooks/outage/v1.yaml <<'YAML'
id: outage
version: 1
title: Handle an outage
owner: alice
summary: What to do when a system is down.
inputs:
  - name: severity
    prompt: How bad is it?
    options: [SEV1, SEV2, SEV3]
    required: true
  - name: systems
    prompt: Which systems are affected? (separated by commas)
    list: true
    required: true
steps:
  - id: "1"
    title: Open the incident channel
    do: Open a channel in Slack.
  - id: "2"
    title: Page the executive on call
    do: Page them in PagerDuty.
    when: {input: severity, in: [SEV1, SEV2]}
  - id: "3"
    title: Post on the status page
    do: Write a short notice.
    optional: true
  - id: "4"
    title: Restart the system
    do: Restart it and check that it answers.
    for_each: systems
    approval: approver
  - id: "5"
    title: Close the channel
    do: Archive the channel.
YAML

check "validate accepts when, optional, for_each and list; publish it"
expect_exit 0 runbook validate runbooks/outage/v1.yaml
expect_exit 0 runbook publish outage --key "$alice"

check "validate names the line and column of a condition on an unknown input and of for_each on a one-answer input"
mkdir -p runbooks/broken
sed -e 's/^id: outage/id: broken/' -e 's/{input: severity, in/{input: sevrity, in/' \
  -e 's/for_each: systems/for_each: severity/' runbooks/outage/v1.yaml >runbooks/broken/v1.yaml
expect_exit 1 runbook validate runbooks/broken/v1.yaml
expect_output 'v1.yaml:22:19: .*names the input "sevrity", which this runbook does not ask for'
expect_output 'v1.yaml:30:15: .*"severity", which takes one answer, not a list — add "list: true"'
rm -r runbooks/broken

check "the server runs the hook; main goes there"
git init -q --bare "$server"
expect_exit 0 runbook hook install "$server"
git remote add origin "$server"
expect_exit 0 git push -q origin main

check "start a SEV3 run for three systems: the list is recorded trimmed"
run=$(runbook start outage --input severity=SEV3 --input "systems=payroll, crm,okta " --key "$alice" 2>/dev/null) ||
  fatal "start failed"
expect_exit 0 runbook status "$run" --format json
expect_eq "$(json_get 'j["inputs"]["systems"]')" "payroll, crm, okta" "the recorded list"
expect_eq "$(json_get '[s.get("not_needed") for s in j["steps"]]')" "[None, 'severity is SEV3', None, None, None]" "not needed"
expect_eq "$(json_get 'j["steps"][2].get("optional")')" "True" "step 3 optional"
expect_eq "$(json_get '[i["item"] for i in j["steps"][3]["items"]]')" "['payroll', 'crm', 'okta']" "items of step 4"

check "status shows the step that is not needed, the optional one, and the items"
expect_exit 0 runbook status "$run"
expect_stdout '^\[-\] Step 2: Page the executive on call  \(not needed: severity is SEV3\)$'
expect_stdout '^\[ \] Step 3: Post on the status page  \(optional\)$'
expect_stdout '^    \[ \] crm$'

check "a step that is not needed is refused as done, and recorded as skipped says so"
expect_exit 1 runbook step "$run" 2 --outcome done --key "$alice"
expect_stderr 'step 2 is not needed in this run \(severity is SEV3\): it can only be skipped'
expect_exit 0 runbook step "$run" 2 --outcome skipped --key "$alice"
expect_stderr 'step 2 recorded as skipped \(not needed in this run\)'
expect_eq "$(git show "$log:$(git diff-tree --no-commit-id -r --name-only "$log")" | grep -c '^not_needed: true$')" 1 \
  "not_needed in the record"

check "a repeated step needs a known item"
expect_exit 1 runbook step "$run" 4 --outcome done --key "$alice"
expect_stderr 'step 4 is recorded once for each of systems \(payroll, crm, okta\) — name one with --item'
expect_exit 1 runbook step "$run" 4 --item hr --outcome done --key "$alice"
expect_stderr '"hr" is not one of the items of step 4 in this run \(systems: payroll, crm, okta\)'
expect_exit 1 runbook step "$run" 1 --item crm --outcome done --key "$alice"
expect_stderr 'step 1 is not repeated per item — leave out --item'

check "each item is recorded and approved on its own; the commit carries an Item: trailer"
expect_exit 0 runbook step "$run" 1 --outcome done --key "$alice"
expect_exit 0 runbook step "$run" 4 --item crm --outcome done --key "$alice"
expect_stderr 'approve '"$run"' 4 --item crm'
expect_eq "$(git log -1 --format=%B "$log" | grep -c '^Item: crm$')" 1 "Item: crm trailers in the commit"
expect_exit 1 runbook step "$run" 5 --outcome done --key "$alice"
expect_stderr 'step 4 for crm waits for 1 more approval'
expect_exit 1 runbook approve "$run" 4 --item okta --key "$bob"
expect_stderr 'step 4 for okta is not done yet'
expect_exit 0 runbook approve "$run" 4 --item crm --key "$bob"
expect_exit 1 runbook step "$run" 4 --item crm --outcome done --key "$alice"
expect_stderr 'step 4 for crm is already recorded as done'
expect_exit 1 runbook finish "$run" --key "$alice"
expect_stderr 'step 4 \("Restart the system"\) is neither done nor skipped'
for item in payroll okta; do
  expect_exit 0 runbook step "$run" 4 --item "$item" --outcome done --key "$alice"
  expect_exit 0 runbook approve "$run" 4 --item "$item" --key "$bob"
done
expect_exit 0 runbook step "$run" 5 --outcome done --key "$alice"
expect_exit 0 runbook status "$run"
expect_stdout '^    \[x\] okta  \(done by alice, approved by bob\)$'

check "finish --outcome completed does not wait for the optional step"
expect_exit 0 runbook finish "$run" --outcome completed --key "$alice"
expect_exit 0 runbook status "$run" --format json
expect_eq "$(json_get 'j["outcome"]')" "completed" "outcome"
expect_eq "$(json_get 'len(j["needs_a_look"])')" 0 "flags"

check "the runner skips the step that is not needed, says why, and walks the items"
with_answers() { timeout 120 "$GIT_RUNBOOK" "$@" <"$work/answers"; } # the runner reads them as typed
printf 'd\ns\n\nd\nq\n' >"$work/answers" # 1 done, 3 skipped, 4 for hr done, then stop waiting
expect_exit 0 with_answers run outage --input severity=SEV3 --input systems=hr,sales --key "$alice"
expect_output 'Step 2 is not needed: severity is SEV3 \(recorded as skipped\)'
expect_output 'For systems: hr'
expect_output 'step 4 for hr needs approval by someone with the approver role'
printf 's\n\nq\n' >"$work/answers"
expect_exit 0 with_answers run outage --input severity=SEV1 --input systems=hr --key "$alice"
expect_output 'Page the executive on call'

check "the server's hook takes the whole log"
expect_exit 0 git push -q origin "$log"

check "a hand-made record for an item the run does not have is refused by the hook"
open_run=$(runbook start outage --input severity=SEV1 --input systems=crm --key "$alice" 2>/dev/null) ||
  fatal "start failed"
expect_exit 0 git push -q origin "$log"
git checkout -q "$log"
start=$(git ls-tree -r --name-only HEAD runs | grep -- "$open_run/.*-start-")
file="$(dirname "$start")/$(date -u +%Y%m%dT%H%M%SZ)-step-4-beef.yaml"
{
  sed -e '/^inputs:/,$d' -e 's/^event: .*/event: "step"/' -e '/^at: /d' -e '/^by: /d' "$start"
  echo 'step: "4"'
  echo 'outcome: "done"'
  echo 'by: "alice"'
  echo "at: \"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\""
  echo 'item: "payroll"'
} >"$file"
git add "$file" && git -c user.signingkey="$alice" commit -q -S"$alice" -m "step 4 for payroll" ||
  fatal "committing the hand-made record failed"
expect_exit 1 git push origin "$log"
expect_stderr '"payroll" is not one of the items of step 4 in this run \(systems: crm\)'

check "verify reports the same record"
expect_exit 1 runbook verify
expect_output '"payroll" is not one of the items of step 4 in this run'
git checkout -q main

summary_and_exit
