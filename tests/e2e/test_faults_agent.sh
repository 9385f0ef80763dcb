#!/usr/bin/env bash
# The GnuPG agent unavailable or hanging. Unavailable: it is not running and may not be
# started (no-autostart), or it cannot be started (a broken agent-program); stale
# sockets of a killed agent are no fault (gpg starts a new one). Hanging: the agent is
# stopped (SIGSTOP), or it waits for a passphrase that nobody types. Every writer
# (start, step with evidence, note, finish, publish, sync that must re-sign) fails with
# exit 3 and a message that says what is wrong and what to do, within a bounded time
# (runbook.gpgTimeout for a hang), writes nothing, and works once the agent is back.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/faults_lib.sh"

log=runbook-log
timeout_seconds=2
setup_team_with_remote
b="$work/b"
{
  git clone -q "$server" "$b" &&
    git -C "$b" config user.email bob@example.com
} >/dev/null 2>&1 || fatal "setting up the second clone failed"
echo "signed offer letter" >"$work/offer.txt"

# A stopped agent would hang the cleanup's `gpgconf --kill`: wake it up first.
stopped_agent=""
eval "original_$(declare -f stop_gpg_agent)"
stop_gpg_agent() {
  [[ -z "$stopped_agent" ]] || kill -CONT "$stopped_agent" 2>/dev/null || true
  original_stop_gpg_agent
}
agent_pid() {
  gpgconf --launch gpg-agent
  pgrep -f "gpg-agent --homedir $GNUPGHOME( |\$)" | head -n 1
}

writers=(start step note finish publish sync)

# prepare_all [KEY]: with the agent working, everything the writers need first: a run
# to finish, a draft to publish, and for sync a record of alice's that the remote lacks
# while the remote moved on (so that sync must re-sign hers on top). The writers then
# sign with KEY (default: alice's).
prepare_all() {
  local key=${1:-$alice} finishing
  finishing=$(start_run) || fail "start (before finish) failed"
  [[ -n "$(git status --porcelain -- runbooks)" ]] || make_draft >/dev/null || fail "edit (before publish) failed"
  git push -q origin main >/dev/null 2>&1 || fail "pushing main (before sync) failed" # what runs follow, published there first
  "$GIT_RUNBOOK" note "$run" "a note to send" --key "$alice" >/dev/null 2>&1 || fail "note (before sync) failed"
  (cd "$b" && "$GIT_RUNBOOK" sync --key "$bob" && "$GIT_RUNBOOK" note "$run" "bob's note" --key "$bob" &&
    "$GIT_RUNBOOK" sync --key "$bob") >/dev/null 2>&1 || fail "bob's note and sync failed"
  declare -gA command_of
  command_of[start]="$(quote_command "${start_command[@]}" --key "$key")"
  command_of[step]="$(quote_command step "$run" 4 --outcome failed --evidence "$work/offer.txt" --key "$key")"
  command_of[note]="$(quote_command note "$run" "a note" --key "$key")"
  command_of[finish]="$(quote_command finish "$finishing" --outcome aborted --key "$key")"
  command_of[publish]="$(quote_command publish onboarding --key "$key")"
  command_of[sync]="$(quote_command sync --key "$key")"
}


# each_writer_fails PATTERN…: every writer exits 3 with stderr matching each PATTERN, and
# changes nothing. It must end well before GnuPG's default bound of 30 s: that shows it
# did not wait for it (agent gone) or kept runbook.gpgTimeout (agent stuck). The bound
# is loose so that no busy machine fails it.
each_writer_fails() {
  local limit=25000 name before started elapsed pattern times=""
  for name in "${writers[@]}"; do
    before=$(state)
    started=$(date +%s%N)
    eval "expect_exit 3 timeout 120 \"\$GIT_RUNBOOK\" ${command_of[$name]}"
    elapsed=$((($(date +%s%N) - started) / 1000000))
    times+=" $name $elapsed ms,"
    ((elapsed <= limit)) || fail "$name took $elapsed ms to fail (at most $limit ms allowed)"
    for pattern in "$@"; do
      expect_stderr "$pattern"
    done
    expect_no_output 'quick-gen-key' # making a new key is not the answer
    same_state "$(state)" "$before" "$name"
  done
  echo "    (failed after:${times%,})"
}

# each_writer_works: once the agent is back, every writer works.
each_writer_works() {
  local name
  for name in "${writers[@]}"; do
    eval "expect_exit 0 \"\$GIT_RUNBOOK\" ${command_of[$name]}"
  done
  expect_eq "$(git rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "$log here and on the remote"
}

for setting in no-autostart "agent-program /bin/false"; do
  check "agent unavailable (gpg.conf: $setting): every writer fails at once, says so, writes nothing"
  prepare_all
  gpgconf --kill gpg-agent
  echo "$setting" >"$GNUPGHOME/gpg.conf"
  each_writer_fails 'cannot reach its agent \(gpg-agent\)' 'gpg --list-secret-keys'
  rm "$GNUPGHOME/gpg.conf"
  check "agent available again (gpg.conf: $setting removed): every writer works"
  each_writer_works
done

check "agent killed (kill -9), its socket left behind: every writer works (gpg starts a new agent)"
prepare_all
kill -9 "$(agent_pid)"
[[ -S "$GNUPGHOME/S.gpg-agent" ]] || fail "the killed agent's socket is gone; this check tests nothing"
each_writer_works

git config --global runbook.gpgTimeout "$timeout_seconds"
check "agent stopped (SIGSTOP): every writer gives up after runbook.gpgTimeout ($timeout_seconds s), says so, writes nothing"
prepare_all
stopped_agent=$(agent_pid)
kill -STOP "$stopped_agent"
each_writer_fails "did not answer within $timeout_seconds seconds" 'gpgconf --kill gpg-agent'
kill -CONT "$stopped_agent"
stopped_agent=""
check "agent running again (SIGCONT): every writer works"
each_writer_works

check "an agent waiting for a passphrase nobody types: signing gives up after runbook.gpgTimeout, writes nothing"
gpg --batch --pinentry-mode loopback --passphrase 'a passphrase' --quick-gen-key "Carol Careful <carol@example.com>" \
  ed25519 sign never >/dev/null 2>&1 || fatal "could not make carol's key"
carol=$(gpg --batch --with-colons --list-secret-keys "<carol@example.com>" 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
export_key "$carol" "$work/carol.asc"
"$GIT_RUNBOOK" keys add carol "$work/carol.asc" --roles operator --key "$alice" >/dev/null 2>&1 ||
  fatal "could not add carol"
# A pinentry that greets the agent and then never answers the passphrase question
# (it ends when the agent does).
cat >"$work/pinentry-silent" <<'EOF'
#!/bin/sh
echo "OK pleased to meet you"
while read -r line; do
  case $line in
  GETPIN*) while read -r _; do :; done; exit 0 ;;
  *) echo OK ;;
  esac
done
EOF
chmod +x "$work/pinentry-silent"
echo "pinentry-program $work/pinentry-silent" >"$GNUPGHOME/gpg-agent.conf"
gpgconf --kill gpg-agent
prepare_all "$carol" # alice's key, used to prepare, has no passphrase: the pinentry does not bother her
writers=(start step note finish) # carol may record, not publish; sync would not sign alice's records for her
each_writer_fails "did not answer within $timeout_seconds seconds while signing" 'passphrase'
check "after \`gpgconf --kill gpg-agent\`, as the message says, alice's writers work"
gpgconf --kill gpg-agent
rm "$GNUPGHOME/gpg-agent.conf"
writers=(start step note finish publish sync)
prepare_all
each_writer_works

check "a runbook.gpgTimeout that is not a number of seconds is refused with a clear message"
git config --global runbook.gpgTimeout soon
expect_exit 3 runbook note "$run" "with a bad timeout" --key "$alice"
expect_stderr 'runbook.gpgTimeout is "soon".*number of seconds'
git config --global --unset runbook.gpgTimeout

check "the repository and the remote are sound and git runbook verify passes"
fsck_strict . "at the end"
fsck_strict "$server" "at the end"
expect_exit 0 runbook verify
expect_stdout '0 problems'

pass
