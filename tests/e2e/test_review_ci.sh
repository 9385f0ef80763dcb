#!/usr/bin/env bash
# The reviewer's view (issue 18): `git runbook review A..B` shows what a pull request
# changes (runbooks step by step, the policy in plain words) and the verdict of the
# server's hook on pushing B onto the protected branch at A — the same judge: each case
# is also pushed to a real server whose pre-receive hook must agree. Then the command
# lines of examples/ci/github-actions.yml and examples/ci/gitlab-ci.yml, taken from
# those files (so that they cannot drift apart from this test), run in a CI-like
# checkout with the variables the CI would set: a good request passes, a bad one fails
# with the hook's reasons in the summary.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com) # every built-in role (runs init)
bob=$(make_key "Bob Author" bob@example.com)     # author, operator: not an admin
carol=$(make_key "Carol Operator" carol@example.com)
for person in bob carol; do
  export_key "${!person}" "$work/$person.asc"
done
git config --global user.email alice@example.com

server="$work/server.git"
a="$work/alice"
git init -q --bare "$server"
{
  runbook hook install "$server" &&
    runbook init "$a" --key "$alice" && cd "$a" && git remote add origin "file://$server" &&
    runbook keys add bob "$work/bob.asc" --roles author,operator --key "$alice" &&
    runbook keys add carol "$work/carol.asc" --roles operator --key "$alice" &&
    runbook new onboarding --template employee-onboarding && without_training runbooks/onboarding/v1.yaml &&
    runbook publish onboarding --key "$alice" &&
    git push -q origin main
} >/dev/null 2>&1 || fatal "setting up (hook install, init, keys add, publish, push) failed"
base=$(git rev-parse main)

# signed_commit KEY MESSAGE: commits what is staged, signed with KEY, past the local
# pre-commit hook (a request may come from a clone without it).
signed_commit() {
  git -c user.signingkey="$1" commit -q --no-verify -S -m "$2" || fatal "committing \"$2\" failed"
}

# --- the branches a pull request could bring -----------------------------------------------
# good: bob (an author) adds a runbook and a new version of onboarding.
git checkout -q -b good main
mkdir -p runbooks/hiring
cat >runbooks/hiring/v1.yaml <<'YAML'
id: hiring
version: 1
title: Hiring
owner: alice
summary: Hire someone.
steps:
  - id: "1"
    title: Call the candidate
    do: Call and ask the questions of the interview sheet.
  - id: "2"
    title: Sign the offer
    do: Sign the offer letter.
YAML
sed -e 's/^version: 1$/version: 2/' runbooks/onboarding/v1.yaml >runbooks/onboarding/v2.yaml
printf 'change: The first step has a clearer title.\n' >>runbooks/onboarding/v2.yaml
first_title=$(awk '/^  - id:/ { found = 1 } found && /^    title:/ { sub(/^    title: */, ""); print; exit }' runbooks/onboarding/v1.yaml)
sed -i "0,/^    title: .*/s//    title: Prepare the first day/" runbooks/onboarding/v2.yaml
git add runbooks && signed_commit "$bob" "Add hiring; onboarding v2"
good=$(git rev-parse HEAD)

# edited: a published version file edited in place (signed by an admin: still refused).
git checkout -q -b edited main
sed -i "0,/^    title: .*/s//    title: Something else/" runbooks/onboarding/v1.yaml
git add runbooks && signed_commit "$alice" "Edit onboarding v1"
edited=$(git rev-parse HEAD)

# by-bob: a policy change (carol becomes an approver) signed by bob, who is no admin.
git checkout -q -b by-bob main
runbook keys grant carol approver --key "$alice" >/dev/null 2>&1 || fatal "keys grant failed"
git reset -q --soft HEAD~1 && signed_commit "$bob" "Grant carol approver"
by_bob=$(git rev-parse HEAD)

# by-alice: the same policy change by an admin.
git checkout -q -b by-alice main
runbook keys grant carol approver --key "$alice" >/dev/null 2>&1 || fatal "keys grant failed"
by_alice=$(git rev-parse HEAD)
git checkout -q main

# --- review -------------------------------------------------------------------------------
check "review of a good request: accepted, the new runbook and the step-level changes, no policy change"
expect_exit 0 runbook review main..good
expect_stdout "^Verdict: the server would accept pushing ${good:0:10} onto main at ${base:0:10}: 1 commit checked, no problems$"
expect_stdout '^hiring: new, v1 "Hiring"$'
expect_stdout '^- Step 2 "Sign the offer"$'
expect_stdout '^onboarding: v1 → v2'
expect_stdout "Prepare the first day"
expect_stdout '^- the policy and keys did not change$'

check "review of an edited published version: refused with the hook's reason, where and what to do; exit 1"
expect_exit 1 runbook review main..edited
expect_stdout '^Verdict: the server would refuse pushing .* 1 problem$'
expect_stdout "^- problem: commit ${edited:0:10} \"Edit onboarding v1\" \\[.*\\]: .*runbooks/onboarding/v1.yaml is published and cannot change"
expect_stdout '^  what to do: '
expect_stdout '^- runbooks/onboarding/v1.yaml was edited, but a published version never changes'
expect_stderr "the server's hook would refuse main..edited: 1 problem"

check "review of a policy change by a non-admin: refused (admin needed), and the change in words"
expect_exit 1 runbook review main..by-bob
expect_stdout 'bob changed .runbook/policy.yaml, which needs the admin role'
expect_stdout '^- carol may now sign approvals \(approver\)$'

check "review of the same policy change by an admin: accepted, the change in words"
expect_exit 0 runbook review "$base..$by_alice"
expect_stdout '^Verdict: the server would accept'
expect_stdout '^- carol may now sign approvals \(approver\)$'

check "--format md and json parse; json carries the verdict, runbooks and policy"
expect_exit 1 runbook review main..by-bob --format md
expect_stdout '^## Review of main \([0-9a-f]{10}\)\.\.by-bob \([0-9a-f]{10}\)$'
expect_stdout '^\*\*Verdict: the server would refuse\*\*'
expect_stdout '^  \*\*What to do:\*\* '
expect_stdout '^### Policy$'
expect_exit 1 runbook review main..edited --format json
expect_true "json parses" python3 -m json.tool "$work/.stdout"
expect_eq "$(json_get 'j["verdict"]["accepted"]')" "False" "accepted"
expect_eq "$(json_get 'j["branch"]')" "main" "branch"
expect_eq "$(json_get 'j["verdict"]["problems"][0]["subject"]')" "Edit onboarding v1" "problem's commit subject"
expect_exit 0 runbook review main..good --format json
expect_true "json parses" python3 -m json.tool "$work/.stdout"
expect_eq "$(json_get '[r["id"] for r in j["runbooks"]]')" "['hiring', 'onboarding']" "runbooks"
expect_eq "$(json_get 'j["runbooks"][0]["changes"][0]["kind"]')" "step-added" "a new runbook's steps"
expect_eq "$(json_get 'j["policy"]["changed"]')" "False" "policy changed"

check "a request that does not start from the branch's tip: the hook's refusal (a rewrite), and what it would remove"
expect_exit 1 runbook review good..edited
expect_stdout '\[non-fast-forward\]: the push would rewrite refs/heads/main'
expect_stdout '^- runbooks/hiring/v1.yaml was removed, but a published version is never removed'

check "wrong ranges are explained"
expect_exit 2 runbook review main
expect_stderr 'takes two revisions as A\.\.B'
expect_exit 2 runbook review main..no-such-branch
expect_stderr '"no-such-branch" \(the tip of the range\) is not a commit'

# --- the same judge: the server's hook says the same -------------------------------------------
check "the server's hook refuses the bad requests with the reasons review gave, and takes the good one"
expect_exit nonzero git push origin edited:main
expect_stderr 'runbooks/onboarding/v1.yaml is published and cannot change'
expect_exit nonzero git push origin by-bob:main
expect_stderr 'bob changed .runbook/policy.yaml, which needs the admin role'
expect_eq "$(git --git-dir="$server" rev-parse main)" "$base" "the server's main after refused pushes"
expect_exit 0 git push origin good:main
expect_eq "$(git --git-dir="$server" rev-parse main)" "$good" "the server's main after the good push"

# --- the CI files ----------------------------------------------------------------------------
# The hosting's copy (GitHub and GitLab run no pre-receive hook): every branch.
hosting="$work/hosting.git"
git clone -q --bare "$a" "$hosting"
mkdir -p "$work/bin"
ln -s "$GIT_RUNBOOK" "$work/bin/git-runbook" # `git runbook` finds git-runbook on PATH

# ci_commands FILE: the `git runbook …` command lines of a CI file.
ci_commands() {
  sed -n -E 's/^[[:space:]]*(- |run: )?(git runbook .*)$/\2/p' "$1"
}

# ci_run FILE HEAD: checks out HEAD in a fresh clone of the hosting copy, as the CI
# does, and runs each command line of FILE there with the variables the CI sets (the
# request's base is $base). Sets ci_rcs (each line's exit code) and $summary (what
# the job publishes).
ci_run() {
  local file=$1 head=$2 line code
  local ci="$work/ci-$(basename "$file" .yml)-${head:0:7}"
  git clone -q "file://$hosting" "$ci" && git -C "$ci" checkout -q --detach "$head"
  summary="$ci.summary.md"
  : >"$summary"
  ci_rcs=()
  while IFS= read -r line; do
    code=0
    (cd "$ci" && env PATH="$work/bin:$PATH" \
      BASE_SHA="$base" HEAD_SHA="$head" GITHUB_STEP_SUMMARY="$summary" GITHUB_WORKSPACE="$ci" \
      CI_MERGE_REQUEST_DIFF_BASE_SHA="$base" CI_COMMIT_SHA="$head" \
      timeout 120 bash -eo pipefail -c "$line") >>"$work/ci.log" 2>&1 </dev/null || code=$?
    ci_rcs+=("$code")
  done < <(ci_commands "$file")
  if [[ -f "$ci/review.md" ]]; then
    cat "$ci/review.md" >>"$summary" # GitLab's artifact
  fi
}

for file in github-actions gitlab-ci; do
  yml="$GIT_RUNBOOK_SOURCE_DIR/examples/ci/$file.yml"
  check "$file.yml holds the two commands, verify --range and review --format md"
  mapfile -t commands < <(ci_commands "$yml")
  expect_eq "${#commands[@]}" 2 "command lines in $file.yml"
  expect_true "one runs verify --range" grep -qE '^git runbook verify --range "\$[A-Z_]+\.\.\$[A-Z_]+"$' <(ci_commands "$yml")
  expect_true "one runs review --format md" grep -qE '^git runbook review "\$[A-Z_]+\.\.\$[A-Z_]+" --format md' <(ci_commands "$yml")

  check "$file.yml on the good request: every command passes, the summary says the server would accept"
  ci_run "$yml" "$good"
  expect_eq "${ci_rcs[*]}" "0 0" "exit codes"
  expect_true "summary has the verdict" grep -q '\*\*Verdict: the server would accept\*\*' "$summary"
  expect_true "summary has the new runbook" grep -q '^#### hiring: new, v1 "Hiring"' "$summary"

  check "$file.yml on the edited published version: both commands fail, the summary gives the hook's reason"
  ci_run "$yml" "$edited"
  expect_eq "${ci_rcs[*]}" "1 1" "exit codes"
  expect_true "summary has the verdict" grep -q '\*\*Verdict: the server would refuse\*\*' "$summary"
  expect_true "summary has the reason" grep -q 'runbooks/onboarding/v1.yaml is published and cannot change' "$summary"

  check "$file.yml on the policy change by a non-admin: fails, with the reason and the change in words"
  ci_run "$yml" "$by_bob"
  expect_eq "${ci_rcs[*]}" "1 1" "exit codes"
  expect_true "summary has the reason" grep -q 'bob changed .runbook/policy.yaml, which needs the admin role' "$summary"
  expect_true "summary has the change" grep -q '^- carol may now sign approvals (approver)$' "$summary"
done

pass
