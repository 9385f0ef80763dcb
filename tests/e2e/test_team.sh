#!/usr/bin/env bash
# A team records one run at once, offline, through a server with the hook (DESIGN §4
# "Records under concurrency", issue 14 point 7). The server is a bare repository
# reached over ssh:// through the test's own sshd, so that its pre-receive hook judges
# every push of `git runbook sync` (libgit2's local transport runs no hooks).
#
# Four people, four clones: marco (admin, operator, approver), hana (operator), ivan
# (operator), olivia (operator, approver). Ivan's clone is made before the runbook is
# published and he never pulls or fetches: only `git runbook sync` brings him the
# protected branch (into refs/remotes/origin/*). One run of the employee-onboarding
# runbook (step 3 asks for an approval):
#   1. marco starts the run and syncs; everyone syncs.
#   2. Offline: hana records steps 1 and 2, ivan a note and step 4; marco records step 3
#      (it needs approval) and syncs first: a pending approval reaches the server.
#   3. olivia syncs, approves step 3, finishes the run as aborted and syncs: a finish
#      reaches the server before hana's and ivan's records.
#   4. hana syncs, ivan syncs; then everyone syncs twice more.
# Proves: hana's and ivan's records, valid for their authors, are accepted and flagged
# "after-finish" (not refused, not set aside, not doubled); every record made in any
# clone is on the server exactly once, the server's log is linear with one commit per
# record; nothing under refs/runbook/unsent; every sync exits 0 and leaves nothing "not
# sent"; every clone's log and `status RUN --format json` equal the server's; the flags
# (records and people) show in `status` (text, JSON, list), `log`, `audit` and `verify`
# (notices); `verify --no-cache` finds 0 problems in every clone, ivan's included;
# `git fsck --strict` is clean everywhere. Also the four-eyes rule: olivia cannot
# approve a step she recorded herself. Nothing depends on timing: the test only waits
# for sshd to say it listens. Skips (exit 77) when sshd is not installed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/faults_lib.sh" # records_at, fsck_strict, start_command
source "$(dirname "${BASH_SOURCE[0]}")/sshd_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/team_lib.sh" # server_log, log_of, remember, rec

start_test_sshd # skips when sshd is missing; exports GIT_SSH_COMMAND for plain git
sshd_client_home "$HOME" # for libgit2 (sync): ~/.ssh/id_ed25519 and known_hosts

marco=$(make_key "Marco Admin" marco@example.com)
hana=$(make_key "Hana Operator" hana@example.com)
ivan=$(make_key "Ivan Operator" ivan@example.com)
olivia=$(make_key "Olivia Approver" olivia@example.com)
for person in hana ivan olivia; do
  export_key "${!person}" "$work/$person.asc"
done
git config --global user.email marco@example.com

log=runbook-log
server="$work/server.git"
url="$sshd_url_prefix$server"
people=(marco hana ivan olivia)
declare -A key_of=([marco]="$marco" [hana]="$hana" [ivan]="$ivan" [olivia]="$olivia")
expected="$work/expected-records" # every record file some clone held before it synced
: >"$expected"
syncs=0

# --- helpers -----------------------------------------------------------------------
# sync_ok X: `git runbook sync` in clone X exits 0, sends every record X holds (the
# server then holds them all, X's log equals the server's, nothing under
# refs/runbook/unsent), and `status` then lists nothing as not sent. Leaves the sync's
# output in $out/$stdout/$stderr for more checks.
sync_ok() {
  local x=$1 missing saved_out saved_stdout saved_stderr saved_rc saved_command
  remember "$x"
  cd "$work/$x"
  syncs=$((syncs + 1))
  expect_exit 0 runbook sync --key "${key_of[$x]}"
  expect_no_output 'not sent|set aside|refs/runbook/unsent|refused'
  saved_out=$out saved_stdout=$stdout saved_stderr=$stderr saved_rc=$rc saved_command=$last_command
  missing=$(comm -23 <(records_at "$work/$x" "$log") <(records_at "$server" "$log"))
  expect_eq "$missing" "" "$x's records missing on the server after $x's sync"
  expect_eq "$(log_of "$x")" "$(server_log)" "$x's $log after $x's sync = the server's"
  expect_eq "$(git -C "$work/$x" for-each-ref refs/runbook/unsent)" "" "refs/runbook/unsent in $x's clone after $x's sync"
  expect_exit 0 runbook status
  expect_no_output '[Nn]ot sent'
  out=$saved_out stdout=$saved_stdout stderr=$saved_stderr rc=$saved_rc last_command=$saved_command shown_command=""
}
# flag_lines: the run's flags in $stdout (status RUN --format json), one
# "flag|message|people" a line, sorted.
flag_lines() {
  json_get '"\n".join(sorted(f["flag"] + "|" + f["message"] + "|" + ",".join(sorted(f["people"])) for f in j["needs_a_look"]))'
}
# What the flags must be: hana's steps 1 and 2 and ivan's note and step 4 came after
# olivia finished the run; each flag names its recorder and olivia.
after_finish="came after olivia finished the run as aborted"
hana_flags="after-finish|step 1 done by hana $after_finish|hana,olivia
after-finish|step 2 done by hana $after_finish|hana,olivia"
ivan_flags="after-finish|note by ivan $after_finish|ivan,olivia
after-finish|step 4 done by ivan $after_finish|ivan,olivia"
all_flags=$(sort <<<"$hana_flags"$'\n'"$ivan_flags")

# --- the team ----------------------------------------------------------------------
check "marco sets up the repository and the team; ivan clones before the runbook is published; the others after"
git init -q --bare "$server"
runbook hook install "$server" >/dev/null 2>&1 || fatal "git runbook hook install failed"
{
  runbook init "$work/marco" --key "$marco" &&
    cd "$work/marco" &&
    runbook keys add hana "$work/hana.asc" --roles operator --key "$marco" &&
    runbook keys add ivan "$work/ivan.asc" --roles operator --key "$marco" &&
    runbook keys add olivia "$work/olivia.asc" --roles operator,approver --key "$marco" &&
    git remote add origin "$url" &&
    timeout 120 git push -q origin main
} >/dev/null 2>&1 || fatal "setting up marco's clone (init, keys add, push over ssh) failed"
[[ -n "$(git -C "$server" config runbook.trustRoot || true)" ]] ||
  fatal "the first push over ssh did not go through the hook (no runbook.trustRoot on the server)"
clone_of() { # clone_of X: X's clone of the server (by path, quicker), then origin over ssh
  git clone -q "$server" "$work/$1" 2>/dev/null || fatal "git clone of the server for $1 failed"
  git -C "$work/$1" remote set-url origin "$url"
  git -C "$work/$1" config user.email "$1@example.com"
}
clone_of ivan
ivan_main=$(git -C "$work/ivan" rev-parse main)
{
  cd "$work/marco" &&
    runbook new onboarding --template employee-onboarding && without_training runbooks/onboarding/v1.yaml &&
    runbook publish onboarding --key "$marco" &&
    timeout 120 git push -q origin main
} >/dev/null 2>&1 || fatal "marco could not publish the runbook and push it"
clone_of hana
clone_of olivia
expect_eq "$(git -C "$work/ivan" ls-tree --name-only main -- runbooks/onboarding)" "" \
  "runbooks/onboarding on ivan's main (cloned before it was published)"
expect_eq "$(git -C "$work/hana" ls-tree --name-only main -- runbooks/onboarding)" "runbooks/onboarding" \
  "runbooks/onboarding on hana's main"
echo "scan of the welcome email" >"$work/welcome.pdf"

# --- 1. the run starts ---------------------------------------------------------------
check "marco starts the run and syncs; everyone syncs and has the run"
cd "$work/marco"
run=$(runbook "${start_command[@]}" --key "$marco" 2>/dev/null) || fatal "marco could not start the run"
sync_ok marco
expect_stderr 'sent to origin'
for x in hana ivan olivia; do
  sync_ok "$x"
  expect_exit 0 runbook status "$run"
  expect_stdout '0 of 9 steps settled'
done
expect_eq "$(git -C "$work/ivan" rev-parse refs/remotes/origin/main)" "$(git -C "$server" rev-parse main)" \
  "ivan's origin/main after his sync (sync fetches the protected branch)"
expect_eq "$(git -C "$work/ivan" rev-parse main)" "$ivan_main" "ivan's main (he never pulls)"

# --- 2. offline, then marco's pending approval reaches the server first --------------
check "offline: hana records steps 1 and 2, ivan a note and step 4, marco step 3 (needs approval) and syncs first"
rec hana step "$run" 1 --outcome done --evidence https://hr.example/employees/4711
rec hana step "$run" 2 --outcome done --evidence https://desk.example/REQ-2
rec ivan note "$run" "laptop arrives on Monday"
rec ivan step "$run" 4 --outcome done --evidence "$work/welcome.pdf"
rec marco step "$run" 3 --outcome done --note "standard accounts, no extra systems"
sync_ok marco
expect_exit 0 runbook status "$run"
expect_stdout 'waiting for approval of step 3'

# --- 3. olivia approves and finishes before the others sync --------------------------
check "olivia syncs, approves step 3, finishes the run as aborted with a note and syncs"
sync_ok olivia
rec olivia approve "$run" 3 --note "list of accounts checked"
rec olivia finish "$run" --outcome aborted --note "the new hire declined the offer"
sync_ok olivia
expect_exit 0 runbook status "$run"
expect_stdout 'finished \(aborted\)'
expect_no_output 'Needs a look'

# --- 4. hana's and ivan's records arrive after the finish ----------------------------
check "hana syncs: her steps 1 and 2 arrive after the finish, accepted (not refused, not set aside) and flagged"
hana_records=$(records_at "$work/hana" "$log")
sync_ok hana
expect_stderr "origin accepted, but needs a look: run $run: step 1 done by hana came after olivia finished the run"
missing=$(comm -23 <(echo "$hana_records") <(records_at "$server" "$log"))
expect_eq "$missing" "" "hana's records (as she made them: paths kept) missing on the server"
cd "$work/hana"
expect_exit 0 runbook status "$run" --format json
expect_eq "$(flag_lines)" "$hana_flags" "the flags in hana's status $run --format json"

check "ivan (who never pulled main) syncs: his note and step 4 arrive after the finish, accepted and flagged"
ivan_records=$(records_at "$work/ivan" "$log")
sync_ok ivan
missing=$(comm -23 <(echo "$ivan_records") <(records_at "$server" "$log"))
expect_eq "$missing" "" "ivan's records missing on the server"
cd "$work/ivan"
expect_exit 0 runbook status "$run" --format json
expect_eq "$(flag_lines)" "$all_flags" "the flags in ivan's status $run --format json"

check "everyone syncs twice more; nothing is sent again"
server_before=$(server_log)
for x in ivan olivia hana marco marco hana olivia ivan; do
  sync_ok "$x"
done
expect_eq "$(server_log)" "$server_before" "the server's $log after syncs with nothing new"

# --- afterwards --------------------------------------------------------------------
check "every record made in the four clones is on the server exactly once; the server's log is linear, one commit per record"
want=$(sed '/^$/d' "$expected" | sort -u)
records=$(records_at "$server" "$log")
expect_eq "$records" "$want" "the record files on the server's $log"
dupes=$(git -C "$server" log --format= --name-only --diff-filter=A "$log" | grep -v /evidence/ | sed '/^$/d' |
  sort | uniq -d)
expect_eq "$dupes" "" "records added twice on the server"
commits=$(git -C "$server" rev-list --count "$log")
expect_eq "$(git -C "$server" rev-list --merges "$log")" "" "merge commits on the server's $log"
expect_eq "$commits" "$(wc -l <<<"$records" | tr -d ' ')" "commits on the server's $log (one per record)"
bad=""
for commit in $(git -C "$server" rev-list "$log"); do
  added=$(git -C "$server" diff-tree --root --no-commit-id -r --name-only --diff-filter=A "$commit" | grep -vc /evidence/ || true)
  changed=$(git -C "$server" diff-tree --root --no-commit-id -r --name-only --diff-filter=MDRT "$commit" | wc -l)
  [[ "$added" == 1 && "$changed" == 0 ]] || bad+=" $commit($added added, $changed changed)"
done
expect_eq "$bad" "" "server commits that do not add exactly one record (and change nothing)"
expect_eq "$(wc -l <<<"$records" | tr -d ' ')" 8 "records on the server (start, steps 1-4, note, approval, finish)"
records_made=$(wc -l <<<"$want" | tr -d ' ')

check "every clone: its log equals the server's, nothing under refs/runbook/unsent, nothing not sent"
for x in "${people[@]}"; do
  expect_eq "$(log_of "$x")" "$(server_log)" "$x's $log = the server's"
  expect_eq "$(git -C "$work/$x" for-each-ref refs/runbook/unsent)" "" "refs/runbook/unsent in $x's clone"
  cd "$work/$x"
  expect_exit 0 runbook status --format json
  expect_stdout '"not_sent": \[\]'
done

check "status RUN --format json is the same in every clone and in a fresh copy of the server"
git clone -q "$server" "$work/auditor" 2>/dev/null || fatal "git clone of the server for the auditor failed"
git -C "$work/auditor" branch -q "$log" "origin/$log"
cd "$work/auditor"
expect_exit 0 runbook status "$run" --format json
server_view=$stdout
expect_eq "$(json_get '(j["finished"], j["outcome"], j["settled"],
  [(s["id"], s.get("outcome"), s.get("by"), s.get("approved_by")) for s in j["steps"][:5]])')" \
  "(True, 'aborted', 4, [('1', 'done', 'hana', None), ('2', 'done', 'hana', None), ('3', 'done', 'marco', 'olivia'), ('4', 'done', 'ivan', None), ('5', None, None, None)])" \
  "finished, outcome, settled steps and steps 1-5 in the server's view"
for x in "${people[@]}"; do
  cd "$work/$x"
  expect_exit 0 runbook status "$run" --format json
  expect_eq "$stdout" "$server_view" "$x's status $run --format json = the server's"
done

check "the flags: hana's steps 1 and 2 and ivan's note and step 4 came after the finish (status JSON: records and people)"
stdout=$server_view # the same in every clone (above)
flag_list=$(flag_lines)
expect_eq "$flag_list" "$all_flags" "the flags of the run"
flags=$(grep -c . <<<"$flag_list" || true)
flagged=$(json_get '"\n".join(sorted(f["record"] for f in j["needs_a_look"]))')
expect_eq "$flagged" "$(printf '%s\n' "$hana_records" "$ivan_records" | grep -v -- '-start-' | sort -u)" \
  "the flagged records (hana's and ivan's, at the paths they made them)"

check "the flags in status RUN (text), in the list of runs and in log --run"
for x in "${people[@]}"; do
  cd "$work/$x"
  expect_exit 0 runbook status "$run"
  expect_stdout '^Needs a look'
  expect_stdout '! step 1 done by hana came after olivia finished the run as aborted'
  expect_stdout '! step 2 done by hana came after olivia finished the run as aborted'
  expect_stdout '! note by ivan came after olivia finished the run as aborted'
  expect_stdout '! step 4 done by ivan came after olivia finished the run as aborted'
  expect_eq "$(grep -c '^  ! ' <<<"$stdout" || true)" 4 "'!' lines in $x's status $run"
done
expect_exit 0 runbook status
expect_stdout "^$run .*finished \\(aborted\\).*— needs a look \\(4\\)"
expect_exit 0 runbook log --run "$run" --format json
expect_eq "$(json_get '"\n".join(sorted(e["needs_a_look"] for e in j["events"] if "needs_a_look" in e))')" \
  "$(cut -d'|' -f2 <<<"$all_flags")" "the events of log --run $run that need a look"

check "the flags in audit --format json"
for x in marco ivan; do
  cd "$work/$x"
  expect_exit 0 runbook audit --format json
  # First line: the audit's problems and whether every event of the run verified.
  expect_eq "$(json_get '"\n".join([str((j["problems"], [r["all_verified"] for r in j["runs"] if r["run"] == "'"$run"'"]))]
    + sorted(m for r in j["runs"] if r["run"] == "'"$run"'" for m in r["needs_a_look"]))')" \
    "(0, [True])"$'\n'"$(cut -d'|' -f2 <<<"$all_flags")" "problems, all_verified and needs_a_look of the run in $x's audit"
done

check "verify --no-cache: 0 problems and the four flags as notices in every clone, ivan's included"
for x in "${people[@]}"; do
  cd "$work/$x"
  expect_exit 0 runbook verify --no-cache
  expect_stdout '(^|[^0-9])0 problems, 4 notices'
  expect_eq "$(sed -n "s/^notice: run $run needs a look \[after-finish\]: //p" <<<"$stdout" | sort)" \
    "$(cut -d'|' -f2 <<<"$all_flags")" "the after-finish notices in $x's verify"
done

check "git fsck --strict is clean in every clone and on the server; ivan's main was never pulled"
fsck_strict "$server" "after the syncs"
for x in "${people[@]}"; do
  fsck_strict "$work/$x" "after the syncs"
done
expect_eq "$(git -C "$work/ivan" rev-parse main)" "$ivan_main" "ivan's main (never pulled)"
expect_eq "$(git -C "$work/ivan" rev-parse refs/remotes/origin/main)" "$(git -C "$server" rev-parse main)" \
  "ivan's origin/main (fetched by sync)"

check "four eyes: olivia records step 3 done in a new run and cannot approve it herself"
cd "$work/olivia"
run2=$(runbook "${start_command[@]}" --key "$olivia" 2>/dev/null) || fatal "olivia could not start a second run"
rec olivia step "$run2" 3 --outcome done --note "standard accounts"
before=$(log_of olivia)
expect_exit 1 runbook approve "$run2" 3 --key "$olivia"
expect_stderr 'olivia recorded step 3 and cannot also approve it'
expect_eq "$(log_of olivia)" "$before" "olivia's $log after the refused approval"
sync_ok olivia
expect_exit 0 runbook status "$run2"
expect_stdout 'waiting for approval of step 3'

echo "team run: $records_made records made in 4 clones, $commits on the server (each once), $flags flags (after-finish), $syncs syncs (all exit 0)"
pass
