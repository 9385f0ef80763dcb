#!/usr/bin/env bash
# Benchmark (DESIGN §9, issue "Running runbooks" point 7): the cost of recording events.
#  1. git-runbook recording N events against a shell loop doing the same job with plain
#     git + gpg (write the record file, git add, git commit -S on the log branch).
#     Goal: at most 0.8 of the loop's time (issue 16: 0.7 when the libraries were linked in;
#     the default build now loads the shared libraries at every command).
#  2. recording with 20,000 earlier records against 100 earlier records.
#     Goal: at most 1.3x.
# Prints the ratios; asserts nothing. Usage: tests/bench/record_bench.sh [BUILD_DIR]
# EVENTS (40) events each; BIG (20000) earlier records; ROUNDS (8) turns they take.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${1:-$root/build}/git-runbook
events=${EVENTS:-40}
big=${BIG:-20000}
source "$root/tests/bench/lib.sh"

# A repository with one published runbook and a run with `count` earlier records on
# the log branch, written quickly with git fast-import (their signatures do not matter
# for the cost of appending).
make_repo() {
  local dir=$1 count=$2
  mkdir "$dir" && cd "$dir"
  "$binary" init >/dev/null 2>&1
  mkdir -p runbooks/bench
  printf 'id: bench\nversion: 1\ntitle: Bench\nowner: bench\nsummary: A runbook to measure recording.\nsteps:\n  - id: "1"\n    title: Do it\n    do: Do it.\n' >runbooks/bench/v1.yaml
  "$binary" publish bench >/dev/null
  run=$("$binary" start bench 2>/dev/null)
  local folder
  folder=$(git ls-tree -r --name-only runbook-log | head -1 | xargs dirname)
  local tip
  tip=$(git rev-parse runbook-log)
  {
    echo "commit refs/heads/runbook-log"
    echo "committer Bench <bench@example.com> 1700000000 +0000"
    echo "data 7"
    echo "filler"
    echo "from $tip"
    for ((i = 0; i < count; i++)); do
      local day=$((i % 28 + 1))
      printf -v path "runs/2025/%02d/%02d/old-20250101T0000Z-%04x/20250101T000000Z-note-%05d.yaml" $((i % 12 + 1)) $day $((i % 65536)) $i
      echo "M 100644 inline $path"
      echo "data 4"
      echo "old"
    done
  } | git fast-import --quiet
}

# Plain git + gpg doing the same job: a record file, git add, a signed commit.
# Events `from`..`to`-1, on the log branch checked out by make_repo's caller.
plain_loop() {
  local dir=$1 from=$2 to=$3
  cd "$dir"
  local start
  start=$(now)
  for ((i = from; i < to; i++)); do
    local path="runs/2026/01/01/plain-run/$(date +%Y%m%dT%H%M%S)Z-note-$i.yaml"
    mkdir -p "$(dirname "$path")"
    printf 'run: plain\nevent: note\nnote: "event %d"\n' "$i" >"$path"
    git add "$path"
    git commit -q -S -m "note $i" --no-verify
  done
  calc "$(now) - $start"
}

tool_loop() {
  local dir=$1 run=$2 from=$3 to=$4
  cd "$dir"
  local start
  start=$(now)
  for ((i = from; i < to; i++)); do
    "$binary" note "$run" "event $i" >/dev/null 2>&1
  done
  calc "$(now) - $start"
}

make_repo "$work/small" 100
small_run=$run
make_repo "$work/plain" 100
git -C "$work/plain" switch -q runbook-log
make_repo "$work/big" "$big"
big_run=$run

# The three take turns, a few events each, so that the machine's load changing during
# the run weighs on all three alike.
rounds=${ROUNDS:-8}
tool_small=0 plain_small=0 tool_big=0
for ((round = 0; round < rounds; round++)); do
  from=$((events * round / rounds)) to=$((events * (round + 1) / rounds))
  tool_small=$(calc "$tool_small + $(tool_loop "$work/small" "$small_run" "$from" "$to")")
  plain_small=$(calc "$plain_small + $(plain_loop "$work/plain" "$from" "$to")")
  tool_big=$(calc "$tool_big + $(tool_loop "$work/big" "$big_run" "$from" "$to")")
done

printf 'events recorded: %d each, in %d rounds\n' "$events" "$rounds"
printf 'git-runbook, 100 earlier records:    %6.2f s\n' "$tool_small"
printf 'git + gpg shell loop, same job:      %6.2f s\n' "$plain_small"
printf 'git-runbook, %d earlier records: %6.2f s\n' "$big" "$tool_big"
printf 'ratio git-runbook / plain git+gpg:   %6.2f (goal <= 0.7)\n' "$(calc "$tool_small / $plain_small")"
printf 'ratio %d / 100 earlier records:   %6.2f (goal <= 1.3)\n' "$big" "$(calc "$tool_big / $tool_small")"
