#!/usr/bin/env bash
# Benchmark (DESIGN §9, issue "a 10-commit push onto a history of 100 commits and onto
# one of 20,000"): the cost of the server's pre-receive check.
#  1. pushing the same 10 signed commits onto a history of 20,000 commits against onto
#     one of 100, both into a server with the hook. Goal: at most 1.5x.
#  2. the push into the server with the hook against plain git doing the same push into
#     a copy of that server without the hook.
# Each push goes into a fresh copy of its server, ROUNDS times; the times are the totals.
# Prints the ratios; asserts nothing, but stops (exit 1) if the hook refuses the push.
# Usage: tests/bench/push_bench.sh [BUILD_DIR]   (GIT_RUNBOOK=/path overrides the binary)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${GIT_RUNBOOK:-${1:-$root/build}/git-runbook}
commits=${COMMITS:-10}
rounds=${ROUNDS:-5}
big=${BIG:-20000}
source "$root/tests/bench/lib.sh"

# A bare server with the hook, the clone `init` made pushed to it, then `count` older
# commits on main written straight into the server with git fast-import (commits the
# server already holds are not checked again, so they need no signature), fetched into
# the clone; then `commits` new commits in the clone, each signed by the admin key
# `init` used, each adding a line to README.md. The server is left without them.
make_repos() {
  local dir=$1 count=$2
  mkdir "$dir" && cd "$dir"
  git init -q --bare server.git
  "$binary" hook install server.git >/dev/null 2>&1
  mkdir clone && cd clone
  "$binary" init >/dev/null 2>&1
  git remote add origin "$dir/server.git"
  git push -q origin main 2>/dev/null
  local tip
  tip=$(git rev-parse main)
  {
    for ((i = 0; i < count; i++)); do
      echo "commit refs/heads/main"
      echo "committer Bench <bench@example.com> $((1700000000 + i)) +0000"
      echo "data 4"
      echo "old"
      ((i == 0)) && echo "from $tip"
      echo "M 100644 inline history.txt"
      printf -v line 'old commit %05d\n' "$i"
      echo "data ${#line}"
      printf '%s' "$line"
    done
  } | git -C "$dir/server.git" fast-import --quiet
  git fetch -q origin
  git merge -q --ff-only origin/main
  for ((i = 0; i < commits; i++)); do
    echo "line $i" >>README.md
    git add README.md
    git commit -S -q -m "README: line $i"
  done
}

# Times `rounds` pushes of the new commits, each into a fresh copy of the server;
# with `plain`, the copy has no pre-receive hook. Each push must land.
time_push() {
  local dir=$1 plain=${2:-}
  cd "$dir/clone"
  local head total=0
  head=$(git rev-parse HEAD)
  for ((r = 0; r < rounds; r++)); do
    rm -rf "$dir/target.git"
    cp -a "$dir/server.git" "$dir/target.git"
    [[ -n $plain ]] && rm "$dir/target.git/hooks/pre-receive"
    local start status=0
    start=$(now)
    git push -q "$dir/target.git" HEAD:main >"$dir/push.log" 2>&1 || status=$?
    total=$(calc "$total + $(now) - $start")
    if ((status != 0)) || [[ $(git -C "$dir/target.git" rev-parse main) != "$head" ]]; then
      echo "error: the push of $commits signed commits into $dir/target.git did not land (git push exit $status):" >&2
      cat "$dir/push.log" >&2
      exit 1
    fi
  done
  echo "$total"
}

make_repos "$work/small" 100
hook_small=$(time_push "$work/small")
plain_small=$(time_push "$work/small" plain)
make_repos "$work/big" "$big"
hook_big=$(time_push "$work/big")

printf 'pushes: %d rounds of %d signed commits each\n' "$rounds" "$commits"
printf 'with hook, onto 100 commits:      %6.2f s\n' "$hook_small"
printf 'plain git, onto 100 commits:      %6.2f s\n' "$plain_small"
printf 'with hook, onto %d commits:    %6.2f s\n' "$big" "$hook_big"
printf 'ratio %d / 100 history:        %6.2f (goal <= 1.5)\n' "$big" "$(calc "$hook_big / $hook_small")"
printf 'ratio hook / plain git push:      %6.2f\n' "$(calc "$hook_small / $plain_small")"
