#!/usr/bin/env bash
# Policy in plain words (issue 18), with real keys and signed commits: `policy describe`
# lists each person (roles, fingerprint, status, key expiry read from the key file), who
# may publish, and who may record or approve each step with a role, and warns where a
# step needs more approvers than may give them; `policy diff A [B]` says in sentences
# what a policy change grants or takes away. Every format parses.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com) # every built-in role (runs init)
bob=$(make_key "Bob Recruiter" bob@example.com)
carol=$(make_key "Carol Lead" carol@example.com)
gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "Dave Expiring <dave@example.com>" ed25519 sign 2030-01-15 \
  >/dev/null 2>&1 || fatal "could not make dave's key"
dave=$(gpg --batch --with-colons --list-keys "<dave@example.com>" 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
erin=$(make_key "Erin Old" erin@example.com)
erin2=$(make_key "Erin New" erin.new@example.com)
for person in bob carol dave erin; do
  export_key "${!person}" "$work/$person.asc"
done
export_key "$erin2" "$work/erin2.asc"
git config --global user.email alice@example.com
# The expiry day as GnuPG itself lists it (field 7 of the primary key's line).
expiry_ts=$(gpg --batch --with-colons --list-keys "$dave" 2>/dev/null | awk -F: '$1 == "pub" { print $7; exit }')
dave_expires=$(date -u -d "@$expiry_ts" +%F)

a="$work/alice"
{
  runbook init "$a" --key "$alice" && cd "$a" &&
    runbook keys add bob "$work/bob.asc" --roles operator --key "$alice" &&
    runbook keys add carol "$work/carol.asc" --roles operator,approver --key "$alice" &&
    runbook keys add erin "$work/erin.asc" --roles author --key "$alice" &&
    runbook keys grant bob recruiter --describe "Talks to candidates" --key "$alice" &&
    runbook keys grant bob hiring-committee --describe "Signs offers" --key "$alice"
} >/dev/null 2>&1 || fatal "setting up (init, keys add, keys grant) failed"

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
    role: recruiter
  - id: "2"
    title: Write the offer
    do: Write the offer letter from the template.
  - id: "3"
    title: Sign the offer
    do: Sign the offer letter.
    approval:
      role: hiring-committee
      count: 2
YAML
runbook publish hiring -m "How we hire" --key "$alice" >/dev/null 2>&1 && true # warns: one committee member
[[ -n "$(git log -1 --format=%H -- runbooks/hiring/v1.yaml)" ]] || fatal "publishing hiring failed"

# --- describe ----------------------------------------------------------------------------
check "describe warns that step 3 needs 2 approvals from hiring-committee but only bob may give one"
expect_exit 0 runbook policy describe
expect_stdout 'bob — Bob Recruiter <bob@example.com>, active'
expect_stdout 'roles: operator, hiring-committee, recruiter'
expect_stdout "key: $bob, expires: never"
expect_stdout 'Step 3 "Sign the offer" of hiring needs 2 approvals from hiring-committee: bob  \[cannot be met\]'
expect_stdout 'Step 1 "Call the candidate" of hiring is recorded by someone with the recruiter role: bob$'
expect_stdout 'warning: Step 3 "Sign the offer" of hiring \(v1\) needs 2 distinct people with the hiring-committee role, but only 1 active person can'
expect_stdout 'keys grant PERSON hiring-committee'
expect_stdout 'Any author may publish hiring: alice, erin\.'
expect_stdout 'May approve hiring-committee steps and record them \(team role\) — Signs offers: bob'

check "carol joins the committee: the requirement can be met, with both names"
before_grant=$(git rev-parse HEAD)
expect_exit 0 runbook keys grant carol hiring-committee --key "$alice"
expect_exit 0 runbook policy describe
expect_stdout 'Step 3 "Sign the offer" of hiring needs 2 approvals from hiring-committee: bob, carol$'
expect_no_output 'warning:'

check "policy diff says what the grant gives, in a sentence (B defaults to HEAD)"
expect_exit 0 runbook policy diff "$before_grant"
expect_stdout '^- carol may now approve hiring-committee steps and record them \(team role\)$'
expect_exit 0 runbook policy diff HEAD HEAD
expect_stdout 'nothing: both grant the same people the same rights'

check "a key with an expiry shows the day GnuPG lists, read from the key file; dave joined as operator"
before_dave=$(git rev-parse HEAD)
expect_exit 0 runbook keys add dave "$work/dave.asc" --roles operator --key "$alice"
expect_exit 0 runbook policy describe
expect_stdout "key: $dave, expires: $dave_expires"
expect_exit 0 runbook policy diff "$before_dave" HEAD
expect_stdout "^- dave \\(Dave Expiring\\) joined as operator, key $dave$"

check "a later expiry of the same key (keys update) is said with both days"
before_update=$(git rev-parse HEAD)
gpg --batch --pinentry-mode loopback --passphrase '' --quick-set-expire "$dave" 2031-06-01 >/dev/null 2>&1
export_key "$dave" "$work/dave-later.asc"
later_ts=$(gpg --batch --with-colons --list-keys "$dave" 2>/dev/null | awk -F: '$1 == "pub" { print $7; exit }')
expect_exit 0 runbook keys update dave "$work/dave-later.asc" --key "$alice"
expect_exit 0 runbook policy diff "$before_update"
expect_stdout "^- dave's key now expires on $(date -u -d "@$later_ts" +%F) \\(was $dave_expires\\)$"

check "revoking and retiring are said as such"
before_revoke=$(git rev-parse HEAD)
expect_exit 0 runbook keys revoke bob --key "$alice"
expect_exit 0 runbook keys retire erin --key "$alice"
expect_exit 0 runbook policy diff "$before_revoke"
expect_stdout "^- bob's key was revoked: it signs nothing new and its earlier signatures are flagged$"
expect_stdout '^- erin was retired: signs nothing new, earlier work stays valid$'
check "… and describe now warns again: only carol may approve step 3, nobody may record step 1"
expect_exit 0 runbook policy describe
expect_stdout 'bob — Bob Recruiter <bob@example.com>, revoked'
expect_stdout 'needs 2 distinct people with the hiring-committee role, but only 1 active person can'
expect_stdout 'Step 1 "Call the candidate" of hiring \(v1\) needs an operator with the recruiter role, but no active person can'

check "a new key for a person (an admin's hand-made, signed policy commit) shows both fingerprints"
before_key=$(git rev-parse HEAD)
cp "$work/erin2.asc" .runbook/keys/erin.asc
sed -i "s/$erin/$erin2/" .runbook/policy.yaml
git add .runbook && git -c user.signingkey="$alice" commit -q -S -m "Erin's new key" || fatal "committing erin's new key failed"
expect_exit 0 runbook policy diff "$before_key"
expect_stdout "^- erin's key changed \\(fingerprint $erin → $erin2\\)$"
expect_exit 0 runbook verify

# --- formats -----------------------------------------------------------------------------
check "describe --format json parses and carries people, roles, steps and warnings"
expect_exit 0 runbook policy describe --format json
expect_true "json parses" python3 -m json.tool "$work/.stdout"
expect_eq "$(json_get '[p["key_expires"] for p in j["people"] if p["id"] == "dave"][0]')" \
  "$(date -u -d "@$later_ts" +%F)" "dave's expiry in json"
expect_eq "$(json_get '[s["people"] for s in j["steps"] if s["step"] == "3"][0]')" "['carol']" "who may approve step 3"
expect_eq "$(json_get '[s["can_be_met"] for s in j["steps"] if s["step"] == "3"][0]')" "False" "step 3 can be met"
expect_eq "$(json_get 'len(j["warnings"])')" "2" "warnings"

check "describe --format md is a table of people and lists of rights"
expect_exit 0 runbook policy describe --format md
expect_stdout '^## Policy at HEAD'
expect_stdout '^\| Person \| Name \| Roles \| Status \| Key fingerprint \| Key expires \|$'
expect_stdout "^\\| carol \\| Carol Lead \\| operator, approver, hiring-committee \\| active \\| \`$carol\` \\| never \\|$"
expect_stdout '^- \*\*cannot be met:\*\* Step 3'

check "policy diff --format json and md"
expect_exit 0 runbook policy diff "$before_revoke" --format json
expect_true "json parses" python3 -m json.tool "$work/.stdout"
expect_eq "$(json_get '[c["kind"] for c in j["changes"]]')" "['status-changed', 'status-changed', 'key-changed']" "kinds"
expect_eq "$(json_get 'j["changes"][0]["subject"]')" "bob" "subject"
expect_exit 0 runbook policy diff "$before_revoke" --format md
expect_stdout "^## Policy changes from $before_revoke"

# --- wrong input -------------------------------------------------------------------------
check "a revision that is not a commit, a wrong format, and a commit without a policy are explained"
expect_exit 2 runbook policy diff no-such-branch
expect_stderr '"no-such-branch" \(the older revision\) is not a commit of this repository'
expect_exit 2 runbook policy describe --format xml
expect_exit 2 runbook policy
git init -q "$work/plain" && git -C "$work/plain" commit -q --allow-empty -m "no policy here"
cd "$work/plain"
expect_exit 1 runbook policy describe
expect_stderr 'has no \.runbook/policy\.yaml'
cd "$a"
printf 'not: [valid\n' >.runbook/policy.yaml
git add .runbook/policy.yaml && git -c user.signingkey="$alice" commit -q --no-verify -S -m "A broken policy"
expect_exit 1 runbook policy diff HEAD~1
expect_stderr 'the policy of commit [0-9a-f]+ has problems'
expect_no_output 'terminate|Aborted|what\(\)'

pass
