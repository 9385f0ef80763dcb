# Helpers shared by the fault tests (test_faults*.sh), sourced after lib.sh: a team with
# an open run, and the checks that a repository came through a fault sound.

# start_run: starts a run of "onboarding" signed by alice; prints the run id (and, when
# it fails, the command's messages on stderr).
start_run() {
  "$GIT_RUNBOOK" start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05 \
    --input "manager=Mo Manager" --input work_location=Remote --key "$alice" 2>"$work/.start_run" ||
    { sed 's/^/    start: /' "$work/.start_run" >&2; return 1; }
}

# start_command: the words of the start command above, for running it by hand.
start_command=(start onboarding --input "employee_name=Eve Example" --input start_date=2026-05-05
  --input "manager=Mo Manager" --input work_location=Remote)

# make_draft: the next version of "onboarding" in the work tree, ready to publish (as
# `git runbook edit` writes it, with its `change:` filled in). Prints its path.
make_draft() {
  local path
  path=$(EDITOR=true "$GIT_RUNBOOK" edit onboarding 2>/dev/null | tail -n 1) || return 1
  sed -i 's/^change:.*/change: "A new version, made by the fault test."/' "$path"
  printf '%s\n' "$path"
}

# refs_of [DIR]: every ref and its value, one "name value" a line, sorted.
refs_of() {
  git -C "${1:-.}" for-each-ref --format='%(refname) %(objectname)' | sort
}

# ref_value LISTING NAME: the value of NAME in a refs_of listing ("" when absent).
ref_value() {
  awk -v name="$2" '$1 == name { print $2 }' <<<"$1"
}

# fsck_strict DIR WHERE: `git fsck --full --strict` finds nothing wrong in DIR (dangling
# objects, which an interrupted write leaves, are fine). WHERE names the moment.
fsck_strict() {
  local dir=$1 where=$2 output status=0
  output=$(git -C "$dir" fsck --full --strict --no-dangling --no-progress 2>&1) || status=$?
  if [[ $status != 0 || -n "$output" ]]; then
    fail "$where: git fsck --full --strict in ${dir##*/} (exit $status): $output"
  fi
}

# refs_sound DIR WHERE: every ref of DIR can be read and points to a commit (none is
# empty, half written or dangling).
refs_sound() {
  local dir=$1 where=$2 errors name value
  errors=$(git -C "$dir" for-each-ref 2>&1 >/dev/null)
  [[ -z "$errors" ]] || fail "$where: git for-each-ref in ${dir##*/}: $errors"
  while read -r name value; do
    [[ "$(git -C "$dir" cat-file -t "$value" 2>/dev/null)" == commit ]] ||
      fail "$where: $name in ${dir##*/} points to $value, which is not a commit"
  done < <(refs_of "$dir")
}

# one_step_on DIR OLD NEW: NEW is OLD, or a commit whose only parent is OLD.
one_step_on() {
  local dir=$1 old=$2 new=$3
  [[ "$new" == "$old" ]] && return 0
  [[ "$(git -C "$dir" rev-parse -q --verify "$new^@" 2>/dev/null)" == "$old" ]]
}

# records_at DIR REV: the record files (not evidence) under runs/ at REV, sorted.
records_at() {
  git -C "$1" ls-tree -r --name-only "$2" -- runs 2>/dev/null | grep -v /evidence/ | sort || true
}

# state [local]: what a writer that failed must leave as it was: the refs here (but the
# remote-tracking ones, which a fetch that worked may move, as with git), the index and
# the work tree, and (unless "local") the refs of the remote $server.
state() {
  refs_of . | grep -v '^refs/remotes/' || true
  echo "-- status"
  git status --porcelain --untracked-files=all
  if [[ "${1:-}" != local ]]; then
    echo "-- remote"
    refs_of "$server"
  fi
}

# same_state NOW BEFORE WHERE: nothing changed, or a failure that shows what did.
same_state() {
  [[ "$1" == "$2" ]] ||
    fail "$3: refs, index or work tree changed: $(diff <(echo "$2") <(echo "$1") | grep '^[<>]' | tr '\n' ' ')"
}

# lock_files DIR…: the lock files git or libgit2 left in the repositories DIR… (with a
# work tree or bare), one a line.
lock_files() {
  local dir
  for dir in "$@"; do
    dir=$(cd "$dir" && pwd -P)
    [[ ! -d "$dir/.git" ]] || dir+=/.git
    # Not under objects/: libgit2's half-written pack indexes (*.idx.lock) are garbage
    # that git ignores, not locks anyone waits for.
    find "$dir" -name '*.lock' -not -path '*/objects/*' 2>/dev/null
  done | sort
}

# setup_team_with_remote: the onboarding team (lib.sh) with a bare remote at $server
# that holds main and a started run of the log, synced; sets $server and $run.
setup_team_with_remote() {
  setup_onboarding_team
  server="$work/server.git"
  {
    git init -q --bare "$server" &&
      git remote add origin "$server" &&
      git push -q origin main &&
      run=$(start_run) &&
      "$GIT_RUNBOOK" sync --key "$alice"
  } >/dev/null 2>&1 || fatal "setting up the remote failed"
}
