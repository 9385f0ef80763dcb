#!/usr/bin/env bash
# Benchmark (issue "Audit", point 2): verifying a log of RECORDS signed records.
#  1. cold `git runbook verify` against `git log --show-signature` over the same commits
#     (both check every signature with gpg). Goal: at most 0.5.
#  2. a second (warm) `verify` against the cold one. Goal: at most 0.05.
#  3. the peak memory of `verify`. Goal: under 64 MiB.
# The records are runs of ten records each, every record a commit signed with gpg,
# built with git plumbing (the tool itself would take longer to write them). Prints;
# asserts nothing.
# Usage: tests/bench/verify_bench.sh [BUILD_DIR]   (RECORDS=10000 by default)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${GIT_RUNBOOK:-${1:-$root/build}/git-runbook}
records=${RECORDS:-10000}
source "$root/tests/bench/lib.sh"

mkdir "$work/repo" && cd "$work/repo"
"$binary" init >/dev/null 2>&1
mkdir -p runbooks/bench
printf 'id: bench\nversion: 1\ntitle: Bench\nowner: bench\nsummary: A runbook to measure verifying.\nsteps:\n  - id: "1"\n    title: Do it\n    do: Do it.\n' >runbooks/bench/v1.yaml
"$binary" publish bench >/dev/null 2>&1
"$binary" start bench >/dev/null 2>&1
person=$(git show "runbook-log:$(git ls-tree -r --name-only runbook-log | head -1)" | sed -n 's/^by: "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p')

# The records: a python script writes each record, tree and commit object itself and
# asks gpg for each commit's signature (one gpg process per commit, as git commit -S
# does). As a team's log grows: runs of ten records (start, a step, notes, finish), a
# hundred runs a day, each run in its day's folder (DESIGN §4).
started=$(now)
python3 - "$person" "$records" <<'PY'
import datetime, hashlib, os, subprocess, sys, zlib
person, count = sys.argv[1], int(sys.argv[2])
git = lambda *a: subprocess.run(["git", *a], check=True, capture_output=True, text=True).stdout.strip()
def store(kind, body):
    data = kind.encode() + b" " + str(len(body)).encode() + b"\0" + body
    oid = hashlib.sha1(data).hexdigest()
    path = os.path.join(".git/objects", oid[:2], oid[2:])
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(zlib.compress(data, 1))
    return oid
def tree(entries):  # entries: name -> (mode, oid)
    body = b"".join(mode.encode() + b" " + name.encode() + b"\0" + bytes.fromhex(oid)
                    for name, (mode, oid) in sorted(entries.items(), key=lambda e: e[0] + ("/" if e[1][0] == "40000" else "")))
    return store("tree", body)
def read_tree(oid):
    out = {}
    for line in git("ls-tree", oid).splitlines():
        meta, name = line.split("\t", 1)
        mode, _, sub = meta.split()
        out[name] = (mode.lstrip("0") if mode == "040000" else mode, sub)
    return out
tip = git("rev-parse", "runbook-log")
first = git("ls-tree", "-r", "--name-only", "runbook-log").splitlines()[0]
pin = {k: v.strip().strip('"') for k, v in (l.split(":", 1) for l in git("show", "runbook-log:" + first).splitlines()
                                            if ":" in l and not l.startswith(" "))}
# The log as nested folders: path tuple -> {name: (mode, oid)}; written back leaf to root.
folders = {(): read_tree(git("rev-parse", "runbook-log^{tree}"))}
def folder(path):
    if path not in folders:
        parent = folder(path[:-1])
        folders[path] = read_tree(parent[path[-1]][1]) if path[-1] in parent else {}
    return folders[path]
def add(path, name, oid):
    folder(path)[name] = ("100644", oid)
    for depth in range(len(path), 0, -1):
        folder(path[:depth - 1])[path[depth - 1]] = ("40000", tree(folder(path[:depth])))
    return tree(folders[()])
ident = "Bench <bench@example.com>"
day0 = datetime.datetime(2030, 1, 1)
for i in range(count):
    number, index = divmod(i, 10)
    begins = day0 + datetime.timedelta(days=number // 100, minutes=number % 100 * 10)
    at = begins + datetime.timedelta(seconds=index * 5)
    run = "bench-%s-%04x" % (begins.strftime("%Y%m%dT%H%MZ"), number % 65536)
    event, extra = ("start", "inputs: {}\n") if index == 0 else ("step", 'step: "1"\noutcome: "done"\n') if index == 1 \
        else ("finish", 'outcome: "completed"\n') if index == 9 else ("note", 'note: "note %d"\n' % i)
    body = ('run: "%s"\nrunbook: "bench"\nversion: 1\nrunbook_blob: "%s"\nsource_commit: "%s"\nevent: "%s"\n%s'
            'by: "%s"\nat: "%s.000Z"\n') % (run, pin["runbook_blob"], pin["source_commit"], event, extra, person,
                                           at.strftime("%Y-%m-%dT%H:%M:%S"))
    name = "%s-%s-%04x.yaml" % (at.strftime("%Y%m%dT%H%M%SZ"), event if event != "step" else "step-1", i % 65536)
    root_tree = add(("runs", begins.strftime("%Y"), begins.strftime("%m"), begins.strftime("%d"), run), name,
                    store("blob", body.encode()))
    stamp = "%d +0000" % int((at - datetime.datetime(1970, 1, 1)).total_seconds())
    unsigned = "tree %s\nparent %s\nauthor %s %s\ncommitter %s %s\n\n%s %d\n" % (root_tree, tip, ident, stamp, ident, stamp, event, i)
    sig = subprocess.run(["gpg", "--batch", "-q", "--detach-sign", "--armor"], input=unsigned.encode(),
                         check=True, capture_output=True).stdout.decode().rstrip("\n")
    header = "gpgsig " + sig.replace("\n", "\n ") + "\n"
    signed = unsigned.replace("\n\n", "\n" + header + "\n", 1)
    tip = store("commit", signed.encode())
git("update-ref", "refs/heads/runbook-log", tip)
PY
echo "wrote $records signed records in $(calc "$(now) - $started") s"

timed() { # timed CMD…: seconds; the peak memory (KiB) goes to $work/peak
  local start
  start=$(now)
  /usr/bin/time -o "$work/peak" -f '%M' "$@" >/dev/null 2>&1 || true
  calc "$(now) - $start"
}
git_time=$(timed git log --show-signature runbook-log)
cold=$(timed "$binary" verify)
cold_peak=$(cat "$work/peak")
warm=$(timed "$binary" verify)
"$binary" verify | tail -1

printf 'records on the log:                   %d\n' "$records"
printf 'git log --show-signature:             %6.2f s\n' "$git_time"
printf 'git runbook verify, cold:             %6.2f s (peak %d KiB)\n' "$cold" "$cold_peak"
printf 'git runbook verify, warm:             %6.2f s\n' "$warm"
printf 'ratio cold verify / git log:          %6.2f (goal <= 0.5)\n' "$(calc "$cold / $git_time")"
printf 'ratio warm / cold verify:             %6.2f (goal <= 0.05)\n' "$(calc "$warm / $cold")"
printf 'peak memory of verify:                %6.1f MiB (goal < 64)\n' "$(calc "$cold_peak / 1024")"

# Issue 18, the evidence package of this log: its size, and `verify --package` in an
# empty folder against the plain git + gpg way of checking the same package by hand
# (clone the bundle, `git verify-commit` every commit), measured in the same run.
package_made=$(timed "$binary" audit --package "$work/evidence.tar")
package_bytes=$(stat -c %s "$work/evidence.tar")
mkdir "$work/auditor" "$work/auditor-plain"
package_check=$(cd "$work/auditor" && timed "$binary" verify --package "$work/evidence.tar")
package_peak=$(cat "$work/peak")
(cd "$work/auditor" && "$binary" verify --package "$work/evidence.tar" | tail -1)
tar -xf "$work/evidence.tar" -C "$work/auditor-plain"
plain_check=$(timed bash -c 'cd "$1" && git clone -q evidence/history.bundle clone && cd clone &&
  git rev-list --all | xargs -n 1000 git verify-commit' _ "$work/auditor-plain")
printf 'evidence package (audit --package):   %6.2f s, %d bytes (%.1f MiB)\n' "$package_made" "$package_bytes" \
  "$(calc "$package_bytes / 1048576")"
printf 'git runbook verify --package:         %6.2f s (peak %d KiB)\n' "$package_check" "$package_peak"
printf 'git clone + git verify-commit (all):  %6.2f s\n' "$plain_check"
printf 'ratio verify --package / plain git:   %6.2f\n' "$(calc "$package_check / $plain_check")"
