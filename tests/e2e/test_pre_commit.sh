#!/usr/bin/env bash
# The pre-commit hook that `git runbook init` installs: with plain `git commit` it refuses
# changing, removing or renaming a published version, skipping a number and invalid
# runbooks; it lets drafts on review branches change freely; "published" includes what
# the upstream of a protected branch holds.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

alice=$(make_key "Alice Admin" alice@example.com)
git config --global user.email alice@example.com
git config --global user.name "Alice Admin"

repo="$work/repo"
runbook init "$repo" --key "$alice" >/dev/null 2>&1 || fatal "init failed"
cd "$repo"
init_commit=$(head_of "$repo")
v1=runbooks/onboarding/v1.yaml
v2=runbooks/onboarding/v2.yaml

# A small valid runbook: write_runbook FILE ID VERSION [TITLE].
write_runbook() {
  local file=$1 id=$2 version=$3 title=${4:-"Onboard a new employee"}
  mkdir -p "$(dirname "$file")"
  {
    echo "# yaml-language-server: \$schema=../../.runbook/schemas/runbook.schema.json"
    echo "id: $id"
    echo "version: $version"
    if ((version > 1)); then
      echo "change: Version $version makes the steps clearer"
    fi
    echo "title: $title"
    echo "owner: alice"
    echo "summary: What to do when someone joins the company."
    echo "steps:"
    echo "  - id: \"1\""
    echo "    title: Create the accounts"
    echo "    do: Create the e-mail and chat accounts in the admin console."
    echo "  - id: \"2\""
    echo "    title: Welcome them"
    echo "    do: Send the welcome e-mail template \"welcome\" with Gmail."
  } >"$file"
}

# expect_refused_commit FILE-NAMED-IN-MESSAGE cmd…: the commit fails, says why
# naming the file, and HEAD does not move.
expect_refused_commit() {
  local named=$1 head_before
  shift
  head_before=$(head_of "$repo_under_test")
  expect_exit nonzero "$@"
  expect_output "$named"
  expect_output 'refused'
  expect_eq "$(head_of "$repo_under_test")" "$head_before" "HEAD (the commit must not be made)"
}
repo_under_test=$repo

# back_to_head: drop staged and work-tree changes of tracked files, remove untracked ones.
back_to_head() {
  git reset -q --hard HEAD
  git clean -q -fd
}

check "init installed an executable .git/hooks/pre-commit that runs git-runbook"
hook=.git/hooks/pre-commit
[[ -x "$hook" ]] || fatal "$hook is missing or not executable"
grep -q 'hook pre-commit' "$hook" || fail "$hook does not run \`git-runbook hook pre-commit\`"

runbook new onboarding --template blank --title "Onboard a new employee" >/dev/null 2>&1 || fatal "new failed"
runbook publish onboarding >/dev/null 2>&1 || fatal "publish failed"
published_v1=$(head_of "$repo")

check "modifying published v1 and \`git commit -a\` is refused, naming the file and \`git runbook edit\`"
echo "# a small change" >>"$v1"
expect_refused_commit "$v1" git commit -q -a -m "Change v1 in place"
expect_output 'git runbook edit onboarding'
expect_output 'published'
back_to_head

check "modifying published v1, \`git add\` and \`git commit\` is refused"
sed -i 's/^title: .*/title: Something else/' "$v1"
git add "$v1"
expect_refused_commit "$v1" git commit -q -m "Retitle v1"
expect_output 'git runbook edit onboarding'
back_to_head

check "a partial commit (\`git commit -- $v1\`, a temporary index) of a changed v1 is refused"
echo "# a small change" >>"$v1"
echo "notes" >NOTES.md
git add NOTES.md
expect_refused_commit "$v1" git commit -q -m "Only the file" -- "$v1"
back_to_head

check "\`git rm\` of published v1 is refused"
git rm -q "$v1"
expect_refused_commit "$v1" git commit -q -m "Remove v1"
expect_output 'removed|renamed'
back_to_head

check "\`git mv\` of published v1 to v9 is refused"
git mv "$v1" runbooks/onboarding/v9.yaml
expect_refused_commit "$v1" git commit -q -m "Rename v1"
back_to_head

check "adding v3 when only v1 is published (v2 skipped) is refused, naming v3 and the missing v2"
write_runbook runbooks/onboarding/v3.yaml onboarding 3
git add runbooks/onboarding/v3.yaml
expect_refused_commit 'runbooks/onboarding/v3\.yaml' git commit -q -m "Add v3"
expect_output 'version 2|v2'
back_to_head

check "adding an invalid runbook is refused with file:line:col"
write_runbook runbooks/broken/v1.yaml broken 1 "Broken"
echo "colour: blue" >>runbooks/broken/v1.yaml
bad_line=$(grep -n '^colour: blue$' runbooks/broken/v1.yaml | cut -d: -f1)
git add runbooks/broken/v1.yaml
expect_refused_commit "runbooks/broken/v1\.yaml:$bad_line:[0-9]+: " git commit -q -m "Add a broken runbook"
back_to_head

check "a file under runbooks/ that is not a version file is refused"
mkdir -p runbooks/onboarding
echo "notes" >runbooks/onboarding/notes.txt
git add runbooks/onboarding/notes.txt
expect_refused_commit 'runbooks/onboarding/notes\.txt' git commit -q -m "Add notes"
back_to_head

check "adding a valid new runbook v1 with plain \`git add\` + \`git commit\` is accepted, signed"
write_runbook runbooks/payroll/v1.yaml payroll 1 "Change someone's pay"
git add runbooks/payroll/v1.yaml
before=$(head_of "$repo")
expect_exit 0 git commit -q -m "Add the payroll runbook"
expect_eq "$(git rev-parse HEAD^)" "$before" "parent of the new commit"
expect_exit 0 git verify-commit --raw HEAD
expect_output "VALIDSIG $alice"

check "git runbook verify accepts the history after the plain commit"
expect_exit 0 runbook verify
expect_stdout ' 0 problems$'

check "a plain commit that leaves runbooks alone (a README) is accepted"
echo "# Runbooks" >README.md
git add README.md
expect_exit 0 git commit -q -m "Add a README"

check "the hook refuses a changed published file also when run by hand: git runbook hook pre-commit"
echo "# a small change" >>"$v1"
git add "$v1"
expect_exit 1 runbook hook pre-commit
expect_stderr "$v1"
back_to_head
expect_exit 0 runbook hook pre-commit

# --- a review branch ---------------------------------------------------------------
check "on a review branch, an unpublished v2 is committed, changed and committed again"
git switch -q -c review
write_runbook "$v2" onboarding 2
git add "$v2"
expect_exit 0 git commit -q -m "Draft v2"
review_v2_first=$(head_of "$repo")
sed -i 's/^title: .*/title: Onboard a new colleague/' "$v2"
expect_exit 0 git commit -q -a -m "Reword the v2 title"
expect_eq "$(git rev-parse HEAD^)" "$review_v2_first" "parent of the second v2 commit"
expect_eq "$(git show HEAD:"$v2" | sed -n 's/^title: //p')" "Onboard a new colleague" "v2 title in HEAD"

check "on the review branch, published v1 still cannot change"
echo "# a small change" >>"$v1"
expect_refused_commit "$v1" git commit -q -a -m "Change v1 on review"
back_to_head

check "a signed merge of the review branch into main is accepted; v2 is then published"
git switch -q main
expect_exit 0 git merge -q --no-ff -S -m "Merge the onboarding v2 review" review
expect_eq "$(git cat-file -p HEAD | grep -c '^parent ')" 2 "parents of the merge commit"
expect_exit 0 git verify-commit HEAD
expect_exit 0 runbook verify
expect_stdout ' 0 problems$'

check "after the merge, changing v2 on main is refused"
echo "# a small change" >>"$v2"
expect_refused_commit "$v2" git commit -q -a -m "Change v2 after publishing"
expect_output 'git runbook edit onboarding'
back_to_head

check "after the merge, changing v2 on the review branch is refused too (main publishes it)"
git switch -q review
echo "# a small change" >>"$v2"
expect_refused_commit "$v2" git commit -q -a -m "Change v2 on review after the merge"
back_to_head
git switch -q main

# --- the upstream counts as published ------------------------------------------------
check "in a clone, a branch without v1 cannot add a different v1: origin/main publishes it"
clone="$work/clone"
git clone -q "$repo" "$clone"
cp .git/hooks/pre-commit "$clone/.git/hooks/pre-commit" # hooks are not cloned
git -C "$clone" config user.signingkey "$alice"
git -C "$clone" config commit.gpgsign true
cd "$clone"
repo_under_test=$clone
# Local main goes back to before v1 was published; only origin/main still holds it.
git switch -q -c review "$init_commit"
git branch -q -f main "$init_commit"
expect_eq "$(git rev-parse --abbrev-ref main@{upstream})" origin/main "upstream of main in the clone"
git cat-file -e "origin/main:$v1" 2>/dev/null || fatal "origin/main does not hold $v1"
! git cat-file -e "main:$v1" 2>/dev/null || fatal "local main still holds $v1"
write_runbook "$v1" onboarding 1 "A different onboarding"
git add "$v1"
expect_refused_commit "$v1" git commit -q -m "A different v1"
expect_output 'published'
back_to_head

check "a clone made with \`git clone --branch\` (no local main) also refuses a different v1: origin/main has it"
git -C "$repo" branch -q -f old-review "$init_commit"
clone2="$work/clone-of-a-branch"
git clone -q --branch old-review "$repo" "$clone2"
cp "$repo/.git/hooks/pre-commit" "$clone2/.git/hooks/pre-commit"
cd "$clone2"
repo_under_test=$clone2
! git rev-parse -q --verify refs/heads/main >/dev/null || fatal "the clone has a local main"
git cat-file -e "origin/main:$v1" 2>/dev/null || fatal "origin/main does not hold $v1"
write_runbook "$v1" onboarding 1 "A different onboarding"
git add "$v1"
expect_refused_commit "$v1" git -c commit.gpgsign=false commit -q -m "A different v1"
back_to_head
cd "$clone"
repo_under_test=$clone

check "in the clone, the same branch may add a runbook that nobody published"
write_runbook runbooks/leavers/v1.yaml leavers 1 "Someone leaves"
git add runbooks/leavers/v1.yaml
expect_exit 0 git commit -q -m "Add the leavers runbook"

pass
