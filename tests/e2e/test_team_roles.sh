#!/usr/bin/env bash
# Team roles (issue 17), with real keys, a real server and its hook: an admin declares
# the team's own roles and grants and takes them (`keys grant|ungrant`, each a signed
# commit); a step for a team role is refused for someone without it by the tool, by
# the server's hook when a hand-made record is pushed past the tool, and by `verify`
# alike; `approval: {role, count: 2}` needs two distinct people of the role, neither
# the performer.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com) # every built-in role (runs init)
bob=$(make_key "Bob Commander" bob@example.com)   # operator; incident-commander
carol=$(make_key "Carol Deputy" carol@example.com) # operator; incident-commander
dave=$(make_key "Dave Expert" dave@example.com)   # operator; subject-matter-expert
erin=$(make_key "Erin Newcomer" erin@example.com) # not in the policy
for person in bob carol dave erin; do
  export_key "${!person}" "$work/$person.asc"
done
git config --global user.email alice@example.com

server="$work/server.git"
a="$work/alice"
log=runbook-log
craft_index="$work/craft.index"

git init -q --bare "$server"
{
  runbook hook install "$server" &&
    runbook init "$a" --key "$alice" && cd "$a" && git remote add origin "file://$server" &&
    runbook keys add bob "$work/bob.asc" --roles operator --key "$alice" &&
    runbook keys add carol "$work/carol.asc" --roles operator --key "$alice" &&
    runbook keys add dave "$work/dave.asc" --roles operator --key "$alice"
} >/dev/null 2>&1 || fatal "setting up (hook install, init, keys add) failed"

# --- declaring, granting, taking ------------------------------------------------------
check "keys add with a team role that is not declared says how to declare it"
expect_exit 2 runbook keys add erin "$work/erin.asc" --roles operator,scribe --key "$alice"
expect_stderr 'does not declare the role "scribe"'
expect_stderr 'keys grant erin scribe --describe'

check "keys grant of an undeclared role without --describe says how to declare it"
expect_exit 2 runbook keys grant bob incident-commander --key "$alice"
expect_stderr 'does not declare the role "incident-commander"'
expect_stderr 'git runbook keys grant bob incident-commander --describe "what the role does"'

check "keys grant --describe declares the role and grants it in one signed commit"
before=$(git rev-parse HEAD)
expect_exit 0 runbook keys grant bob incident-commander --describe "Leads the incident" --key "$alice"
expect_stderr 'declared the team role incident-commander \(Leads the incident\)'
expect_stderr 'bob now has the roles operator, incident-commander'
expect_eq "$(git rev-parse HEAD^)" "$before" "the grant's parent"
expect_true "the grant is signed" git verify-commit HEAD
expect_true "the policy declares it" grep -q 'name: incident-commander' .runbook/policy.yaml
expect_eq "$(git log -1 --format=%s)" "Grant bob the role incident-commander" "the commit's subject"

check "more grants: carol incident-commander, dave subject-matter-expert (declared), alice scribe"
expect_exit 0 runbook keys grant carol incident-commander --key "$alice"
expect_exit 0 runbook keys grant dave subject-matter-expert --describe "Knows a system and fixes it" --key "$alice"
expect_exit 0 runbook keys grant alice scribe --describe "Keeps the timeline" --key "$alice"

check "granting a role someone holds, taking one they lack, and leaving no admin are refused"
expect_exit 1 runbook keys grant bob incident-commander --key "$alice"
expect_stderr 'bob already has the role "incident-commander"'
expect_exit 1 runbook keys ungrant dave incident-commander --key "$alice"
expect_stderr 'dave does not have the role "incident-commander"'
expect_exit 1 runbook keys ungrant alice admin --key "$alice"
expect_stderr 'alice is the last active admin'
expect_exit 2 runbook keys grant bob "Incident Commander" --key "$alice"
expect_stderr 'cannot be a role'

check "only an admin grants roles"
expect_exit 1 runbook keys grant bob approver --key "$bob"
expect_stderr 'only an admin may change who may do what'

check "keys ungrant takes a role away (and keeps it declared)"
expect_exit 0 runbook keys ungrant alice scribe --key "$alice"
expect_stderr 'alice now has the roles admin, author, operator, approver\.'
expect_true "scribe stays declared" grep -q 'name: scribe' .runbook/policy.yaml
expect_exit 0 runbook keys list --format json
expect_stdout '"incident-commander"'
expect_exit 0 runbook keys list
expect_stdout 'roles: operator, subject-matter-expert'

# --- runbooks that name roles ------------------------------------------------------------
write_runbook() { # write_runbook ID STEP-2-ROLE
  mkdir -p "runbooks/$1"
  cat >"runbooks/$1/v1.yaml" <<YAML
id: $1
version: 1
title: Major incident
owner: alice
summary: Run a major incident.
steps:
  - id: "1"
    title: Take command
    do: Say on the call that you lead the incident.
    role: incident-commander
  - id: "2"
    title: Carry out the fix
    do: Roll back the change.
    role: $2
    approval:
      role: incident-commander
      count: 2
  - id: "3"
    title: Close the call
    do: Thank everyone.
YAML
}

check "validate and publish refuse a role the policy does not declare, at its line and column"
write_runbook typo subject-mater-expert
expect_exit 1 runbook validate runbooks/typo/v1.yaml
expect_stdout 'runbooks/typo/v1.yaml:14:11: .*the role "subject-mater-expert", which the policy does not declare'
expect_exit 1 runbook publish typo -m "A typo" --key "$alice"
expect_stderr 'does not declare'
rm -rf runbooks/typo

check "a declared role that nobody holds is refused too (scribe was taken away)"
write_runbook nobody scribe
expect_exit 1 runbook validate runbooks/nobody/v1.yaml
expect_stdout 'runbooks/nobody/v1.yaml:14:11: .*"scribe", which no active person holds'
rm -rf runbooks/nobody

check "a runbook with team roles and a two-person approval is published and pushed"
write_runbook incident subject-matter-expert
expect_exit 0 runbook validate runbooks/incident/v1.yaml
expect_exit 0 runbook publish incident -m "How we run incidents" --key "$alice"
expect_exit 0 runbook show incident
expect_stdout 'Approval by: incident-commander \(2 people\)'
expect_exit 0 git push origin main
expect_stderr 'accepted'

check "alice starts a run; dave may not take command: he lacks incident-commander"
run=$(runbook start incident --key "$alice" 2>/dev/null) || fatal "start failed"
expect_exit 1 runbook step "$run" 1 --outcome done --key "$dave"
expect_stderr 'recording step 1 needs the incident-commander role, which dave does not have'
expect_stderr 'keys grant dave incident-commander'
expect_exit 0 git push origin "$log"

# --- past the tool: a hand-made record on the server ---------------------------------------
day=${run#incident-}
run_dir="runs/${day:0:4}/${day:4:2}/${day:6:2}/$run"
start_record=$(git show "$log:$(git ls-tree -r --name-only "$log" -- "$run_dir" | grep -- '-start-')")
field() { sed -n "s/^$1: \"\{0,1\}\([^\"]*\)\"\{0,1\}\$/\1/p" <<<"$start_record"; }
check "the server's hook refuses dave's hand-made record of step 1, and verify agrees"
{
  echo "run: \"$run\""
  echo "runbook: \"incident\""
  echo "version: 1"
  echo "runbook_blob: \"$(field runbook_blob)\""
  echo "source_commit: \"$(field source_commit)\""
  echo "event: \"step\""
  echo "step: \"1\""
  echo "outcome: \"done\""
  echo "by: \"dave\""
  echo "at: \"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\""
} >"$work/record.yaml"
tip=$(git rev-parse "$log")
craft_from "$tip"
craft_add "$run_dir/$(date -u +%Y%m%dT%H%M%SZ)-step-1-d0d0.yaml" "$work/record.yaml"
forged=$(craft_commit "$dave" "step 1 of $run: done" "$tip")
expect_exit 1 git push origin "$forged:refs/heads/$log"
expect_stderr 'remote: .*\[record-rule\]'
expect_stderr 'needs the incident-commander role, which dave does not have'
expect_eq "$(git -C "$server" rev-parse "$log")" "$tip" "the server's log"
copy="$work/verify-copy.git"
cp -a "$server" "$copy"
rm -rf "$copy/hooks"
git push -q --force "$copy" "$forged:refs/heads/$log" >/dev/null 2>&1 || fatal "could not give the copy the record"
cd "$copy"
expect_exit 1 runbook verify
expect_stdout '^problem: .*\[record-rule\]'
expect_output 'needs the incident-commander role, which dave does not have'
cd "$a"

# --- two-person approval -------------------------------------------------------------------
check "bob takes command, dave carries out the fix; the run waits for two approvals"
expect_exit 0 runbook step "$run" 1 --outcome done --key "$bob"
expect_exit 0 runbook step "$run" 2 --outcome done --note "rolled back" --key "$dave"
expect_stderr 'needs approval by 2 people with the incident-commander role'
expect_exit 0 runbook status "$run"
expect_stdout 'waits for 2 more approvals from incident-commander'

check "hostile approvals: the performer, someone without the role"
expect_exit 1 runbook approve "$run" 2 --key "$dave"
expect_stderr 'dave recorded step 2 and cannot also approve it'
expect_exit 1 runbook approve "$run" 2 --key "$alice"
expect_stderr 'approving step 2 needs the incident-commander role, which alice does not have'

check "bob approves: one more is needed; bob again is refused; the run does not go on"
expect_exit 0 runbook approve "$run" 2 --key "$bob"
expect_stderr 'waits for 1 more approval from incident-commander'
expect_exit 1 runbook approve "$run" 2 --key "$bob"
expect_stderr 'bob already approved step 2; each person approves once'
expect_exit 1 runbook step "$run" 3 --outcome done --key "$alice"
expect_stderr 'step 2 waits for 1 more approval from incident-commander'
expect_exit 0 runbook status "$run"
expect_stdout 'approved by bob; waits for 1 more approval from incident-commander'

check "carol approves: step 2 is approved by two people and the run goes on"
expect_exit 0 runbook approve "$run" 2 --key "$carol"
expect_exit 0 runbook status "$run" --format json
expect_stdout '"approvals_needed": 2'
expect_exit 0 runbook status "$run"
expect_stdout 'approved by bob and carol'
expect_exit 0 runbook step "$run" 3 --outcome done --key "$alice"
expect_exit 0 runbook finish "$run" --outcome completed --key "$alice"

check "the server accepts the run and the policy changes; verify agrees on a fresh clone"
expect_exit 0 git push origin main "$log"
expect_stderr 'accepted'
git clone -q "file://$server" "$work/fresh" 2>/dev/null
cd "$work/fresh"
git fetch -q origin "$log:$log" 2>/dev/null || true
expect_exit 0 runbook verify
cd "$a"

check "keys ungrant carol incident-commander: a signed commit the server accepts"
expect_exit 0 runbook keys ungrant carol incident-commander --key "$alice"
expect_eq "$(git log -1 --format=%s)" "Take the role incident-commander from carol" "the commit's subject"
expect_exit 0 git push origin main
expect_stderr 'accepted'

pass
