# shellcheck shell=bash
# Helpers for the tests where several people record in their own clones of one server
# (test_team, test_sync_faults). Source after lib.sh and faults_lib.sh (records_at). The
# test sets: $log (the log branch), $server (the bare repository), $expected (a file
# that collects every record file a clone held before it synced) and key_of (clone
# name -> GnuPG key). Clone X lives in $work/X.

# server_log / log_of X: the log branch's tip on the server / in clone X.
server_log() { git -C "$server" rev-parse "$log"; }
log_of() { git -C "$work/$1" rev-parse "$log"; }

# remember X: the records clone X holds now must all reach the server.
remember() {
  records_at "$work/$1" "$log" >>"$expected"
}

# rec X ARGS…: a recording command in clone X, signed by its person; must succeed.
rec() {
  local x=$1
  shift
  cd "$work/$x" || fatal "no clone $x"
  expect_exit 0 runbook "$@" --key "${key_of[$x]}"
}
