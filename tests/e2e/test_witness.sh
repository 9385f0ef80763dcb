#!/usr/bin/env bash
# Witnessed time (issue 18 point 2): a bare server with the hook and a witness key in
# the server's own GnuPG home (not the clients'). Each accepted push gets a checkpoint
# signed by the witness on refs/runbook/checkpoints; `sync` takes them; `verify` checks
# them; `audit` shows each event's claimed time beside its received-by window.
# Pushes go through plain `git push` (libgit2's local transport, which `sync` uses for
# a path remote, runs no hooks), with GNUPGHOME set to the server's home as a server's
# hooks would have it. Hostile: a client pushes to refs/runbook/checkpoints (refused);
# a checkpoint signed by a non-witness (verify reports it, and sync reports the
# server's checkpoints going back afterwards); a server that rewinds its log behind the
# hook's back (verify reports "the server rewound runbook-log"); a witness key the
# server cannot use (the push is accepted with a warning; the next one covers it).
# Nothing depends on timing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Builder" bob@example.com)
export_key "$bob" "$work/bob.asc"
server_home="$work/server-gnupg"
mkdir -m 700 "$server_home"
extra_gnupg_homes+=("$server_home")
witness=$(GNUPGHOME="$server_home" make_key "Runbook Server" server@example.com)
GNUPGHOME="$server_home" export_key "$witness" "$work/server.asc"
git config --global user.email alice@example.com

server="$work/server.git"
a="$work/a"
b="$work/b"
log=runbook-log
ref=refs/runbook/checkpoints
craft_index="$work/craft-index"
git init -q --bare "$server"

# server_push DIR ARGS…: `git push origin ARGS…` from clone DIR, the server's hooks
# running with the server's GnuPG home.
server_push() {
  local dir=$1
  shift
  cd "$dir"
  expect_exit 0 env GNUPGHOME="$server_home" git push origin "$@"
}
checkpoints() { git -C "$1" rev-list --count "$ref" 2>/dev/null || echo 0; }

check "hook install without runbook.witnessKey installs no post-receive"
plain="$work/plain.git"
git init -q --bare "$plain"
expect_exit 0 runbook hook install "$plain"
expect_no_output 'post-receive'
expect_true "no post-receive hook" test ! -e "$plain/hooks/post-receive"

check "hook install with a witness key the server cannot use is refused before anything changes"
git -C "$plain" config runbook.witnessKey "$witness"
expect_exit 3 runbook hook install "$plain"
expect_output 'runbook.witnessKey'
expect_true "still no post-receive hook" test ! -e "$plain/hooks/post-receive"

check "hook install with runbook.witnessKey installs pre-receive and post-receive"
git -C "$server" config runbook.witnessKey "$witness"
expect_exit 0 env GNUPGHOME="$server_home" "$GIT_RUNBOOK" hook install "$server"
expect_output 'installed the post-receive hook'
expect_output 'installed the pre-receive hook'
expect_true "post-receive is executable" test -x "$server/hooks/post-receive"
expect_true "post-receive runs git-runbook hook post-receive" grep -q 'hook post-receive' "$server/hooks/post-receive"
expect_eq "$(wc -l < <(grep -v '^#' "$server/hooks/post-receive"))" 3 "lines of the shim besides its comment"

check "the policy gives the server's key the witness role; the first push gets a checkpoint"
{
  runbook init "$a" --key "$alice" &&
    cd "$a" &&
    runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice" &&
    runbook keys add server "$work/server.asc" --roles witness --key "$alice" &&
    runbook new onboarding --template employee-onboarding && without_training runbooks/onboarding/v1.yaml &&
    runbook publish onboarding --key "$alice" &&
    git remote add origin "$server"
} >/dev/null 2>&1 || fatal "setting up clone A (init, keys add, new, publish) failed"
expect_true "the policy lists the witness role" grep -q 'witness' "$a/.runbook/policy.yaml"
server_push "$a" main
expect_output 'the server witnessed this push'
expect_eq "$(checkpoints "$server")" 1 "checkpoints on the server"
expect_eq "$(git -C "$server" show "$ref:checkpoint.yaml" | grep -c '"main": ')" 1 "main named in the checkpoint"
git clone -q "$server" "$b" 2>/dev/null || fatal "git clone of the server failed"
git -C "$b" config user.email bob@example.com

check "two clones record and push: one checkpoint per push, one line, each naming main and the log"
cd "$a"
run=$(runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
  --input "manager=Mo Manager" --input work_location=Hybrid --key "$alice" 2>/dev/null) || fatal "start failed"
server_push "$a" "$log"
expect_output 'the server witnessed this push'
cd "$b"
expect_exit 0 runbook sync --key "$bob"
expect_stderr "took the server's checkpoints"
expect_eq "$(git rev-parse "$ref")" "$(git -C "$server" rev-parse "$ref")" "B's checkpoints"
expect_exit 0 runbook note "$run" "Welcome mail sent." --key "$bob"
server_push "$b" "$log"
expect_eq "$(checkpoints "$server")" 3 "checkpoints on the server"
expect_eq "$(git -C "$server" rev-list --min-parents=2 "$ref" | wc -l)" 0 "merges in the checkpoint chain"
expect_eq "$(git -C "$server" show "$ref:checkpoint.yaml" | sed -n 's/^  "runbook-log": "\(.*\)"$/\1/p')" \
  "$(git -C "$server" rev-parse "$log")" "the latest checkpoint's log tip"
expect_true "git verify-commit accepts the checkpoint (server keyring)" \
  env GNUPGHOME="$server_home" git -C "$server" verify-commit "$ref"

check "sync takes the checkpoints; verify passes and says what was witnessed"
cd "$a"
expect_exit 0 runbook sync --key "$alice"
expect_eq "$(git rev-parse "$ref")" "$(git -C "$server" rev-parse "$ref")" "A's checkpoints"
expect_exit 0 runbook verify --no-cache
expect_stdout 'witnessed: 3 of 3 server checkpoints signed by a witness'
expect_stdout '2 of 2 log commits received'
expect_exit 0 runbook verify --format json
expect_eq "$(json_get 'j["witness"]["trusted_checkpoints"]')" 3 "trusted checkpoints (json)"

check "audit shows the claimed time and the witnessed window side by side, no time flags"
expect_exit 0 runbook audit --format json
expect_eq "$(json_get 'all(e["received"]["by"] for r in j["runs"] for e in r["events"])')" True "every event received by a checkpoint"
expect_eq "$(json_get 'sum(1 for r in j["runs"] for e in r["events"] if e["received"]["needs_a_look"])')" 0 "time flags"
expect_exit 0 runbook audit --format md
expect_stdout '\| When \(UTC\) \| Received by the server \(witnessed\) \|'
expect_stdout 'received (by|between) [0-9]{4}-[0-9]{2}-[0-9]{2}'
expect_exit 0 runbook audit --format csv
expect_stdout ',received_after,received_by,time_needs_a_look$'
expect_exit 0 runbook audit --format html
expect_stdout '<th>Received by the server \(witnessed\)</th>'

check "a push the witness cannot sign is accepted with a warning; the next push's checkpoint covers it"
cd "$a"
expect_exit 0 runbook note "$run" "Laptop ordered." --key "$alice"
expect_exit 0 git push origin "$log" # the clients' GnuPG home: no witness key there
expect_output 'push was accepted, but the server could not sign a checkpoint'
expect_eq "$(git -C "$server" rev-parse "$log")" "$(git rev-parse "$log")" "the server took the push"
expect_eq "$(checkpoints "$server")" 3 "checkpoints on the server"
expect_exit 0 runbook note "$run" "Badge printed." --key "$alice"
server_push "$a" "$log"
expect_eq "$(checkpoints "$server")" 4 "checkpoints on the server"
expect_exit 0 runbook sync --key "$alice"
expect_exit 0 runbook verify
expect_stdout '4 of 4 log commits received'

check "a client's push to refs/runbook/checkpoints is refused"
cd "$a"
craft_from none
craft_text checkpoint.yaml "$(git show "$ref:checkpoint.yaml" | sed 's/^at: .*/at: "2030-01-01T00:00:00.000Z"/')"
own=$(craft_commit "$alice" "Checkpoint" "$(git rev-parse "$ref")")
before=$(git -C "$server" rev-parse "$ref")
expect_exit nonzero env GNUPGHOME="$server_home" git push origin "$own:$ref"
expect_output 'only the server writes it'
expect_eq "$(git -C "$server" rev-parse "$ref")" "$before" "the server's checkpoints"

check "a checkpoint signed by a non-witness: verify reports it"
cd "$server"
good=$(git rev-parse "$ref")
craft_from none
craft_text checkpoint.yaml "$(git show "$ref:checkpoint.yaml" | sed 's/^at: .*/at: "2030-01-01T00:00:00.000Z"/')"
forged=$(craft_commit "$bob" "Checkpoint" "$good")
git update-ref "$ref" "$forged" "$good"
cd "$b"
expect_exit 0 runbook sync --key "$bob"
expect_eq "$(git rev-parse "$ref")" "$forged" "B took the forged checkpoint (a fast-forward)"
expect_exit 1 runbook verify
expect_stdout 'checkpoint-not-witness'
expect_stdout 'signed by bob'

check "the server's checkpoints going back are reported by sync, not taken"
git -C "$server" update-ref "$ref" "$good" "$forged"
cd "$b"
expect_exit 1 runbook sync --key "$bob"
expect_stderr 'do not continue the ones this clone holds'
expect_eq "$(git rev-parse "$ref")" "$forged" "B kept its checkpoints"
expect_eq "$(git rev-parse "refs/runbook/fetched-checkpoints/origin")" "$good" "the server's, kept aside"

check "a server that rewinds its log behind the hook's back: verify reports it"
rewound_to=$(git -C "$server" rev-parse "$log~2")
git -C "$server" update-ref "refs/heads/$log" "$rewound_to"
# The server's hook, at the next push, writes a checkpoint of the rewound log.
expect_exit 0 env GNUPGHOME="$server_home" GIT_DIR="$server" "$GIT_RUNBOOK" hook post-receive
expect_eq "$(checkpoints "$server")" 5 "checkpoints on the server"
cd "$a"
expect_exit 0 git fetch -q origin "+$ref:$ref"
expect_exit 1 runbook verify
expect_stdout 'server-rewound'
expect_stdout 'the server rewound runbook-log'

pass
