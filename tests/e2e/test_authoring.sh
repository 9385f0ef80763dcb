#!/usr/bin/env bash
# Writing runbooks: `templates`, `new`, `validate`, `publish`, `list`, `show`, `edit`,
# `diff`; the rules publish enforces (a reason for every change, published files never
# change, no gaps, valid files only, authors only, per-runbook authors) and `edit`
# opening $EDITOR on a terminal.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Operator" bob@example.com)
carol=$(make_key "Carol Author" carol@example.com)
export_key "$bob" "$work/bob.asc"
export_key "$carol" "$work/carol.asc"
git config --global user.email alice@example.com
git config --global user.name "Alice Admin"

repo="$work/repo"
runbook init "$repo" --key "$alice" >/dev/null 2>&1 || fatal "init failed"
cd "$repo"

# nothing_committed_since COMMIT: HEAD did not move and nothing was staged.
nothing_committed_since() {
  expect_eq "$(head_of "$repo")" "$1" "HEAD (nothing may be committed)"
  expect_eq "$(git -C "$repo" diff --cached --name-only)" "" "staged files (nothing may be staged)"
}

# files_of COMMIT: the files a (non-merge) commit changes, one line, sorted.
files_of() {
  git -C "$repo" diff-tree --no-commit-id --name-only -r "$1" | sort | tr '\n' ' '
}

# trailer COMMIT KEY: the value of a Git trailer of the commit's message.
trailer() {
  git -C "$repo" log -1 --format="%(trailers:key=$2,valueonly,separator=%x2C)" "$1" | sed '/^$/d'
}

# An editor that leaves a mark, so we can tell whether `edit` started it.
editor="$work/marking-editor"
cat >"$editor" <<'EOF'
#!/bin/sh
printf '%s\n' '# marked-by-the-test-editor' >>"$1"
EOF
chmod +x "$editor"
unset VISUAL || true

templates=(incident-response compliance-audit marketing-campaign hiring employee-onboarding blank)
onb=runbooks/onboarding/v1.yaml
onb2=runbooks/onboarding/v2.yaml

# --- templates ---------------------------------------------------------------------
check "templates lists the six templates, one line each with a description"
expect_exit 0 runbook templates
for name in "${templates[@]}"; do
  expect_stdout "^$name +[A-Z][^ ].{10,}$"
  expect_eq "$(grep -c "^$name " <<<"$stdout")" 1 "lines for template $name"
done
expect_eq "$(grep -c . <<<"$stdout")" "${#templates[@]}" "number of lines of templates"

# --- new ---------------------------------------------------------------------------
check "new onboarding --template employee-onboarding writes $onb, untracked and uncommitted"
before=$(head_of "$repo")
expect_exit 0 runbook new onboarding --template employee-onboarding --title "Onboarding: the first month"
expect_stdout "^$onb\$"
[[ -f "$onb" ]] || fatal "$onb was not written"
nothing_committed_since "$before"
expect_eq "$(git status --porcelain --untracked-files=all)" "?? $onb" "git status after new"
expect_eq "$(git ls-files runbooks)" "" "tracked files under runbooks/"

check "the new file starts with the schema line and holds id, version 1, the owner alice and the title"
first_line=$(head -n 1 "$onb")
[[ "$first_line" == "# yaml-language-server: \$schema="* ]] || fail "first line is '$first_line'"
schema_ref=${first_line#*\$schema=}
[[ -f "runbooks/onboarding/$schema_ref" ]] ||
  fail "the schema line names $schema_ref, which does not exist relative to $onb"
grep -qx 'id: onboarding' "$onb" || fail "$onb has no 'id: onboarding' line"
grep -qx 'version: 1' "$onb" || fail "$onb has no 'version: 1' line"
grep -qx 'owner: alice' "$onb" || fail "$onb has no 'owner: alice' line"
grep -q '^title: .*Onboarding: the first month' "$onb" || fail "$onb does not carry the title"
! grep -q '__ID__\|__OWNER__\|^# template:' "$onb" || fail "$onb still holds template placeholders"

check "new for an id whose v1 is already in the work tree is refused (exit 1), the file is untouched"
sum=$(sha256sum "$onb")
expect_exit 1 runbook new onboarding --template blank
expect_stderr 'already exists'
expect_eq "$(sha256sum "$onb")" "$sum" "checksum of $onb"

check "a bad runbook id is a usage error (exit 2) and writes nothing"
for bad in Payroll_Change -leading-dash "has space" ../escape "$(printf 'a%.0s' {1..64})"; do
  expect_exit 2 runbook new --template blank -- "$bad"
  expect_stderr 'cannot be a runbook id'
done
expect_eq "$(git status --porcelain --untracked-files=all)" "?? $onb" "git status after bad ids"

check "an unknown template is a usage error (exit 2) that lists the templates"
expect_exit 2 runbook new payroll --template no-such-template
expect_stderr 'no-such-template'
for name in "${templates[@]}"; do
  expect_stderr "$name"
done
[[ ! -e runbooks/payroll ]] || fail "runbooks/payroll was written for an unknown template"

# --- validate ----------------------------------------------------------------------
check "validate with no arguments passes: exit 0 and a summary line with 0 problems"
expect_exit 0 runbook validate
expect_stdout '^[0-9]+ files? checked, 0 problems$'

# --- publish -----------------------------------------------------------------------
check "publish onboarding makes one signed commit holding only $onb"
before=$(head_of "$repo")
expect_exit 0 runbook publish onboarding
expect_stdout '^[0-9a-f]{40}$'
published_v1=$(head_of "$repo")
expect_eq "$stdout" "$published_v1" "printed commit is HEAD"
expect_eq "$(git rev-parse HEAD^)" "$before" "parent of the publish commit"
expect_eq "$(files_of HEAD)" "$onb " "files of the publish commit"
expect_eq "$(git status --porcelain --untracked-files=all)" "" "git status after publish"

check "the publish commit passes git verify-commit (alice) and git runbook verify"
expect_exit 0 git verify-commit --raw HEAD
expect_output "VALIDSIG $alice"
expect_exit 0 runbook verify
expect_stdout ' 0 problems$'

check "the publish message carries the Runbook: and Runbook-Version: trailers"
expect_eq "$(trailer HEAD Runbook)" onboarding "Runbook: trailer"
expect_eq "$(trailer HEAD Runbook-Version)" 1 "Runbook-Version: trailer"

check "new for a published id is refused with exit 1 and points to edit"
expect_exit 1 runbook new onboarding --template blank
expect_stderr 'already exists'
expect_stderr 'git runbook edit onboarding'
expect_eq "$(git status --porcelain --untracked-files=all)" "" "git status after refused new"

# --- list and show -----------------------------------------------------------------
check "list (text) shows id, version, owner and title"
expect_exit 0 runbook list
expect_stdout '^ID +VERSION +OWNER +TITLE$'
expect_stdout '^onboarding +v1 +alice +Onboarding: the first month$'

check "list --format json shows id, title, version and owner"
expect_exit 0 runbook list --format json
expect_eq "$(json_get '[r["id"] for r in j["runbooks"]]')" "['onboarding']" "ids"
expect_eq "$(json_get 'j["runbooks"][0]["title"]')" "Onboarding: the first month" "title"
expect_eq "$(json_get 'j["runbooks"][0]["version"]')" 1 "version"
expect_eq "$(json_get 'j["runbooks"][0]["owner"]')" alice "owner"

check "show --format json parses and matches the file"
expect_exit 0 runbook show onboarding --format json
expect_eq "$(json_get 'j["id"], j["version"], j["owner"]')" "('onboarding', 1, 'alice')" "id, version, owner"
steps=$(json_get 'len(j["steps"])')
expect_eq "$steps" "$(grep -c '^  - id: "' "$onb")" "number of steps"

check "show (text) numbers the steps: Step 1 of N … Step N of N"
expect_exit 0 runbook show onboarding
expect_stdout "^Step 1 of $steps: "
expect_stdout "^Step $steps of $steps: "
expect_stdout 'Onboarding: the first month'

check "show --format yaml prints the published file byte for byte"
runbook show onboarding --format yaml >"$work/shown.yaml" 2>/dev/null || fail "show --format yaml failed"
cmp -s "$work/shown.yaml" "$onb" || fail "show --format yaml differs from $onb"

# --- edit --------------------------------------------------------------------------
check "edit (no terminal, EDITOR set) writes $onb2 with version 2 and an empty change, no editor"
before=$(head_of "$repo")
expect_exit 0 env EDITOR="$editor" timeout 120 "$GIT_RUNBOOK" edit onboarding
expect_stdout "^$onb2\$"
[[ -f "$onb2" ]] || fatal "$onb2 was not written"
grep -qx 'version: 2' "$onb2" || fail "$onb2 has no 'version: 2' line"
grep -qx 'change: ""' "$onb2" || fail "$onb2 has no 'change: \"\"' line"
! grep -q 'marked-by-the-test-editor' "$onb2" || fail "edit started the editor without a terminal"
diff <(grep -v '^version:' "$onb") <(grep -v '^version:\|^change:' "$onb2") >/dev/null ||
  fail "$onb2 is not a copy of $onb apart from version and change"
nothing_committed_since "$before"
expect_eq "$(git status --porcelain --untracked-files=all)" "?? $onb2" "git status after edit"

check "publish with an empty change is refused (exit 1), asking to fill in change; nothing committed"
expect_exit 1 runbook publish onboarding
expect_stderr 'change'
expect_stderr 'fill'
nothing_committed_since "$before"

check "publish with a blank change (only spaces) is refused too; nothing committed"
sed -i 's/^change: ""$/change: "   "/' "$onb2"
expect_exit 1 runbook publish onboarding
expect_stderr 'change'
nothing_committed_since "$before"
if [[ "$(head_of "$repo")" != "$before" ]]; then
  git reset -q "$before" # undo the wrong publish so that the checks below start from v1
fi

# Fill in change, reword step 1, add a new step 2 and renumber the steps after it.
sed -i 's/^change: .*$/change: "IT now orders the laptop before the first day"/' "$onb2"
sed -i 's/create the employee record for <employee_name> from the/create the staff record for <employee_name> using the/' "$onb2"
awk '
  /^  - id: "[0-9]+"$/ {
    n = $0; gsub(/[^0-9]/, "", n); n += 0
    if (n == 2) {
      print "  - id: \"2\""
      print "    title: Order the laptop"
      print "    do: |"
      print "      In the IT portal, order the standard laptop for <employee_name> so"
      print "      that it arrives before <start_date>."
      print "    tool: IT portal"
    }
    if (n >= 2) { print "  - id: \"" (n + 1) "\""; next }
  }
  { print }
' "$onb2" >"$work/v2.tmp" && mv "$work/v2.tmp" "$onb2"

check "validate passes on the filled-in v2"
expect_exit 0 runbook validate "$onb2"
expect_stdout '^1 file checked, 0 problems$'

check "diff onboarding (draft) lists the reworded, added and moved steps"
expect_exit 0 runbook diff onboarding
expect_stdout '^onboarding: changes from v1 to v2 \(not published yet\)$'
expect_stdout '^- Step 1 .*reworded'
expect_stdout '^- Step 2 "Order the laptop" added$'
expect_stdout '^- Step ".*" moved from 2 to 3$'
expect_stdout "^- Step \".*\" moved from $steps to $((steps + 1))\$"
draft_changes=$(grep '^- ' <<<"$stdout")

check "diff onboarding --format json lists the same changes by kind"
expect_exit 0 runbook diff onboarding --format json
expect_eq "$(json_get 'j["runbook"], j["from"], j["to"]')" "('onboarding', 1, 2)" "runbook, from, to"
expect_eq "$(json_get 'sorted(set(c["kind"] for c in j["changes"]))')" \
  "['step-added', 'step-changed', 'step-moved']" "kinds of change"
expect_eq "$(json_get '[c["step"] for c in j["changes"] if c["kind"] == "step-added"]')" "['2']" "added steps"

check "publish v2 commits only $onb2, and its message holds the step-level summary"
before=$(head_of "$repo")
expect_exit 0 runbook publish onboarding
expect_eq "$(git rev-parse HEAD^)" "$before" "parent of the v2 commit"
expect_eq "$(files_of HEAD)" "$onb2 " "files of the v2 commit"
message=$(git log -1 --format=%B)
grep -q 'IT now orders the laptop before the first day' <<<"$message" || fail "the message lacks the change text"
while IFS= read -r line; do
  grep -qxF -- "$line" <<<"$message" || fail "the message lacks the diff line: $line"
done <<<"$draft_changes"
expect_eq "$(trailer HEAD Runbook)" onboarding "Runbook: trailer"
expect_eq "$(trailer HEAD Runbook-Version)" 2 "Runbook-Version: trailer"
expect_exit 0 git verify-commit HEAD
expect_eq "$(git status --porcelain --untracked-files=all)" "" "git status after publishing v2"

check "diff onboarding 1 2 (both published) shows the same changes"
expect_exit 0 runbook diff onboarding 1 2
expect_stdout '^onboarding: changes from v1 to v2$'
expect_eq "$(grep '^- ' <<<"$stdout")" "$draft_changes" "change lines of diff 1 2"

check "diff onboarding 1 2 --format json parses"
expect_exit 0 runbook diff onboarding 1 2 --format json
expect_eq "$(json_get 'j["from"], j["to"], len(j["changes"]) > 0')" "(1, 2, True)" "from, to, any changes"

check "list now shows onboarding at v2"
expect_exit 0 runbook list --format json
expect_eq "$(json_get 'j["runbooks"][0]["version"]')" 2 "version in list"

# --- rules publish enforces --------------------------------------------------------
check "publishing v3 while the published v1 is modified in the work tree is refused; names v1"
runbook edit onboarding >/dev/null 2>&1 || fatal "edit onboarding (v3) failed"
sed -i 's/^change: ""$/change: "A third version"/' runbooks/onboarding/v3.yaml
echo "# sneaky edit" >>"$onb"
before=$(head_of "$repo")
expect_exit 1 runbook publish onboarding
expect_stderr 'onboarding/v1\.yaml'
expect_stderr 'published'
nothing_committed_since "$before"
git checkout -q -- "$onb"

check "with v2 the latest and v4.yaml in the work tree (no v3), publish refuses and names v3"
mv runbooks/onboarding/v3.yaml runbooks/onboarding/v4.yaml
sed -i 's/^version: 3$/version: 4/' runbooks/onboarding/v4.yaml
expect_exit 1 runbook publish onboarding
expect_stderr 'v3|version 3'
nothing_committed_since "$before"
rm runbooks/onboarding/v4.yaml

check "an invalid runbook is refused with file:line:col messages, nothing committed"
runbook new broken --template blank >/dev/null 2>&1 || fatal "new broken failed"
echo "colour: blue" >>runbooks/broken/v1.yaml
bad_line=$(grep -n '^colour: blue$' runbooks/broken/v1.yaml | cut -d: -f1)
expect_exit 1 runbook publish broken
expect_stderr "runbooks/broken/v1\.yaml:$bad_line:[0-9]+: .*colour"
nothing_committed_since "$before"
expect_exit 1 runbook validate runbooks/broken/v1.yaml
expect_stdout "^runbooks/broken/v1\.yaml:$bad_line:[0-9]+: "
expect_stdout '^1 file checked, 1 problem$'
rm -r runbooks/broken

check "bob, only an operator, cannot publish (exit 1, mentions the author role); nothing committed"
runbook keys add bob "$work/bob.asc" --roles operator >/dev/null 2>&1 || fatal "keys add bob failed"
runbook keys add carol "$work/carol.asc" --roles author >/dev/null 2>&1 || fatal "keys add carol failed"
runbook new expenses --template blank --title "Expense claims" >/dev/null 2>&1 || fatal "new expenses failed"
before=$(head_of "$repo")
expect_exit 1 runbook publish expenses --key "$bob"
expect_stderr 'author'
nothing_committed_since "$before"

check "an admin narrows onboarding to alice in the policy by hand (git commit -S); verify accepts it"
printf 'runbooks:\n  onboarding:\n    authors: [alice]\n' >>.runbook/policy.yaml
git add .runbook/policy.yaml
expect_exit 0 git commit -q -S -m "Only alice writes the onboarding runbook"
expect_exit 0 git verify-commit HEAD
expect_exit 0 runbook verify
expect_stdout ' 0 problems$'

check "carol (an author, but not of onboarding) cannot publish onboarding v3: exit 1, nothing committed"
runbook edit onboarding >/dev/null 2>&1 || fatal "edit onboarding failed"
sed -i 's/^change: ""$/change: "Carol tries a change"/' runbooks/onboarding/v3.yaml
before=$(head_of "$repo")
expect_exit 1 runbook publish onboarding --key "$carol"
expect_stderr 'carol'
expect_stderr 'only alice'
nothing_committed_since "$before"

check "carol can still publish a runbook that is not narrowed (expenses), signed by her"
expect_exit 0 runbook publish expenses --key "$carol"
expect_exit 0 git verify-commit --raw HEAD
expect_output "VALIDSIG $carol"
expect_eq "$(files_of HEAD)" "runbooks/expenses/v1.yaml " "files of carol's commit"

check "alice, named in the policy, publishes onboarding v3; verify accepts the whole history"
expect_exit 0 runbook publish onboarding
expect_eq "$(trailer HEAD Runbook-Version)" 3 "Runbook-Version: trailer"
expect_exit 0 runbook verify
expect_stdout ' 0 problems$'

# --- edit on a terminal opens $EDITOR ----------------------------------------------
check "edit on a terminal opens \$EDITOR on the new version file"
if ! command -v script >/dev/null 2>&1; then
  echo "SKIP: \`script\` (util-linux) is not installed, so edit cannot be run on a terminal" >&2
else
  expect_exit 0 env EDITOR="$editor" script -qec "$(quote_command "$GIT_RUNBOOK" edit expenses)" /dev/null
  [[ -f runbooks/expenses/v2.yaml ]] || fatal "edit expenses did not write runbooks/expenses/v2.yaml"
  grep -qx '# marked-by-the-test-editor' runbooks/expenses/v2.yaml ||
    fail "the editor did not run on runbooks/expenses/v2.yaml"
  grep -qx 'version: 2' runbooks/expenses/v2.yaml || fail "runbooks/expenses/v2.yaml has no 'version: 2'"
fi

pass
