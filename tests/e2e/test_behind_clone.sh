#!/usr/bin/env bash
# A clone that is behind on the protected branch judges records against the version
# they pin, found on any local or remote-tracking copy (DESIGN §4): B publishes v2 (then
# another runbook) and records a run of v2; A has only fetched (its main is behind
# origin/main) and synced the log: `verify` passes and the audit names the commit that
# published v2. C has the log but not that commit: `verify` says to fetch, never to
# reset or record again, and passes once C has fetched.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Builder" bob@example.com)
export_key "$bob" "$work/bob.asc"
git config --global user.email alice@example.com

server="$work/server.git"
seed="$work/seed"
a="$work/a"
b="$work/b"
c="$work/c"
log=runbook-log
inputs=(--input "employee_name=Eve Example" --input start_date=2026-05-05 --input "manager=Mo Manager"
  --input work_location=Remote)

git init -q --bare "$server"
runbook hook install "$server" >/dev/null 2>&1 || fatal "hook install on the server failed"
{
  runbook init "$seed" --key "$alice" &&
    cd "$seed" &&
    runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice" &&
    runbook new onboarding --template employee-onboarding && without_training runbooks/onboarding/v1.yaml &&
    runbook publish onboarding --key "$alice" &&
    git remote add origin "$server" &&
    git push -q origin main &&
    first_run=$(runbook start onboarding "${inputs[@]}" --key "$bob") &&
    runbook sync --key "$bob"
} >"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; fatal "setting up the server (init, publish v1, a run of v1) failed"; }
for clone in "$a" "$b" "$c"; do
  git clone -q "$server" "$clone" 2>/dev/null || fatal "git clone of the server failed"
done

check "B publishes v2 and another runbook, pushes main through the hook, records a run of v2 and syncs"
cd "$b"
{
  runbook edit onboarding &&
    sed -i 's/^change: ""$/change: "Laptops are ordered a week earlier"/' runbooks/onboarding/v2.yaml &&
    runbook publish onboarding --key "$alice" &&
    published=$(git rev-parse HEAD) &&
    runbook new hiring --template hiring &&
    runbook publish hiring --key "$alice"
} >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; fatal "publishing onboarding v2 and hiring in B failed"; }
expect_exit 0 git push origin main
expect_stderr 'accepted'
expect_eq "$(git rev-list --reverse --first-parent main -- runbooks/onboarding/v2.yaml | head -1)" "$published" \
  "the commit that added v2"
v2_blob=$(git rev-parse main:runbooks/onboarding/v2.yaml)
run=$(runbook start onboarding "${inputs[@]}" --key "$bob" 2>/dev/null) || fatal "starting a run of v2 in B failed"
expect_exit 0 runbook step "$run" 1 --outcome done --evidence https://hr.example/e/1 --key "$bob"
expect_exit 0 runbook sync --key "$bob"
expect_eq "$(git -C "$server" rev-parse "$log")" "$(git rev-parse "$log")" "the server's $log"

check "A fetches (its main stays behind) and syncs the log"
cd "$a"
expect_exit 0 git fetch -q origin
expect_exit 0 runbook sync --key "$bob"
expect_eq "$(git rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "A's $log"
expect_true "A's main is behind origin/main" git merge-base --is-ancestor main origin/main
expect_eq "$(git cat-file -e "main:runbooks/onboarding/v2.yaml" 2>/dev/null && echo yes || echo no)" no \
  "v2 on A's local main"

check "A: verify --no-cache passes, having judged origin/main too"
expect_exit 0 runbook verify --no-cache
expect_stdout '^verified: .* 0 problems$'
expect_stdout 'origin/main'
expect_no_output 'reset'
expect_exit 0 runbook verify --no-cache --format json
expect_eq "$(json_get 'j["ok"]')" True "ok"
expect_eq "$(json_get '"origin/main" in j["refs"]')" True "origin/main among the refs checked"
expect_exit 0 runbook verify
expect_stdout '0 problems'

check "A: the audit marks every event verified and names the commit that published v2"
expect_exit 0 runbook audit --format json
expect_eq "$(json_get 'j["verified"]')" True "verified"
expect_eq "$(json_get 'all(e["verified"] for r in j["runs"] for e in r["events"])')" True "every event verified"
expect_eq "$(json_get '[r["published_in"] for r in j["runs"] if r["run"] == "'"$run"'"][0]')" "$published" \
  "published_in of the v2 run"
expect_eq "$(json_get '[r["version_blob"] for r in j["runs"] if r["run"] == "'"$run"'"][0]')" "$v2_blob" \
  "version_blob of the v2 run"
expect_eq "$(json_get '[r["source_commit"] for r in j["runs"] if r["run"] == "'"$run"'"][0]')" "$(git rev-parse origin/main)" \
  "source_commit of the v2 run: main's tip when it started, after v2 was published"
v1_published=$(git rev-list --reverse --first-parent main -- runbooks/onboarding/v1.yaml | head -1)
expect_eq "$(json_get '[r["published_in"] for r in j["runs"] if r["run"] == "'"$first_run"'"][0]')" "$v1_published" \
  "published_in of the v1 run"
expect_exit 0 runbook audit
expect_stdout "onboarding v2, version file $v2_blob, published in commit $published\\)"
expect_no_output '\| NO \|'
expect_exit 0 runbook audit --format csv
expect_stdout "^$run,onboarding,2,$v2_blob,$published,.*,yes,[^,]*,Bob Builder,[0-9A-F]{40},$"
expect_exit 0 runbook audit --format html -o "$work/a.html"
expect_true "the page names the publishing commit" grep -q "published in commit <code>$published</code>" "$work/a.html"

check "C has the log but not the commit that published v2: verify says to fetch, never to reset"
cd "$c"
expect_exit 0 git fetch -q origin "$log:$log"
expect_eq "$(git cat-file -e "$v2_blob" 2>/dev/null && echo yes || echo no)" no "v2's blob in C"
expect_exit 1 runbook verify --no-cache
expect_stdout "\\[not-published\\]: the run follows runbooks/onboarding/v2.yaml \\(${v2_blob:0:10}\\), published in a commit this clone does not have yet"
expect_stdout 'what to do: fetch it with `git fetch origin` \(or `git runbook sync`\), then verify again'
expect_eq "$(grep -c '\[not-published\]' <<<"$stdout")" 2 "problems of the v2 run's two records that say to fetch"
expect_stdout ' 2 problems$'
expect_no_output 'reset|record the event again|sync --drop'

check "C: the audit cannot prove the v2 run and says where its version was published"
expect_exit 0 runbook audit --format json
expect_eq "$(json_get '[r["published_in"] for r in j["runs"] if r["run"] == "'"$run"'"][0]')" None \
  "published_in of the v2 run"
expect_eq "$(json_get '[r["published_in"] for r in j["runs"] if r["run"] == "'"$first_run"'"][0]')" "$v1_published" \
  "published_in of the v1 run"
expect_exit 0 runbook audit
expect_stdout 'published in a commit this clone does not have \(fetch the protected branch\)'

check "C fetches as told: verify passes"
expect_exit 0 git fetch -q origin
expect_exit 0 runbook verify --no-cache
expect_stdout '0 problems'

pass
