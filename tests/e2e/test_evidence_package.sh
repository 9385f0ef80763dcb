#!/usr/bin/env bash
# `audit --package` and `verify --package`: the auditor's evidence package. Made from a
# repository with runs, checked from an empty folder with no repository, read by git
# itself (bundle verify, clone), then tampered with in every way a package can be
# changed: each change is refused with exit 1 and a message naming the file.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_onboarding_team
{
  run=$(runbook start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
    --input "manager=Mo Manager" --input work_location=Remote --key "$alice") &&
    runbook step "$run" 1 --outcome done --evidence https://hr.example/e/1 --key "$alice" &&
    runbook step "$run" 2 --outcome skipped --note "Equipment from the previous hire" --key "$alice" &&
    runbook step "$run" 3 --outcome done --note "standard accounts" --key "$alice" &&
    runbook approve "$run" 3 --note "only standard accounts" --key "$bob" &&
    runbook finish "$run" --outcome aborted --note "Hire withdrew" --key "$alice"
} >/dev/null 2>"$work/setup.err" || fatal "recording the run failed: $(cat "$work/setup.err")"
root=$(git rev-list --max-parents=0 main)
package="$work/evidence-2026.tar"

# repack IN OUT PYTHON: rewrites the package with the Python statement PYTHON applied to
# `files` (a dict name -> bytes, names inside the top folder) and `manifest` (the parsed
# manifest.json); `fix(name)` puts a file's new SHA-256 into the manifest.
repack() {
  python3 - "$1" "$2" "$3" <<'PY'
import hashlib, io, json, sys, tarfile
src, dst, change = sys.argv[1:4]
files = {}
with tarfile.open(src, format=tarfile.USTAR_FORMAT) as t:
    for m in t.getmembers():
        files[m.name] = t.extractfile(m).read()
top = next(iter(files)).split("/")[0]
files = {k[len(top) + 1:]: v for k, v in files.items()}
manifest = json.loads(files["manifest.json"])
def fix(name):
    for f in manifest["files"]:
        if f["path"] == name:
            f["sha256"] = hashlib.sha256(files[name]).hexdigest()
            f["size"] = len(files[name])
exec(change)
files["manifest.json"] = (json.dumps(manifest, indent=2) + "\n").encode()
with tarfile.open(dst, "w", format=tarfile.USTAR_FORMAT) as t:
    for name, data in files.items():
        info = tarfile.TarInfo(top + "/" + name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
PY
}

# refused NAME CHANGE PATTERN: the package rewritten with CHANGE (see repack) as
# $work/NAME.tar; verify --package must refuse it with exit 1 and say PATTERN.
refused() {
  repack "$package" "$work/$1.tar" "$2"
  expect_exit 1 runbook verify --package "$work/$1.tar"
  expect_stdout "$3"
}

check "audit --package writes one archive: reports, bundle, key files, manifest, VERIFY.md"
expect_exit 0 runbook audit --package "$package"
expect_stderr "wrote the evidence package \\([0-9]+ files, [0-9]+ bytes\\) to $package"
expect_true "the package exists" test -s "$package"
listing=$(tar -tf "$package" | sort | tr '\n' ' ')
expect_eq "$listing" "evidence-2026/VERIFY.md evidence-2026/history.bundle evidence-2026/manifest.json evidence-2026/policy/keys/alice.asc evidence-2026/policy/keys/bob.asc evidence-2026/policy/policy.yaml evidence-2026/report.csv evidence-2026/report.html evidence-2026/report.json " "files in the package"
expect_eq "$(ls "$work" | grep -c 'tmp-' || true)" 0 "no temporary file left beside the package"

check "the manifest's digests are the files' SHA-256, and it records the parameters"
mkdir "$work/x" && tar -xf "$package" -C "$work/x"
cd "$work/x/evidence-2026"
expect_exit 0 bash -c "python3 -c 'import json; [print(f[\"sha256\"] + \"  \" + f[\"path\"]) for f in json.load(open(\"manifest.json\"))[\"files\"]]' | sha256sum -c"
expect_eq "$(python3 -c 'import json; print(json.load(open("manifest.json"))["parameters"]["trust_root"])')" "$root" "trust root in the manifest"
expect_true "VERIFY.md names the command" grep -q "git runbook verify --package evidence-2026.tar" VERIFY.md
expect_true "the packaged report is the audit's own HTML" grep -q "$run" report.html

check "git accepts the bundle: bundle verify and clone"
git init -q "$work/plain"
expect_exit 0 git -C "$work/plain" bundle verify "$work/x/evidence-2026/history.bundle"
expect_exit 0 git clone -q "$work/x/evidence-2026/history.bundle" "$work/cloned"
expect_eq "$(git -C "$work/cloned" rev-parse HEAD)" "$(git -C "$repo" rev-parse main)" "the clone's main"
expect_eq "$(git -C "$work/cloned" rev-parse origin/runbook-log)" "$(git -C "$repo" rev-parse runbook-log)" "the clone's log"
expect_exit 0 git -C "$work/cloned" verify-commit "$(git -C "$repo" rev-parse runbook-log)"

mkdir "$work/empty"
cd "$work/empty"
check "verify --package in an empty folder, no repository: every check passes"
expect_exit 0 runbook verify --package "$package"
expect_stdout "^trust root: $root \\(from the package's manifest"
expect_stdout "^verified: [0-9]+ commits on main, runbook-log"
expect_stdout "^ok: all 8 files are listed in manifest.json"
expect_stdout "^ok: report.html, report.json and report.csv say exactly what the records"
expect_stdout "^ok: the policy and its 2 key files"
expect_stdout "^package verified: "

check "verify --package --format json"
expect_exit 0 runbook verify --package "$package" --format json
expect_eq "$(json_get 'j["ok"]')" True "ok"
expect_eq "$(json_get 'j["history"]["problems"]')" "[]" "history problems"

check "verify --package --trust-root: the auditor's own trust root is used and named"
expect_exit 0 runbook verify --package "$package" --trust-root "$root"
expect_stdout "^trust root: $root \\(from --trust-root"

check "one byte of the HTML report changed: the manifest names it"
refused t1 'files["report.html"] = files["report.html"].replace(b"Hire withdrew", b"Hire withdrow")' "^problem: report.html does not match its SHA-256 in manifest.json"

check "the report changed and its digest fixed: the regenerated report shows the difference"
refused t2 'files["report.html"] = files["report.html"].replace(b"Hire withdrew", b"Hire withdrow"); fix("report.html")' "^problem: report.html differs from the report the records in history.bundle give, at line [0-9]+: the package has \".*Hire withdrow"
expect_no_output "^ok: report.html"
expect_stdout "^package NOT verified"

check "the CSV report changed and its digest fixed: named too"
refused t2c 'files["report.csv"] = files["report.csv"].replace(b"aborted", b"completed"); fix("report.csv")' "^problem: report.csv differs from the report the records"

check "the bundle changed and its digest fixed: refused"
refused t3 'b = bytearray(files["history.bundle"]); b[-40] ^= 1; files["history.bundle"] = bytes(b); fix("history.bundle")' "^problem: history.bundle cannot be used: the Git bundle's packfile is damaged"

check "a commit left out of the bundle's refs: refused"
refused t3b 'files["history.bundle"] = files["history.bundle"].replace(b"refs/heads/runbook-log", b"refs/heads/runbook-lug"); fix("history.bundle")' "^problem: history.bundle holds other refs than manifest.json lists"

check "a file added: refused, named"
refused t4 'files["report-fixed.html"] = b"<p>all good</p>"' "^problem: report-fixed.html is in the package but not listed in manifest.json"

check "a file added and listed: still refused (it is not what the records give)"
refused t4b 'files["policy/keys/mallory.asc"] = files["policy/keys/bob.asc"]; manifest["files"].append({"path": "policy/keys/mallory.asc", "sha256": hashlib.sha256(files["policy/keys/bob.asc"]).hexdigest(), "size": 1})' "^problem: policy/keys/mallory.asc is in the package, but the policy in history.bundle does not hold it"

check "the archive truncated: refused"
head -c $(($(stat -c %s "$package") - 2000)) "$package" >"$work/t5.tar"
expect_exit 1 runbook verify --package "$work/t5.tar"
expect_stdout "^problem: the archive t5.tar is damaged: .*(ends early|cut short)"

check "a key file removed (and from the manifest): refused, named"
refused t6 'del files["policy/keys/bob.asc"]; manifest["files"] = [f for f in manifest["files"] if f["path"] != "policy/keys/bob.asc"]' "^problem: policy/keys/bob.asc is missing from the package, but the policy in history.bundle names it"

check "a key file removed, the manifest left: refused, named"
refused t6b 'del files["policy/keys/bob.asc"]' "^problem: policy/keys/bob.asc is listed in manifest.json but missing from the package"

check "a key file swapped for another key and listed: refused"
refused t6c 'files["policy/keys/bob.asc"] = files["policy/keys/alice.asc"]; fix("policy/keys/bob.asc")' "^problem: policy/keys/bob.asc differs from the file the policy in history.bundle holds"

check "a hostile archive (a name with ..): refused before anything is written"
python3 - "$work/t7.tar" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w", format=tarfile.USTAR_FORMAT) as t:
    info = tarfile.TarInfo("evidence/../../escaped")
    info.size = 1
    t.addfile(info, io.BytesIO(b"x"))
PY
expect_exit 1 runbook verify --package "$work/t7.tar"
expect_stdout "not a plain relative path"
expect_true "nothing escaped" test ! -e "$work/escaped"

check "usage and environment: a missing file is exit 3, --package with --range is exit 2"
expect_exit 3 runbook verify --package "$work/nothing.tar"
expect_stderr "there is no file"
expect_exit 2 runbook verify --package "$package" --range a..b

pass
