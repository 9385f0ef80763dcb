#!/usr/bin/env bash
# Training on every version (issue 17): a runbook with `training: required` is started
# and its steps recorded only by people who acknowledged (`ack`) that exact version; a
# new version asks again; `training` and the audit show who has read what. Acks made
# offline reach the server before the records that need them, two acks of one version
# meet without an error, and a hand-made step by someone without an ack is refused by
# the server's hook and by `verify` with the same rule.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Builder" bob@example.com)
export_key "$bob" "$work/bob.asc"
git config --global user.email alice@example.com

server="$work/server.git"
a="$work/a"
b="$work/b"
log=runbook-log
example="$GIT_RUNBOOK_SOURCE_DIR/tests/data/runbooks/valid/till-closing/v1.yaml"
git init -q --bare "$server"
runbook hook install "$server" >/dev/null 2>&1 || fatal "hook install failed"
{
  runbook init "$a" --key "$alice" &&
    cd "$a" &&
    runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice" &&
    mkdir -p runbooks/till-closing &&
    cp "$example" runbooks/till-closing/v1.yaml &&
    runbook publish till-closing --key "$alice" &&
    git remote add origin "$server" &&
    git push -q origin main
} >/dev/null 2>&1 || fatal "setting up clone A (init, keys add, publish till-closing, push) failed"
cd "$a"

check "start is refused to bob, who has not acknowledged v1, with the exact ack command"
expect_exit 1 runbook start till-closing --input till=1 --key "$bob"
expect_stderr 'requires training: bob has not acknowledged'
expect_stderr 'git runbook ack till-closing --version 1'
expect_stderr 'Nothing was recorded'
expect_eq "$(git rev-parse -q --verify "$log" || echo none)" none "the log branch"

check "training (text): nobody has read v1 yet; alice and bob (operators) must"
expect_exit 0 runbook training
expect_stdout '^till-closing v1 "Close a shop till at the end of the day" — published [0-9]{4}-[0-9]{2}-[0-9]{2}$'
expect_stdout '^  acknowledged: nobody yet$'
expect_stdout '^  not yet: +alice, bob \(waiting since [0-9-]{10}\)$'

check "bob acknowledges v1 (the latest): a signed record under training/, no run"
expect_exit 0 runbook ack till-closing --note "Read it with Alice" --key "$bob"
expect_stderr 'bob acknowledged having read Close a shop till'
ack_file=$(git ls-tree -r --name-only "$log" -- training)
[[ "$ack_file" =~ ^training/till-closing/v1/[0-9]{8}T[0-9]{6}Z-ack-bob-[0-9a-f]{4}\.yaml$ ]] ||
  fail "the ack is at '$ack_file'"
expect_eq "$(git show "$log:$ack_file" | grep -c '^run:' || true)" 0 "run: lines in the ack"
git show "$log:$ack_file" | grep -qx 'event: "ack"' || fail "the ack's event is not ack"
verify_all_commits "$a" "$log"

check "acknowledging the same version again is refused, with a friendly message"
expect_exit 1 runbook ack till-closing --version 1 --key "$bob"
expect_stderr 'bob already acknowledged till-closing v1 \(on [0-9-]{10}\); once per version is enough'
expect_eq "$(git ls-tree -r --name-only "$log" -- training | grep -c .)" 1 "acks on the log"

check "now bob starts v1 and records its first step"
run1=$(runbook start till-closing --input till=1 --key "$bob" 2>/dev/null) || fail "start after ack failed"
expect_exit 0 runbook step "$run1" 1 --outcome done --key "$bob"

check "alice, who has not acknowledged v1, may not record a step of bob's run either"
expect_exit 1 runbook step "$run1" 2 --outcome done --note "120.50" --key "$alice"
expect_stderr 'alice has not acknowledged having read v1 yet'
expect_stderr 'git runbook ack till-closing --version 1'

check "training (json): bob acknowledged v1 with his note, alice not yet"
expect_exit 0 runbook training till-closing --format json
expect_eq "$(json_get '[(t["runbook"], t["version"]) for t in j["training"]]')" "[('till-closing', 1)]" "versions"
expect_eq "$(json_get '[a["by"] for a in j["training"][0]["acknowledged"]]')" "['bob']" "acknowledged"
expect_eq "$(json_get 'j["training"][0]["acknowledged"][0]["note"]')" "Read it with Alice" "bob's note"
expect_eq "$(json_get 'j["training"][0]["missing"]')" "['alice']" "missing"
expect_eq "$(json_get 'len(j["training"][0]["published"])')" 10 "length of the published day"

check "a new version asks again: v2 is refused to bob until he acknowledges v2"
sed -e 's/^version: 1$/version: 2/' -e 's/^training: required$/training: required\nchange: The count is done twice./' \
  "$example" >runbooks/till-closing/v2.yaml
{ runbook publish till-closing --key "$alice" && git push -q origin main; } >/dev/null 2>&1 || fatal "publishing v2 failed"
expect_exit 1 runbook start till-closing --input till=2 --key "$bob"
expect_stderr 'git runbook ack till-closing --version 2'
expect_exit 0 runbook ack till-closing --key "$bob"
run2=$(runbook start till-closing --input till=2 --key "$bob" 2>/dev/null) || fail "start of v2 after ack failed"
expect_exit 0 runbook training --format json
expect_eq "$(json_get '[(t["version"], t["missing"]) for t in j["training"]]')" "[(1, ['alice']), (2, ['alice'])]" \
  "who has not read v1 and v2"

check "bob's records (acks before the runs) reach the server through its hook"
expect_exit 0 runbook sync --key "$bob"
expect_stderr 'sent to origin'
expect_eq "$(git -C "$server" rev-parse "$log")" "$(git rev-parse "$log")" "server's $log"

check "alice acknowledges v2 in two clones while offline and starts a run in one; both syncs pass"
git clone -q "$server" "$b" 2>/dev/null || fatal "git clone of the server failed"
git -C "$b" fetch -q origin "$log:$log" 2>/dev/null || fatal "fetching the log into clone B failed"
expect_exit 0 runbook ack till-closing --version 2 --key "$alice"
run3=$(runbook start till-closing --input till=3 --key "$alice" 2>/dev/null) || fail "alice's start after her ack failed"
cd "$b"
expect_exit 0 runbook ack till-closing --version 2 --note "on the shop computer" --key "$alice"
expect_exit 0 runbook sync --key "$alice"
cd "$a"
expect_exit 0 runbook sync --key "$alice"
expect_stderr 'sent to origin'
expect_eq "$(git -C "$server" ls-tree -r --name-only "$log" -- training/till-closing/v2 | grep -c -- '-ack-alice-')" 2 \
  "alice's acks of v2 on the server"
ack_at=$(git -C "$server" log -1 --format=%H --diff-filter=A "$log" -- training/till-closing/v2)
start_at=$(git -C "$server" log --format=%H --diff-filter=A "$log" -- "runs/*/$run3/*" | tail -n 1)
expect_true "on the server, an ack of alice comes before her start" git -C "$server" merge-base --is-ancestor "$ack_at" "$start_at"
expect_exit 0 runbook training till-closing --format json
expect_eq "$(json_get '[[a["by"] for a in t["acknowledged"]] for t in j["training"]]')" "[['bob'], ['bob', 'alice']]" \
  "each person once per version"
expect_exit 0 runbook verify
expect_stdout '0 problems'

check "the audit has a training section in every format"
expect_exit 0 runbook audit
expect_stdout '^## Training$'
expect_stdout '^\| till-closing — Close a shop till at the end of the day \| v1 \| [0-9-]{10} \| Bob Builder \(bob, [0-9-]{10}\) \| Alice Admin \(alice\) — waiting since [0-9-]{10} \|$'
expect_exit 0 runbook audit --format json
expect_eq "$(json_get '[(t["version"], t["missing"]) for t in j["training"]]')" "[(1, ['alice']), (2, [])]" "audit json"
expect_exit 0 runbook audit --format csv
expect_stdout '^,till-closing,1,,,[0-9T:.-]+Z,bob,ack,,,Read it with Alice,,,,,Bob Builder,,$'
expect_stdout '^,till-closing,1,,,[0-9-]{10},alice,not-acknowledged,,,,,,,,Alice Admin,,$'
expect_exit 0 runbook audit --format html
expect_stdout '<h2>Training</h2>'
expect_stdout 'Alice Admin \(alice\) — waiting since [0-9-]{10}'

check "a hand-made step by someone without an ack, pushed past the tool: the hook refuses it, verify too"
craft_index="$work/craft-index"
start_file=$(git ls-tree -r --name-only "$log" -- runs | grep -- "/$run1/.*-start-")
source_commit=$(git show "$log:$start_file" | sed -n 's/^source_commit: "\(.*\)"$/\1/p')
blob=$(git rev-parse main:runbooks/till-closing/v1.yaml)
day=${run1#till-closing-}
record_path="runs/${day:0:4}/${day:4:2}/${day:6:2}/$run1/$(date -u +%Y%m%dT%H%M%SZ)-step-2-beef.yaml"
cat >"$work/step.yaml" <<EOF
run: "$run1"
runbook: "till-closing"
version: 1
runbook_blob: "$blob"
source_commit: "$source_commit"
event: "step"
step: "2"
outcome: "done"
by: "alice"
at: "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
note: "120.50"
EOF
tip=$(git rev-parse "$log")
craft_from "$tip"
craft_add "$record_path" "$work/step.yaml"
forged=$(craft_commit "$alice" "Close a shop till: step 2 done by alice" "$tip")
expect_exit 1 git push origin "$forged:refs/heads/$log"
expect_stderr 'remote: .*\[training-required\]'
expect_stderr 'alice has not acknowledged having read v1 yet'
expect_stderr 'git runbook ack till-closing --version 1'
expect_eq "$(git -C "$server" rev-parse "$log")" "$tip" "server's $log"
hook_says=$(grep -m 1 -o 'runbook till-closing v1 requires training: [^—]*' <<<"$stderr" || true)
copy="$work/copy.git"
cp -a "$server" "$copy"
rm -rf "$copy/hooks"
git push -q "$copy" "$forged:refs/heads/$log" >/dev/null 2>&1 || fatal "could not give the copy the forged commit"
cd "$copy"
expect_exit 1 runbook verify
expect_stdout '^problem: .*\[training-required\]'
verify_says=$(grep -m 1 -o 'runbook till-closing v1 requires training: [^—]*' <<<"$stdout" || true)
[[ -n "$hook_says" ]] || fail "the hook's message names no training rule"
expect_eq "$verify_says" "$hook_says" "what verify says, against the hook"

check "a file outside runs/ and training/<runbook>/v<N>/ is still refused"
cd "$a"
craft_from "$tip"
craft_text "training/till-closing/v1/notes.yaml" "not an ack"
stray=$(craft_commit "$alice" "a stray file" "$tip")
expect_exit 1 git push origin "$stray:refs/heads/$log"
expect_stderr 'remote: .*\[outside-runs\]'

pass
