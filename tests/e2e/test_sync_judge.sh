#!/usr/bin/env bash
# `git runbook sync` judges with the server's own judge (issue 19 point 5, DESIGN §8):
# records fetched from a remote are judged before this clone takes them (a record
# forged past the server's hook is refused, and never re-signed); a remote whose log
# was rewritten is refused, keeping every local record; and to a path remote, where no
# hook runs, nothing the hook would refuse is written.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Builder" bob@example.com)
mallory=$(make_key "Mallory Outsider" mallory@example.com)
export_key "$bob" "$work/bob.asc"
git config --global user.email alice@example.com

server="$work/server.git" # a path remote: no hook runs there
a="$work/a"
b="$work/b"
log=runbook-log
git init -q --bare "$server"
{
  runbook init "$a" --key "$alice" &&
    cd "$a" &&
    runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice" &&
    runbook new onboarding --template employee-onboarding && without_training runbooks/onboarding/v1.yaml &&
    runbook publish onboarding --key "$alice" &&
    git remote add origin "$server" &&
    git push -q origin main &&
    run=$(runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
      --input "manager=Mo Manager" --input work_location=Hybrid --key "$alice") &&
    runbook sync --key "$alice"
} >/dev/null 2>&1 || fatal "setting up clone A and the server (init, publish, a run, sync) failed"
git clone -q "$server" "$b" 2>/dev/null || fatal "git clone of the server failed"
git -C "$b" config user.email bob@example.com
(cd "$b" && runbook sync --key "$bob") >/dev/null 2>&1 || fatal "B's first sync failed"

# forge_on_server KEY BY TEXT: a note in $run, claiming to be by BY, signed by KEY, put on
# the server's log directly (as someone with write access to the server's disk could).
forge_on_server() {
  local evil="$work/evil" start file
  rm -rf "$evil"
  git clone -q "$server" "$evil" 2>/dev/null && cd "$evil" && git checkout -q "$log" 2>/dev/null ||
    fatal "cloning the server to forge a record failed"
  start=$(git ls-tree -r --name-only HEAD runs | grep -- '-start-' | head -1)
  file="$(dirname "$start")/$(date -u +%Y%m%dT%H%M%SZ)-note-$(printf '%04x' $((RANDOM % 65536))).yaml"
  write_record "$file" "$run" "$(sed -n 's/^version: //p' "$start")" \
    "$(sed -n 's/^runbook_blob: "\(.*\)"$/\1/p' "$start")" "$(sed -n 's/^source_commit: "\(.*\)"$/\1/p' "$start")" \
    note "" "" "$2" "note: \"$3\""
  git add "$file" && git -c user.signingkey="$1" commit -q -S"$1" -m "note by $2" &&
    git push -q origin "$log" 2>/dev/null || fatal "forging a record on the server failed"
}

check "a record forged on the server (signed by an outsider, claiming to be bob) is not taken, and not re-signed"
forge_on_server "$mallory" bob "Forged by mallory"
forged_tip=$(git -C "$server" rev-parse "$log")
cd "$b"
expect_exit 0 runbook note "$run" "Bob's own note" --key "$bob"
before=$(git rev-parse "$log")
expect_exit 1 runbook sync --key "$bob"
expect_stderr "origin's log holds records that its own rules refuse, so none of them was taken here"
expect_stderr 'unknown-signer'
expect_stderr 'every record made here stays'
expect_eq "$(git rev-parse "$log")" "$before" "B's $log (its own note kept, nothing taken)"
expect_eq "$(git -C "$server" rev-parse "$log")" "$forged_tip" "the server's $log (nothing sent)"
if grep -q "Forged by mallory" <<<"$(git log --format=%B "$log")"; then
  fail "the forged record reached B's log"
fi

check "once the forged record is gone, B's note is sent"
git -C "$server" update-ref "refs/heads/$log" "$forged_tip~1"
expect_exit 0 runbook sync --key "$bob"
expect_stderr 'sent to origin'
grep -q "Bob's own note" <<<"$(git -C "$server" log --format=%B "$log")" || fail "bob's note did not reach the server"

check "a server whose log was rewritten (bob's note taken out) is refused; every record here stays"
before=$(git rev-parse "$log")
git -C "$server" update-ref "refs/heads/$log" "$(git -C "$server" rev-parse "$log~1")"
expect_exit 0 runbook note "$run" "Bob's second note" --key "$bob"
mine=$(git rev-parse "$log")
expect_exit 1 runbook sync --key "$bob"
expect_stderr "origin's log branch was rewritten: it no longer holds the records it held when this clone last synced"
expect_stderr 'every record here stays'
expect_eq "$(git rev-parse "$log")" "$mine" "B's $log"
expect_true "B's log still holds the note the server lost" git merge-base --is-ancestor "$before" "$log"
git -C "$server" update-ref "refs/heads/$log" "$before" # the admin restores it
expect_exit 0 runbook sync --key "$bob"
expect_stderr 'sent to origin'

check "to a path remote (no hook runs there), a run started on a version that was never published is not sent"
# Recording refuses this, so the record is written by hand, signed by alice as the tool
# would; sync's own replay passes it (it is alice's, and fits the runbook it names), but
# the hook's judge refuses it, and nothing reaches the folder remote.
cd "$a"
expect_exit 0 runbook sync --key "$alice"
git checkout -q "$log" 2>/dev/null || fatal "checking out the log in A failed"
start=$(git ls-tree -r --name-only HEAD runs | grep -- '-start-' | head -1)
draft=$(git show "main:runbooks/onboarding/v1.yaml" | sed 's/^title: .*/title: Onboarding (draft)/' | git hash-object -w --stdin)
other_run="${run%-*}-beef"
file="$(dirname "$(dirname "$start")")/$other_run/$(date -u +%Y%m%dT%H%M%SZ)-start-beef.yaml"
mkdir -p "$(dirname "$file")"
sed -e "s/^run: .*/run: \"$other_run\"/" -e "s/^runbook_blob: .*/runbook_blob: \"$draft\"/" "$start" >"$file"
git add "$file" && git -c user.signingkey="$alice" commit -q -S"$alice" -m "start $other_run by alice" ||
  fatal "writing the start record failed"
git checkout -q main
server_before=$(git -C "$server" rev-parse "$log")
expect_exit 1 runbook sync --key "$alice"
expect_stderr 'is a folder on this machine, where no server hook runs'
expect_stderr 'not-published'
expect_eq "$(git -C "$server" rev-parse "$log")" "$server_before" "the server's $log"
git reset -q --hard && git update-ref "refs/heads/$log" "$server_before" # A drops that record

check "to a path remote, an unsigned commit that is not a record is not sent either: it is kept aside here"
git checkout -q "$log" 2>/dev/null || fatal "checking out the log in A failed"
printf 'not a record\n' >NOTES.md
git add NOTES.md && git -c commit.gpgsign=false commit -q -m "A note outside runs/" || fatal "committing failed"
stray=$(git rev-parse HEAD)
git checkout -q main
expect_exit 1 runbook sync --key "$alice"
expect_stderr "commit ${stray:0:10} does not add exactly one record, so it cannot be sent"
expect_stderr "kept under refs/runbook/unsent/commit-${stray:0:10}"
expect_eq "$(git -C "$server" rev-parse "$log")" "$server_before" "the server's $log"
expect_eq "$(git rev-parse "$log")" "$server_before" "A's $log (the stray commit taken off it)"
git update-ref -d "refs/runbook/unsent/commit-${stray:0:10}" # A drops that commit

check "a main forged on the server (mallory makes herself admin) is not taken: no record is judged by it"
evil="$work/evil-main"
rm -rf "$evil"
git clone -q "$server" "$evil" 2>/dev/null || fatal "cloning the server to forge main failed"
export_key "$mallory" "$evil/.runbook/keys/mallory.asc"
printf '  mallory:\n    name: Mallory Outsider\n    email: mallory@example.com\n    key: ".runbook/keys/mallory.asc"\n    fingerprint: %s\n    roles: [admin, author, operator, approver]\n' \
  "$mallory" >>"$evil/.runbook/policy.yaml"
(cd "$evil" && git add -A && git -c user.signingkey="$mallory" commit -q -S"$mallory" -m "Add mallory" &&
  git push -q origin main 2>/dev/null) || fatal "forging main on the server failed"
forged_main=$(git -C "$server" rev-parse main)
cd "$b"
main_before=$(git rev-parse main)
log_before=$(git rev-parse "$log")
expect_exit 0 runbook note "$run" "Bob's third note" --key "$bob"
mine=$(git rev-parse "$log")
expect_exit 1 runbook sync --key "$bob"
expect_stderr "origin's main branch holds commits that its own rules refuse, so no record was taken or sent"
expect_stderr "commit ${forged_main:0:7}"
expect_stderr 'Every record made here stays'
expect_eq "$(git rev-parse main)" "$main_before" "B's main"
expect_eq "$(git rev-parse "$log")" "$mine" "B's $log (its note kept)"
git -C "$server" update-ref refs/heads/main "$forged_main~1" # the admin restores it
expect_exit 0 runbook sync --key "$bob"
expect_stderr 'sent to origin'

pass
