#!/usr/bin/env bash
# `git runbook run`: followed at a terminal (a pseudo-terminal driven by python3's pty
# module). Each answer is recorded as it is given; `--resume` continues at the first open
# step; an approval step names who must approve and waits; the last step finishes the run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 is not installed" >&2
  exit 77
fi

setup_onboarding_team
log=runbook-log
printf 'welcome email as PDF\n' >"$work/welcome.pdf"
printf 'training certificates\n' >"$work/certificates.pdf"

# The terminal driver: `python3 term.py SCRIPT -- cmd…` runs cmd on a pseudo-terminal and
# follows SCRIPT, one action a line:
#   expect REGEX        wait (at most 20 s) until the output since the last match has REGEX
#   send TEXT           type TEXT and Enter
#   shell CMD           run CMD (sh -c) and fail when it fails
#   exit CODE           wait (at most 20 s) for the command to end with CODE
# Prints the whole transcript; exits 1 with the reason when an action fails.
cat >"$work/term.py" <<'EOF'
import os, pty, re, select, signal, subprocess, sys, time

script = open(sys.argv[1]).read().splitlines()
cmd = sys.argv[sys.argv.index("--") + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)

transcript = b""
seen = 0  # the transcript up to here has been matched already
status = None

def read_some(deadline):
    global transcript, status
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if data:
                transcript += data
                return True
            if status is None:  # end of output: the command has ended
                status = os.waitpid(pid, 0)[1]
            return False
        if status is None:
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = code
        if status is not None and not ready:
            return False
    return False

def text():
    # without the carriage returns of the terminal and the bold/dim escapes of the tool
    return re.sub(r"\x1b\[[0-9;]*m", "", transcript.decode("utf-8", "replace").replace("\r", ""))

def give_up(why):
    sys.stdout.write(text())
    sys.stdout.write("\nTERMINAL DRIVER: " + why + "\n")
    if status is None:
        os.kill(pid, signal.SIGKILL)
    sys.exit(1)

for line in script:
    if not line.strip():
        continue
    action, _, arg = line.partition(" ")
    if action == "expect":
        deadline = time.time() + 20
        pattern = re.compile(arg)
        while True:
            found = pattern.search(text(), seen)
            if found:
                seen = found.end()
                break
            if not read_some(deadline) and (time.time() >= deadline or status is not None):
                found = pattern.search(text(), seen)
                if found:
                    seen = found.end()
                    break
                give_up("no /%s/ in the output (after %d characters)" % (arg, seen))
    elif action == "send":
        time.sleep(0.05)
        os.write(fd, arg.encode() + b"\r")
    elif action == "shell":
        result = subprocess.run(arg, shell=True, capture_output=True, text=True)
        if result.returncode != 0:
            give_up("`%s` failed (%d): %s%s" % (arg, result.returncode, result.stdout, result.stderr))
    elif action == "exit":
        deadline = time.time() + 20
        while status is None and time.time() < deadline:
            read_some(deadline)
        if status is None:
            give_up("the command did not end")
        while read_some(time.time() + 0.2):
            pass
        code = os.waitstatus_to_exitcode(status)
        if code != int(arg):
            give_up("exit code %d, expected %s" % (code, arg))
    else:
        give_up("unknown action " + action)

if status is None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
sys.stdout.write(text())
EOF

# drive SCRIPT-FILE cmd…: runs cmd on the terminal; sets $out and $rc like run_capture.
drive() {
  local script=$1
  shift
  last_command="(terminal) $(quote_command "$@")"
  shown_command=""
  rc=0
  out=$(timeout 60 python3 "$work/term.py" "$script" -- "$@" 2>&1) || rc=$?
  stdout=$out
}
trailer() { # trailer KEY [REV]
  git log -1 --format="%(trailers:key=$1,valueonly)" "${2:-$log}" | sed '/^$/d'
}

check "run at a terminal shows \"Step 1 of 9\", records step 1 at once, and q stops"
cat >"$work/session1" <<'EOF'
expect started Employee onboarding
expect Step 1 of 9: Create the employee record
expect Evidence needed: link
expect \[d\]one, \[s\]kip, \[f\]ailed, \[n\]ote, \[q\]uit
send d
expect Link to attach
send https://hr.example/employees/42
expect step 1 recorded as done
expect Step 2 of 9: Order equipment
shell test "$(git log -1 --format='%(trailers:key=Step,valueonly)' runbook-log | sed '/^$/d')" = 1
send x
expect please answer d, s, f, n or q
expect Step 2 of 9
send n
expect Note:
send Laptop model to be confirmed
expect note recorded
expect Step 2 of 9
send q
expect stopped for now
exit 0
EOF
drive "$work/session1" "$GIT_RUNBOOK" run onboarding --input "employee_name=Eve Example" \
  --input start_date=2026-05-05 --input "manager=Mo Manager" --input work_location=Remote --key "$alice"
expect_eq "$rc" 0 "terminal driver"
run=$(grep -oE 'onboarding-[0-9]{8}T[0-9]{4}Z-[0-9a-f]{4}' <<<"$out" | head -1 || true)
[[ -n "$run" ]] || fatal "no run id in the output of run"

check "after q the log holds exactly what was answered: start, step 1 done with its link, the note"
expect_exit 0 runbook log --run "$run" --format json
expect_eq "$(json_get '[(e["event"], e.get("step"), e.get("outcome")) for e in j["events"]]')" \
  "[('start', None, None), ('step', '1', 'done'), ('note', None, None)]" "events"
expect_eq "$(trailer Run)" "$run" "Run: of the last commit"
expect_true "the link is in the step 1 record" \
  sh -c "git log -1 --format=%H --grep='step 1 done' $log | xargs -I{} git diff-tree -p --no-commit-id {} | grep -q 'https://hr.example/employees/42'"
expect_exit 0 runbook status "$run"
expect_stdout '1 of 9 steps settled'

check "run --resume continues at the first open step; an approval step names who must approve and waits"
cat >"$work/session2" <<EOF
expect Step 2 of 9: Order equipment
send d
expect Link to attach
send https://desk.example/REQ-4711
expect step 2 recorded as done
expect Step 3 of 9: Request accounts and access
expect Approval by: approver
send d
expect What was done
send email, Slack, HR system, password manager
expect step 3 recorded as done
expect needs approval by someone with the approver role
expect git runbook approve $run 3
expect no remote, so the approver must record the approval in this repository
expect Press Enter to check again, or q to stop
send
expect not approved yet
expect Press Enter to check again
shell test -z "\$(git log -1 --format=%B runbook-log | grep 'Step: 4')"
shell "$GIT_RUNBOOK" approve $run 3 --note "standard accounts only" --key $bob
send
expect approved by bob
expect Step 4 of 9: Send the welcome email
send d
expect File to attach
send $work/no-such-file.pdf
expect neither a file here nor a link
expect Step 4 of 9
send d
expect File to attach
send $work/welcome.pdf
expect step 4 recorded as done
expect Step 5 of 9
send s
expect Why\?
send Buddy named at the team meeting
expect step 5 recorded as skipped
expect Step 6 of 9
send d
expect Link to attach
send https://docusign.example/envelope/9
expect Step 7 of 9
send d
expect What was done
send Nothing missing
expect Step 8 of 9
send d
expect File to attach
send $work/certificates.pdf
expect Step 9 of 9: 30-day check-in and close
send d
expect What was done
send Good start; add the VPN to step 3
expect step 9 recorded as done
expect finished \(completed\)
exit 0
EOF
drive "$work/session2" "$GIT_RUNBOOK" run --resume "$run" --key "$alice"
expect_eq "$rc" 0 "terminal driver"

check "the run is finished (completed) and every answer recorded in order"
expect_eq "$(trailer Outcome)" completed "Outcome: of the last commit"
expect_exit 0 runbook log --run "$run" --format json
expect_eq "$(json_get '[(e["event"], e.get("step"), e.get("outcome"), e["by"]) for e in j["events"]][3:]')" \
  "[('step', '2', 'done', 'alice'), ('step', '3', 'done', 'alice'), ('approve', '3', None, 'bob'), ('step', '4', 'done', 'alice'), ('step', '5', 'skipped', 'alice'), ('step', '6', 'done', 'alice'), ('step', '7', 'done', 'alice'), ('step', '8', 'done', 'alice'), ('step', '9', 'done', 'alice'), ('finish', None, 'completed', 'alice')]" \
  "events after the first session"
expect_exit 0 runbook status
expect_no_output "$run"
expect_exit 0 runbook status "$run" --format json
expect_eq "$(json_get 'j["finished"]')" True "finished in status --format json"

check "the attached file of step 4 is stored with the record"
digest=$(sha256sum "$work/welcome.pdf" | cut -d' ' -f1)
expect_true "evidence/${digest:0:12}-welcome.pdf is on the log branch" \
  sh -c "git ls-tree -r --name-only $log | grep -q '/evidence/${digest:0:12}-welcome.pdf\$'"

check "run --resume of a finished run says so and exits 0"
cat >"$work/session3" <<'EOF'
expect is finished
exit 0
EOF
drive "$work/session3" "$GIT_RUNBOOK" run --resume "$run" --key "$alice"
expect_eq "$rc" 0 "terminal driver"

check "run --resume of an unknown run: exit 1"
cat >"$work/session4" <<'EOF'
expect no run onboarding-20260101T0000Z-abcd
exit 1
EOF
drive "$work/session4" "$GIT_RUNBOOK" run --resume onboarding-20260101T0000Z-abcd --key "$alice"
expect_eq "$rc" 0 "terminal driver"

check "with a remote, waiting for an approval syncs: the step goes out, the approval made elsewhere comes in"
server="$work/server.git"
bob_clone="$work/bob-clone"
git init -q --bare "$server"
git remote add origin "$server"
git push -q origin main 2>/dev/null || fatal "pushing main to the server failed"
run2=$(runbook start onboarding --input "employee_name=Flo Example" --input start_date=2026-06-01 \
  --input "manager=Mo Manager" --input work_location=Remote --key "$alice" 2>/dev/null) || fatal "start failed"
runbook step "$run2" 1 --outcome done --evidence https://hr.example/employees/43 --key "$alice" >/dev/null 2>&1 &&
  runbook step "$run2" 2 --outcome done --evidence https://desk.example/REQ-4712 --key "$alice" >/dev/null 2>&1 ||
  fatal "recording steps 1 and 2 failed"
runbook sync --key "$alice" >/dev/null 2>&1 || fatal "alice's first sync failed"
git clone -q "$server" "$bob_clone" 2>/dev/null || fatal "cloning the server failed"
cat >"$work/session5" <<SESSION
expect Step 3 of 9: Request accounts and access
send d
expect What was done
send email and Slack
expect step 3 recorded as done
expect needs approval by someone with the approver role
expect syncing with origin: sending your records and fetching the others'
expect sent to origin
expect Press Enter to sync and check again, or q to stop
shell cd $bob_clone && "$GIT_RUNBOOK" sync --key $bob && "$GIT_RUNBOOK" approve $run2 3 --key $bob && "$GIT_RUNBOOK" sync --key $bob
send
expect syncing with origin
expect approved by bob
expect Step 4 of 9: Send the welcome email
send q
expect stopped for now
exit 0
SESSION
drive "$work/session5" "$GIT_RUNBOOK" run --resume "$run2" --key "$alice"
expect_eq "$rc" 0 "terminal driver"
expect_eq "$(git rev-parse "$log")" "$(git -C "$server" rev-parse "$log")" "alice's $log = the server's"
expect_exit 0 runbook status "$run2"
expect_stdout 'approved by bob'

check "verify passes and every log commit is signed"
verify_all_commits "$repo" "$log"
expect_exit 0 runbook verify
expect_stdout '0 problems'

pass
