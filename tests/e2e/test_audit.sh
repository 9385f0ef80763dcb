#!/usr/bin/env bash
# `audit`: the report for auditors in md, csv, json and html, and its filters. The HTML
# page rendered in headless Chromium: test_audit_html.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team
inputs=(--input "employee_name=Eve Example" --input start_date=2026-05-05 --input "manager=Mo Manager"
  --input work_location=Remote)
printf 'Laptop order #1234\n' >"$work/order.txt"
{
  run=$(runbook start onboarding "${inputs[@]}" --key "$alice") &&
    runbook step "$run" 1 --outcome done --evidence https://hr.example/e/1 --key "$alice" &&
    runbook step "$run" 2 --outcome skipped --note "Equipment from the previous hire" --key "$alice" &&
    runbook step "$run" 3 --outcome done --note "standard accounts" --key "$alice" &&
    runbook approve "$run" 3 --note "only standard accounts" --key "$bob" &&
    runbook step "$run" 4 --outcome done --evidence "$work/order.txt" --key "$alice" &&
    runbook step "$run" 5 --outcome done --note "Buddy: Sam" --key "$alice" &&
    runbook step "$run" 6 --outcome done --evidence https://hr.example/e/6 --key "$alice" &&
    runbook step "$run" 7 --outcome done --note "Arrived on time" --key "$alice" &&
    runbook step "$run" 8 --outcome done --evidence "$work/order.txt" --key "$alice" &&
    runbook step "$run" 9 --outcome done --note "All good" --key "$alice" &&
    runbook finish "$run" --key "$alice" &&
    second=$(runbook start onboarding "${inputs[@]}" --key "$bob") &&
    runbook step "$second" 1 --outcome failed --note "HR system down" --key "$bob" &&
    runbook finish "$second" --outcome aborted --note "Hire withdrew" --key "$bob"
} >/dev/null 2>"$work/setup.err" || fatal "recording the runs failed: $(cat "$work/setup.err")"
blob=$(git rev-parse main:runbooks/onboarding/v1.yaml)
published=$(git rev-list --reverse --first-parent main -- runbooks/onboarding/v1.yaml | head -1)
order_sha=$(sha256sum "$work/order.txt" | cut -d' ' -f1)

check "audit (Markdown) shows each run with its exact version, events, approvals and evidence"
expect_exit 0 runbook audit
expect_stdout "^# Runbook audit: repo"
expect_stdout "Every signature and permission verified"
expect_stdout "## Run $run"
expect_stdout "onboarding v1, version file $blob, published in commit $published\\)"
expect_stdout "Input employee_name: Eve Example"
expect_stdout "\\| Bob Builder \\(bob\\) \\| approved step 3 — Request accounts and access \\| only standard accounts"
expect_stdout "\\| 3 — Request accounts and access \\| someone with the approver role \\| Bob Builder \\(bob\\) at [-0-9]+ [:0-9]+ \\| met \\|"
expect_stdout "\\| $(sed 's/.\{4\}/& /g; s/ $//' <<<"$bob") \\| yes \\|"
expect_stdout "order.txt \\(sha256 $order_sha, 19 bytes\\)"
expect_stdout "Status: completed"
expect_stdout "Status: aborted"
expect_stdout "\\| onboarding — Employee onboarding \\| 2 \\| 2 \\| 1 \\| 50% \\|"

check "audit --format json: the summary and every event, each marked verified"
expect_exit 0 runbook audit --format json
expect_eq "$(json_get 'len(j["runs"])')" 2 "runs"
expect_eq "$(json_get 'j["verified"]')" True "verified"
expect_eq "$(json_get 'j["runbooks"][0]["completion_rate"]')" 0.5 "completion rate"
expect_eq "$(json_get 'j["runbooks"][0]["most_skipped"][0]["step"]')" 2 "most skipped step"
expect_eq "$(json_get 'j["runbooks"][0]["most_failed"][0]["step"]')" 1 "most failed step"
expect_eq "$(json_get 'all(e["verified"] for r in j["runs"] for e in r["events"])')" True "every event verified"
expect_eq "$(json_get '[r["version_blob"] for r in j["runs"]] == ["'"$blob"'"] * 2')" True "version blobs"
expect_eq "$(json_get '[r["published_in"] for r in j["runs"]] == ["'"$published"'"] * 2')" True \
  "published_in: the commit that published v1"
expect_eq "$(json_get 'sum(len(r["events"]) for r in j["runs"])')" \
  "$(git rev-list --count runbook-log)" "events = commits on the log"

check "audit --format csv: a header and one row per event"
expect_exit 0 runbook audit --format csv
expect_stdout '^run,runbook,version,version_blob,published_in,at,by,event,step,outcome,note,evidence,commit,verified,step_title,by_name,signer,needs_a_look$'
expect_stdout "^$run,onboarding,1,$blob,$published,"
expect_eq "$(($(grep -vc ',approval-requirement,' <<<"$stdout") - 1))" "$(git rev-list --count runbook-log)" "rows"
expect_stdout ",bob,approve,3,,only standard accounts,,[0-9a-f]{40},yes,Request accounts and access,Bob Builder,$bob,\$"
expect_stdout "^$run,.*,approval-requirement,3,met,someone with the approver role; approved by Bob Builder \\(bob\\) at "

check "filters: --runbook, --since and --until; a bad date is refused"
expect_exit 0 runbook audit --format json --runbook nothing-like-this
expect_eq "$(json_get 'len(j["runs"])')" 0 "runs of another runbook"
expect_exit 0 runbook audit --format json --since 2999-01-01
expect_eq "$(json_get 'len(j["runs"])')" 0 "runs after 2999"
expect_exit 0 runbook audit --format json --until 2000-01-01
expect_eq "$(json_get 'len(j["runs"])')" 0 "runs before 2000"
expect_exit 2 runbook audit --since 2026-13-01
expect_stderr 'takes a date as YYYY-MM-DD'
expect_exit 2 runbook audit --format pdf

check "audit --format html -o FILE writes one self-contained page"
expect_exit 0 runbook audit --format html -o "$work/audit.html"
expect_stderr "wrote the audit report \\(2 runs, html\\) to $work/audit.html"
expect_true "the page starts as HTML" grep -q '^<!DOCTYPE html>' "$work/audit.html"
expect_true "the page names the run" grep -q "$run" "$work/audit.html"
expect_true "the page names the commit that published v1" \
  grep -q "published in commit <code>$published</code>" "$work/audit.html"
expect_eq "$(grep -cE '<(script|link|img|iframe)[ >]|src=|@import|url\(' "$work/audit.html" || true)" 0 \
  "external assets or scripts in the page"

pass
