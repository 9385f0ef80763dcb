#!/usr/bin/env bash
# The server hook over ssh: the test starts its own sshd on 127.0.0.1 (own host key, own
# authorized_keys, own port), installs the pre-receive hook in a bare repository and
# pushes with plain `git push ssh://…`. sshd resets the environment of the push, so the
# hook only works when the shim finds the binary by its absolute path and gpg needs
# nothing from the pushing user. Good pushes (main, a new runbook, records) are accepted;
# a tampered and an unsigned commit are refused with the hook's message on the client,
# and the server's refs stay as they were. A clone over ssh verifies.
# Skips (exit 77) only when sshd is not installed or no port can be bound.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

source "$(dirname "${BASH_SOURCE[0]}")/sshd_lib.sh"

# --- the test's own sshd (sshd_lib.sh) ---------------------------------------------
start_test_sshd # skips when sshd is missing; sets $sshd_dir, $sshd_port, $sshd_user
port=$sshd_port
user=$sshd_user

# --- the server and the team -------------------------------------------------------
server="$work/server.git"
url="ssh://$user@127.0.0.1:$port$server"
git init -q --bare "$server"
setup_onboarding_team # alice (every role) and bob (operator, approver) in $repo; cd $repo
log=runbook-log

# refs_of_server: every ref of the server with its commit.
refs_of_server() {
  git -C "$server" for-each-ref --format='%(objectname) %(refname)'
}
# git_push ARGS…: `git push` over ssh from the current clone, with a time limit.
git_push() {
  timeout 120 git push "$@"
}

check "hook install on the empty bare repository: hook, receive.fsckObjects, no trust root yet"
expect_exit 0 runbook hook install "$server"
expect_eq "$(git -C "$server" config receive.fsckObjects)" true "receive.fsckObjects"
expect_eq "$(git -C "$server" config runbook.trustRoot || echo unset)" unset "runbook.trustRoot before the first push"
[[ -x "$server/hooks/pre-receive" ]] || fail "hooks/pre-receive is missing or not executable"
# The shim must name the binary by an absolute path: over ssh the PATH is sshd's.
grep -qF "$(cd "$(dirname "$GIT_RUNBOOK")" && pwd -P)/$(basename "$GIT_RUNBOOK")" "$server/hooks/pre-receive" ||
  grep -qF "$GIT_RUNBOOK" "$server/hooks/pre-receive" ||
  fail "hooks/pre-receive does not name $GIT_RUNBOOK by its absolute path"

check "the first push of main over ssh is accepted and sets the trust root"
git remote add origin "$url"
expect_exit 0 git_push origin main
expect_stderr 'remote: git-runbook: checked [0-9]+ new commits? on 1 ref: accepted\.'
expect_eq "$(git -C "$server" rev-parse main)" "$(git rev-parse main)" "server's main"
expect_eq "$(git -C "$server" config runbook.trustRoot || echo unset)" "$(git rev-list --max-parents=0 main)" \
  "runbook.trustRoot"

check "publish a new runbook and push it over ssh: accepted"
expect_exit 0 runbook new payroll-change --template compliance-audit --title "Payroll change"
expect_exit 0 runbook publish payroll-change -m "Finance signs off before payment" --key "$alice"
expect_exit 0 git_push origin main
expect_stderr 'remote: git-runbook: checked 1 new commit on 1 ref: accepted\.'
expect_eq "$(git -C "$server" rev-parse main)" "$(git rev-parse main)" "server's main"
expect_exit 0 git -C "$server" cat-file -e main:runbooks/payroll-change/v1.yaml

check "records on runbook-log pushed over ssh: accepted"
run=$(runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
  --input "manager=Mo Manager" --input work_location=Remote --key "$bob" 2>/dev/null) || fatal "start failed"
expect_exit 0 runbook step "$run" 1 --outcome done --evidence https://hr.example/e/1 --key "$bob"
expect_exit 0 runbook note "$run" "Laptop ordered" --key "$bob"
expect_exit 0 git_push origin "$log"
expect_stderr 'remote: git-runbook: checked 3 new commits on 1 ref: accepted\.'
expect_eq "$(git -C "$server" rev-parse "$log")" "$(git rev-parse "$log")" "server's $log"

check "git runbook sync over ssh (libgit2's own transport): refused for an unknown host key, works once it is in known_hosts"
# sync does not use GIT_SSH_COMMAND: like ssh, it takes the key from ~/.ssh and must
# accept the server only when its host key is in ~/.ssh/known_hosts.
mkdir -m 700 "$HOME/.ssh"
cp "$sshd_dir/client_ed25519" "$HOME/.ssh/id_ed25519"
cp "$sshd_dir/client_ed25519.pub" "$HOME/.ssh/id_ed25519.pub"
expect_exit 0 runbook note "$run" "Desk booked" --key "$bob"
log_before=$(git -C "$server" rev-parse "$log")
# First without known_hosts: a server whose host key nobody vouched for is not trusted.
expect_exit 3 runbook sync --key "$bob"
expect_stderr 'host ?key'
expect_stderr 'nothing was changed'
expect_eq "$(git -C "$server" rev-parse "$log")" "$log_before" "server's $log after a sync to an unknown host"
sshd_known_hosts_line >"$HOME/.ssh/known_hosts"
expect_exit 0 runbook sync --key "$bob"
expect_eq "$(git -C "$server" rev-parse "$log")" "$(git rev-parse "$log")" "server's $log after sync"
rm -rf "$HOME/.ssh"
# Whatever sync did, the rest goes on from what the server holds.
git update-ref "refs/heads/$log" "$(git -C "$server" rev-parse "$log")"

# --- refusals over ssh ---------------------------------------------------------------
# expect_refused RULE REF: the last push failed, the hook's refusal reached the client
# through ssh ("remote: git-runbook: refused REF:", the rule, the fix, "nothing was
# stored"), and the server's refs are exactly $refs_before.
expect_refused() {
  local rule=$1 ref=$2
  if [[ "$rc" == 0 ]]; then
    fail "the push was accepted"
  fi
  expect_stderr "remote: git-runbook: refused refs/heads/$ref:"
  expect_stderr "remote: +commit [0-9a-f]{7,}"
  expect_stderr "\[$rule\]"
  expect_stderr 'remote: +fix: '
  expect_stderr 'nothing was stored'
  expect_stderr "\[remote rejected\] +$ref -> $ref \(pre-receive hook declined\)"
  expect_no_output 'terminate called|Segmentation|Aborted|core dumped'
  expect_eq "$(refs_of_server)" "$refs_before" "the server's refs after the refused push"
}

check "a tampered commit (message changed after signing) pushed over ssh: refused [tampered]"
good_tip=$(git rev-parse main)
echo "A line for the README" >>README.md
git add README.md
git commit -q --no-verify -m "Add a line to the README" || fatal "git commit -S failed"
signed=$(git rev-parse HEAD)
expect_exit 0 git verify-commit "$signed" # sanity: git itself accepts the original
forged=$(git cat-file commit "$signed" | sed 's/^Add a line to the README$/Add a line to the README, nothing else/' |
  git hash-object --literally -t commit -w --stdin)
[[ "$forged" != "$signed" ]] || fatal "the forged commit equals the signed one"
git update-ref refs/heads/main "$forged" "$signed"
refs_before=$(refs_of_server)
expect_exit nonzero git_push origin main
expect_refused tampered main
expect_stderr "commit ${forged:0:7}"
expect_stderr 'Add a line to the README, nothing else'
git reset -q --hard "$good_tip"

check "an unsigned commit pushed over ssh: refused [unsigned]"
echo "Unsigned line" >>README.md
git add README.md
git -c commit.gpgsign=false commit -q --no-verify -m "Unsigned change to the README"
unsigned=$(git rev-parse HEAD)
refs_before=$(refs_of_server)
expect_exit nonzero git_push origin main
expect_refused unsigned main
expect_stderr "commit ${unsigned:0:7}"
expect_stderr 'Unsigned change to the README'
expect_exit 1 git -C "$server" cat-file -e "$unsigned" # quarantined objects are thrown away
git reset -q --hard "$good_tip"

check "an unsigned record pushed on $log over ssh: refused, the log unchanged"
log_good=$(git -C "$server" rev-parse "$log")
git checkout -q "$log"
mkdir -p forged
echo "run: nothing" >forged/record.yaml
git add forged/record.yaml
git -c commit.gpgsign=false commit -q --no-verify -m "A record nobody signed"
refs_before=$(refs_of_server)
expect_exit nonzero git_push origin "$log"
expect_refused unsigned "$log"
git checkout -q main
git update-ref "refs/heads/$log" "$log_good"

check "the server holds only what was accepted; git fsck is clean"
expect_eq "$(git -C "$server" rev-parse main)" "$good_tip" "server's main"
expect_eq "$(git -C "$server" rev-parse "$log")" "$log_good" "server's $log"
expect_exit 0 git -C "$server" fsck --no-progress

# --- back again ----------------------------------------------------------------------
check "a clone over ssh verifies with git runbook verify"
clone="$work/clone"
expect_exit 0 timeout 120 git clone -q "$url" "$clone"
cd "$clone"
expect_exit 0 git fetch -q origin "$log:$log"
expect_eq "$(git rev-parse main)" "$good_tip" "the clone's main"
expect_eq "$(git rev-parse "$log")" "$log_good" "the clone's $log"
expect_exit 0 runbook verify
expect_stdout '0 problems'
expect_exit 0 runbook status "$run"
expect_stdout 'Employee onboarding'

check "sshd saw the pushes as public-key logins of $user"
grep -qE "Accepted publickey for $user from 127\.0\.0\.1" "$sshd_dir/sshd.log" ||
  fail "the sshd log shows no public-key login: $(tail -5 "$sshd_dir/sshd.log")"

pass
