#!/usr/bin/env bash
# `git runbook hook install <bare-repo>`: what it writes and sets, the trust root, and
# the shim finding the binary by its path or on PATH (and refusing every push when it
# cannot).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team
cd "$work"
first=$(git -C repo rev-list --max-parents=0 main)

check "install on an empty bare repository prints what it did"
git init -q --bare empty.git
expect_exit 0 runbook hook install empty.git
expect_stderr 'installed the pre-receive hook in .*empty.git/hooks/pre-receive'
expect_stderr 'receive.fsckObjects=true'
expect_stderr 'the first push of the protected branch .* sets the trust root'
expect_true "the hook is executable" test -x empty.git/hooks/pre-receive
expect_eq "$(git -C empty.git config receive.fsckObjects)" true "receive.fsckObjects"
expect_eq "$(grep -c "^runbook=\"$GIT_RUNBOOK\"" empty.git/hooks/pre-receive || true)" 1 "the binary's path in the shim"

check "the first push of main sets the trust root to main's first commit"
expect_exit 0 git -C repo push -q "$work/empty.git" main
expect_output 'accepted'
expect_eq "$(git -C empty.git config runbook.trustRoot)" "$first" "runbook.trustRoot"

check "install on a repository with history pins its first commit"
git clone -q --bare repo full.git
expect_exit 0 runbook hook install full.git
expect_stderr "runbook.trustRoot=$first"
expect_eq "$(git -C full.git config runbook.trustRoot)" "$first" "runbook.trustRoot"

check "install pins the protected branch's first commit, not that of another branch whose name sorts first"
# mallory's own `git runbook init` (mallory its only admin), pushed as branch aaa-import
# before the hook was installed, then a merge of it into main signed by mallory alone.
mallory=$(make_key "Mallory Outsider" mallory@example.com)
{
  git clone -q --bare repo imported.git &&
    runbook init "$work/impostor" --key "$mallory" &&
    git -C "$work/impostor" push -q "$work/imported.git" main:refs/heads/aaa-import
} >/dev/null 2>&1 || fatal "preparing the impostor's branch failed"
impostor_root=$(git -C imported.git rev-parse aaa-import)
expect_exit 0 runbook hook install imported.git
expect_stderr "runbook.trustRoot=$first"
expect_eq "$(git -C imported.git config runbook.trustRoot)" "$first" "runbook.trustRoot (not $impostor_root)"
git -C repo fetch -q "$work/imported.git" aaa-import
craft_index="$work/craft.index"
(cd repo && craft_from FETCH_HEAD && craft_commit "$mallory" "Merge the import" main FETCH_HEAD) >"$work/merge-id" ||
  fatal "crafting mallory's merge failed"
expect_exit 1 git -C repo push "$work/imported.git" "$(cat "$work/merge-id"):refs/heads/main"
expect_stderr 'remote: .*\[unknown-signer\]'
expect_eq "$(git -C imported.git rev-parse main)" "$(git -C repo rev-parse main)" "the server's main"

check "--trust-root names another commit; a commit without a policy is refused"
second=$(git -C repo rev-parse main~1)
git clone -q --bare repo pinned.git
expect_exit 0 runbook hook install pinned.git --trust-root "$second"
expect_eq "$(git -C pinned.git config runbook.trustRoot)" "$second" "runbook.trustRoot"
git init -q --bare other.git
expect_exit 2 runbook hook install other.git --trust-root 0123456789abcdef0123456789abcdef01234567
expect_stderr 'is not a commit of .* with .runbook/policy.yaml'
expect_true "no hook was written" test ! -e other.git/hooks/pre-receive

check "installing again replaces its own hook; a hook of someone else's is left alone"
expect_exit 0 runbook hook install full.git
printf '#!/bin/sh\nexit 0\n' >other.git/hooks/pre-receive
expect_exit 2 runbook hook install other.git
expect_stderr 'already exists and is not git-runbook.s; nothing was changed'
expect_eq "$(cat other.git/hooks/pre-receive)" $'#!/bin/sh\nexit 0' "the other hook"

check "a clone with files is not a server repository"
expect_exit 2 runbook hook install repo
expect_stderr 'has a work tree'
expect_exit 2 runbook hook install "$work/nowhere"
expect_stderr 'is not a Git repository'

check "with the binary moved, the shim finds git-runbook on PATH"
mkdir -p bin
cp "$GIT_RUNBOOK" bin/git-runbook
sed -i "s|^runbook=.*|runbook=\"$work/moved/git-runbook\"|" full.git/hooks/pre-receive
(cd repo && echo "# Team runbooks" >README.md && git add README.md && git commit -q -S -m "Add a README") ||
  fatal "could not commit a README"
expect_exit 0 env PATH="$work/bin:$PATH" git -C repo push "$work/full.git" main
expect_output 'git-runbook: checked 1 new commit on 1 ref: accepted'

check "with no binary at all, every push is refused"
(cd repo && echo "More." >>README.md && git commit -q -S -am "More README") || fatal "could not commit"
before=$(git -C full.git rev-parse main)
expect_exit 1 env PATH="/usr/bin:/bin" git -C repo push "$work/full.git" main
expect_output 'pre-receive hook declined'
expect_eq "$(git -C full.git rev-parse main)" "$before" "main on the server"

pass
