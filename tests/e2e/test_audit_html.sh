#!/usr/bin/env bash
# The audit report people read (issue 18 point 5), rendered in headless Chromium. Three
# people (carol's name in the policy is hostile text) follow a runbook that requires
# training, whose step 1 title is hostile text and whose step 3 needs two approvals:
# run 1 is completed with step 2 skipped and step 3 approved by bob and carol; run 2
# has step 1 failed, step 3 approved by carol only, is aborted, and gets a note after
# its finish (a hand-made record, as a merge of offline logs brings one): a flag. The
# HTML report is rendered with `chromium --headless --dump-dom` and `--screenshot`: the
# page must show step titles, names, signing keys, approvals, flags and training, hold
# no element the hostile text could have made, and the screenshot is kept in the build
# folder (test-output/audit-report.png, its path printed; 1280 x 3600 pixels, tall
# enough to show both runs). Fails when Chromium is missing: scripts/test installs it
# (Debian package chromium).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] ||
  fatal "chromium is not installed, so the HTML report cannot be checked; install the Debian package chromium (scripts/test does)"
out_dir=${E2E_OUTPUT_DIR:-$(dirname "$GIT_RUNBOOK")/test-output}
mkdir -p "$out_dir"
shot="$out_dir/audit-report.png"
rm -f "$shot"

hostile_title='Create the <script>alert("t")</script> record & "file"'
hostile_note='<script>alert("n")</script> & "notes" <b>bold</b>'
hostile_name='Carol <img src=x onerror=alert(1)> & "Co"'
alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Builder" bob@example.com)
carol=$(make_key "Carol Checker" carol@example.com)
export_key "$bob" "$work/bob.asc"
export_key "$carol" "$work/carol.asc"
git config --global user.email alice@example.com
repo="$work/repo"
v1=runbooks/onboarding/v1.yaml
{
  runbook init "$repo" --key "$alice" && cd "$repo" &&
    runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice" &&
    runbook keys add carol "$work/carol.asc" --roles operator,approver --name "$hostile_name" --key "$alice" &&
    runbook new onboarding --template employee-onboarding &&
    sed -i "s|^    title: Create the employee record\$|    title: ${hostile_title//&/\\&}|" "$v1" &&
    sed -i 's|^    approval: approver$|    approval: {role: approver, count: 2}|' "$v1" &&
    grep -qF "$hostile_title" "$v1" && grep -q 'count: 2' "$v1" &&
    runbook publish onboarding --key "$alice" &&
    runbook ack onboarding --key "$alice" && runbook ack onboarding --key "$bob"
} >"$work/setup.out" 2>&1 || fatal "setting up (init, keys add, new, publish, ack) failed: $(cat "$work/setup.out")"

inputs=(--input "employee_name=Eve <Example> & \"Co\"" --input start_date=2026-05-05 --input "manager=Mo Manager"
  --input work_location=Remote)
printf 'Laptop order #1234\n' >"$work/order.txt"
{
  run=$(runbook start onboarding "${inputs[@]}" --key "$alice") &&
    runbook step "$run" 1 --outcome done --note "$hostile_note" --evidence https://hr.example/e/1 --key "$alice" &&
    runbook step "$run" 2 --outcome skipped --note "Equipment from the previous hire" --key "$alice" &&
    runbook step "$run" 3 --outcome done --note "standard accounts" --key "$alice" &&
    runbook approve "$run" 3 --note "only standard accounts" --key "$bob" &&
    runbook approve "$run" 3 --key "$carol" &&
    runbook step "$run" 4 --outcome done --evidence "$work/order.txt" --key "$alice" &&
    runbook step "$run" 5 --outcome done --note "Buddy: Sam" --key "$alice" &&
    runbook step "$run" 6 --outcome done --evidence https://hr.example/e/6 --key "$alice" &&
    runbook step "$run" 7 --outcome done --note "Arrived on time" --key "$alice" &&
    runbook step "$run" 8 --outcome done --evidence "$work/order.txt" --key "$alice" &&
    runbook step "$run" 9 --outcome done --note "All good" --key "$alice" &&
    runbook finish "$run" --key "$alice" &&
    second=$(runbook start onboarding "${inputs[@]}" --key "$bob") &&
    runbook step "$second" 1 --outcome failed --note "HR system down" --key "$bob" &&
    runbook step "$second" 3 --outcome done --note "accounts asked for" --key "$bob" &&
    runbook approve "$second" 3 --key "$carol" &&
    runbook finish "$second" --outcome aborted --note "Hire withdrew" --key "$bob"
} >/dev/null 2>"$work/record.err" || fatal "recording the runs failed: $(cat "$work/record.err")"

# A note by bob after run 2's finish, as `sync` brings one that was made offline: the
# audit flags it (needs a look), verify accepts it.
stamp=${second#onboarding-}
folder="runs/${stamp:0:4}/${stamp:4:2}/${stamp:6:2}/$second"
craft_index="$work/craft.index"
source_commit=$(git grep -h '^source_commit:' runbook-log -- runs | sort -u | sed 's/^source_commit: *//; s/"//g')
write_record "$work/late-note.yaml" "$second" 1 "$(git rev-parse "main:$v1")" "$source_commit" note "" "" bob \
  'note: "Laptop returned to IT"'
at=$(sed -n 's/^at: "\(.*\)"$/\1/p' "$work/late-note.yaml")
craft_from runbook-log
craft_add "$folder/${at:0:4}${at:5:2}${at:8:2}T${at:11:2}${at:14:2}${at:17:2}Z-note-b0b1.yaml" "$work/late-note.yaml"
git update-ref refs/heads/runbook-log "$(craft_commit "$bob" "note by bob" "$(git rev-parse runbook-log)")"

fingerprint() { sed 's/.\{4\}/& /g; s/ $//' <<<"$1"; } # as the report shows it: groups of four

check "verify accepts every record (the late note is a notice, not a problem)"
expect_exit 0 runbook verify
expect_output "needs a look \\[after-finish\\]: note by bob came after bob finished the run"

check "audit --format html -o FILE writes the page"
expect_exit 0 runbook audit --format html -o "$work/audit.html"
expect_stderr "wrote the audit report \\(2 runs, html\\)"
expect_eq "$(grep -c '<script' "$work/audit.html" || true)" 0 "<script in the page"
expect_true "the hostile title is escaped" grep -qF 'Create the &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; record &amp; &quot;file&quot;' "$work/audit.html"

check "Chromium renders the page (--dump-dom): titles, names, keys, approvals, flags, training"
chromium_run() { # chromium_run ARGS…: headless, offline, its own profile and HOME
  HOME="$work/chromium-home" timeout 180 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/chromium-profile" "$@" "file://$work/audit.html"
}
mkdir -p "$work/chromium-home"
chromium_run --dump-dom >"$work/dom.html" 2>"$work/chromium.err" ||
  fail "chromium --dump-dom failed: $(tail -5 "$work/chromium.err")"
# The page as a reader sees it: its text, and the elements it holds.
python3 - "$work/dom.html" "$work/dom.txt" "$work/dom.tags" <<'PY'
import html.parser, sys
class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.tags, self.skip = [], [], 0
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag + "".join(" %s=%s" % (k, v) for k, v in attrs if k in ("class", "onerror", "src")))
        self.skip += tag in ("style", "title")
    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "title")
    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)
page = Page()
page.feed(open(sys.argv[1], encoding="utf-8").read())
open(sys.argv[2], "w", encoding="utf-8").write(" ".join(" ".join(page.text).split()))
open(sys.argv[3], "w", encoding="utf-8").write("\n".join(page.tags) + "\n")
PY
text=$(cat "$work/dom.txt")
shows() { # shows WHAT TEXT: the rendered page's text holds TEXT
  if [[ "$text" != *"$2"* ]]; then
    fail "the rendered page does not show $1: \"$2\""
  fi
}
shows "the hostile step title as text" "1 $hostile_title"
shows "step 3's title" "3 Request accounts and access"
shows "the hostile note as text" "$hostile_note"
shows "the hostile input as text" 'Eve <Example> & "Co"'
shows "alice's name and id" "Alice Admin alice"
shows "bob's name and id" "Bob Builder bob"
shows "carol's (hostile) name and id" "$hostile_name carol"
shows "alice's key" "$(fingerprint "$alice")"
shows "bob's key" "$(fingerprint "$bob")"
shows "carol's key" "$(fingerprint "$carol")"
shows "the approval rule" "3 — Request accounts and access 2 people with the approver role"
shows "run 1's approvals, met" "Bob Builder (bob) at"
shows "run 1's approval requirement met" "met"
shows "run 2's approval requirement not met" "not met 1 more approval needed"
shows "the skipped step" "skipped Equipment from the previous hire"
shows "the failed step" "failed HR system down"
shows "the flag" "Needs a look"
shows "the flag on the late note" "Laptop returned to IT ⚠ Needs a look"
shows "the training of run 1" "Alice Admin (alice): acknowledged v1 on"
shows "who has not acknowledged" "$hostile_name (carol)"
shows "the summary at the top" "2 runs: 1 completed, 1 aborted, 0 open"
shows "the approvals summary" "1 of 2 approvals met, 1 still missing"
expect_eq "$(grep -cE '^(script|img|b)( |$)' "$work/dom.tags" || true)" 0 \
  "elements made by the hostile text (script, img, b) in the rendered page"
expect_true "the late note's row is highlighted" grep -q '^tr class=flagged$' "$work/dom.tags"

check "Chromium's screenshot of the page is kept: $shot"
chromium_run --window-size=1280,3600 --screenshot="$shot" >/dev/null 2>"$work/chromium.err" ||
  fail "chromium --screenshot failed: $(tail -5 "$work/chromium.err")"
expect_true "Chromium wrote the screenshot" test -s "$shot"
echo "    the screenshot of the audit report: $shot"
# Counts the colours of the screenshot's pixels (PNG, 8-bit, not interlaced): a blank
# page has one or two; the report has text, tables and coloured boxes.
colours=$(python3 - "$shot" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, width, height, kind = 8, b"", 0, 0, 0
while pos < len(data):
    length, name = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if name == b"IHDR":
        width, height, depth, kind = struct.unpack(">IIBB", body[:10])
    elif name == b"IDAT":
        idat += body
    pos += 12 + length
channels = {2: 3, 6: 4}[kind]
raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
for y in range(height):
    line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
    kind_of_filter, row = line[0], bytearray(line[1:])
    for x in range(stride):
        a = row[x - channels] if x >= channels else 0
        b = previous[x]
        c = previous[x - channels] if x >= channels else 0
        if kind_of_filter == 1: row[x] = (row[x] + a) & 255
        elif kind_of_filter == 2: row[x] = (row[x] + b) & 255
        elif kind_of_filter == 3: row[x] = (row[x] + (a + b) // 2) & 255
        elif kind_of_filter == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    previous = row
    rows.append(row)
seen = set()
for row in rows[::4]:
    for x in range(0, stride, channels * 4):
        seen.add(bytes(row[x:x + 3]))
print("%d %dx%d" % (len(seen), width, height))
PY
) || colours="0 unreadable"
echo "    (the screenshot is ${colours#* } pixels, ${colours%% *} colours)"
expect_true "the screenshot shows more than a blank page (${colours%% *} colours)" test "${colours%% *}" -gt 20

pass
