#!/usr/bin/env bash
# `git runbook verify` against tampering: one valid repository (policy changes, two
# published versions, runs with steps, evidence, approvals, notes, a finish, a retired
# and a revoked person) verifies clean; then each of many mutations, applied with git
# plumbing to a fresh copy of it, must be reported (exit 1, the rule in brackets and a
# plain-words reason). The untouched repository still verifies clean at the end.
#
# Left out on purpose, because no verifier can tell them from honest history:
# - a commit dropped from main when no record pins a later commit: a shorter history is
#   still a valid one (drops that a record's source_commit reveals are below);
# - a record edited in history and re-signed by its own author where the edit keeps every
#   rule (another note text, say): there is nothing to compare it with;
# - a record by a retired person in a run pinned before the retirement, when no record
#   before it in the log followed a version that retires them: the log shows nothing
#   of when it was made (its date is the signer's own word). Once one has, the log's
#   order says it came after the retirement (mutation log_retired_after_use).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

log=runbook-log

# --- the team and the valid repository ----------------------------------------------
# alice: every role (runs init); bob: operator, approver; carol: author, approver;
# dave: operator, retired later; erin: author, revoked later; mallory: in no policy.
setup_onboarding_team
carol=$(make_key "Carol Writer" carol@example.com)
dave=$(make_key "Dave Leaver" dave@example.com)
erin=$(make_key "Erin Exposed" erin@example.com)
mallory=$(make_key "Mallory Outsider" mallory@example.com)
for person in carol dave erin mallory; do
  export_key "${!person}" "$work/$person.asc"
done
inputs=(--input "employee_name=Eve Example" --input start_date=2026-05-05 --input "manager=Mo Manager"
  --input work_location=Remote)
printf 'Welcome aboard, Eve!\n' >"$work/welcome.pdf"
{
  runbook keys add carol "$work/carol.asc" --roles author,approver --key "$alice" &&
    runbook keys add dave "$work/dave.asc" --roles operator --key "$alice" &&
    runbook keys add erin "$work/erin.asc" --roles author --key "$alice" &&
    run1=$(runbook start onboarding "${inputs[@]}" --key "$alice") &&
    runbook step "$run1" 1 --outcome done --evidence https://hr.example/e/1 --key "$alice" &&
    runbook step "$run1" 2 --outcome done --evidence https://desk.example/REQ-1 --key "$alice" &&
    runbook step "$run1" 3 --outcome done --note "standard accounts only" --key "$alice" &&
    runbook approve "$run1" 3 --note "checked the access list" --key "$bob" &&
    runbook step "$run1" 4 --outcome done --evidence "$work/welcome.pdf" --key "$alice" &&
    runbook note "$run1" "laptop arrives Monday" --key "$dave" &&
    runbook finish "$run1" --outcome aborted --note "offer withdrawn" --key "$alice" &&
    runbook edit onboarding &&
    sed -i 's/^change: ""$/change: "Laptops are ordered a week earlier"/' runbooks/onboarding/v2.yaml &&
    runbook publish onboarding --key "$erin" &&
    runbook keys retire dave --key "$alice" &&
    runbook keys revoke erin --key "$alice" &&
    run2=$(runbook start onboarding "${inputs[@]}" --key "$bob") &&
    runbook step "$run2" 1 --outcome done --evidence https://hr.example/e/2 --key "$bob" &&
    runbook step "$run2" 2 --outcome done --evidence https://desk.example/REQ-2 --key "$bob" &&
    runbook note "$run2" "waiting for the manager's list" --key "$bob"
} >"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; fatal "building the valid repository failed"; }
git config runbook.trustRoot "$(git rev-list --max-parents=0 main)"
pristine="$work/pristine"
mv "$repo" "$pristine"
cd "$pristine"

check "the valid repository verifies clean: exit 0, 0 problems, main and the log checked"
expect_exit 0 runbook verify
expect_stdout "^verified: [0-9]+ commits on main, $log from trust root [0-9a-f]+, 0 problems$"
expect_no_output 'problem:'
verify_all_commits "$pristine" main
verify_all_commits "$pristine" "$log"

# --- what the mutations refer to ------------------------------------------------------
root=$(git rev-list --max-parents=0 main)
mapfile -t logc < <(git rev-list --reverse "$log") # the log's commits, oldest first
main_commit() { # main_commit SUBJECT: the commit of main with that subject
  git log --format='%H %s' main | awk -v s="$1" 'substr($0, 42) == s { print $1; exit }' | grep .
}
log_index() { # log_index SUBJECT-END: the number of the log commit whose subject ends so
  local i
  for i in "${!logc[@]}"; do
    if [[ "$(git log -1 --format=%s "${logc[$i]}")" == *"$1" ]]; then
      echo "$i"
      return 0
    fi
  done
  echo "no log commit ends with: $1" >&2
  return 1
}
run_dir() { local day=${1#onboarding-}; echo "runs/${day:0:4}/${day:4:2}/${day:6:2}/$1"; }
record_of() { # record_of RUN NAME-PART: the path of the run's record whose name holds NAME-PART
  git ls-tree -r --name-only "$log" -- "$(run_dir "$1")/" | grep -v /evidence/ | grep -e "$2" | head -1 | grep .
}
field() { sed -n "s/^$2: \"\{0,1\}\([^\"]*\)\"\{0,1\}\$/\1/p" <<<"$1"; }
declare -A run_blob run_source run_version
for r in "$run1" "$run2"; do
  start_text=$(git show "$log:$(record_of "$r" -start-)")
  run_blob[$r]=$(field "$start_text" runbook_blob)
  run_source[$r]=$(field "$start_text" source_commit)
  run_version[$r]=$(field "$start_text" version)
done
v1_blob=$(git rev-parse main:runbooks/onboarding/v1.yaml)
v2_blob=$(git rev-parse main:runbooks/onboarding/v2.yaml)
c_add_carol=$(main_commit "Add carol (Carol Writer) as author, approver")
c_add_dave=$(main_commit "Add dave (Dave Leaver) as operator")
c_publish_v1=$(main_commit "Publish onboarding v1: Employee onboarding")
c_publish_v2=$(main_commit "Publish onboarding v2: Employee onboarding")
c_retire=$(main_commit "Retire dave")
c_revoke=$(main_commit "Revoke the key of erin")
i_step1=$(log_index "step 1 done — Create the employee record by alice")
i_step2=$(log_index "step 2 done — Order equipment by alice")
i_step3=$(log_index "step 3 done — Request accounts and access by alice")
i_approve=$(log_index "step 3 approved by bob")
i_step4=$(log_index "step 4 done — Send the welcome email by alice")
i_note1=$(log_index "note by dave")
i_finish=$(log_index "finished, aborted by alice")
i_start2=$(log_index "started by bob")
i_r2step1=$(log_index "step 1 done — Create the employee record by bob")
i_r2step2=$(log_index "step 2 done — Order equipment by bob")
welcome_evidence=$(git ls-tree -r --name-only "$log" | grep -e '-welcome\.pdf$')
check "the valid repository is what the mutations expect"
expect_eq "${#logc[@]}" 12 "log commits"
expect_eq "${run_blob[$run1]}" "$v1_blob" "run 1 follows v1"
expect_eq "${run_blob[$run2]}" "$v2_blob" "run 2 follows v2"
expect_eq "${run_source[$run2]}" "$c_revoke" "run 2 was read from main's tip"
expect_eq "$(git rev-parse main)" "$c_revoke" "main's tip"
expect_eq "$(git rev-list main | wc -l | tr -d ' ')" 9 "main commits"
((${#failures[@]} == 0)) || fatal "the valid repository is not as expected"

# --- raw commits ----------------------------------------------------------------------
# The helpers below keep their scratch files in $tmp: each mutation gets its own.
tmp="$work/tmp"
craft_index="$tmp/craft.index"
mkdir -p "$tmp"
store() { git hash-object --literally -t commit -w --stdin; } # stdin as a commit object, as is
strip_sig() { # the raw commit on stdin without its gpgsig header
  awk 'body { print; next } $0 == "" { body = 1; print; next }
       /^gpgsig / { insig = 1; next } insig && /^ / { next } { insig = 0; print }'
}
sig_block() { # the gpgsig header (with its continuation lines) of commit $1
  git cat-file commit "$1" | awk '$0 == "" { exit } /^gpgsig / { insig = 1; print; next }
                                  insig && /^ / { print; next } { insig = 0 }'
}
splice() { # splice FILE: the raw commit on stdin with FILE's lines put at the end of its headers
  local in="$tmp/splice.in"
  cat >"$in"
  sed '/^$/q' "$in" | sed '$d'
  cat "$1"
  echo
  sed '1,/^$/d' "$in"
}
armor_sig() { # armor_sig KEY… <payload: a gpgsig header holding one signature by every KEY
  local args=() key
  for key in "$@"; do
    args+=(-u "$key")
  done
  gpg --batch --pinentry-mode loopback --passphrase '' --armor --detach-sign "${args[@]}" 2>/dev/null |
    sed '1s/^/gpgsig /; 2,$s/^/ /'
}
# seal SPEC <unsigned raw: stores the commit signed per SPEC and prints its id. SPEC: a
# key (or several, comma-separated, in one block), "-" (unsigned), "keep:C" or "sig:C"
# (the gpgsig header of commit C as it is).
seal() {
  local spec=$1 raw="$tmp/seal.raw"
  cat >"$raw"
  case "$spec" in
    -) store <"$raw" ;;
    keep:* | sig:*) sig_block "${spec#*:}" >"$raw.sig" && splice "$raw.sig" <"$raw" | store ;;
    *)
      local keys
      IFS=, read -ra keys <<<"$spec"
      armor_sig "${keys[@]}" <"$raw" >"$raw.sig" && splice "$raw.sig" <"$raw" | store
      ;;
  esac
}
declare -A signer_cache # the valid repository's commits -> their signers, filled once below
signer_of() { # the fingerprint of the (primary) key whose good signature commit $1 bears
  if [[ -n "${signer_cache[$1]:-}" ]]; then
    echo "${signer_cache[$1]}"
  else
    git verify-commit --raw "$1" 2>&1 | awk '$2 == "VALIDSIG" { print $NF; exit }' | grep .
  fi
}
for c in $(git rev-list main "$log"); do
  signer_cache[$c]=$(signer_of "$c")
done

tree_put() { # tree_put TREE PATH BLOB [MODE]: TREE with PATH set to BLOB ("-": removed)
  rm -f "$tmp/tree.index"
  GIT_INDEX_FILE="$tmp/tree.index" git read-tree "$1"
  if [[ "$3" == - ]]; then
    GIT_INDEX_FILE="$tmp/tree.index" git update-index --force-remove -- "$2"
  else
    GIT_INDEX_FILE="$tmp/tree.index" git update-index --add --cacheinfo "${4:-100644},$3,$2"
  fi
  GIT_INDEX_FILE="$tmp/tree.index" git write-tree
}
tree_has() { git cat-file -e "$1:$2" 2>/dev/null; }
blob_of() { git hash-object -w --stdin; } # stdin as a blob; prints its id

# rewrite REF FIRST: makes FIRST and every later commit of REF again, each pointing to the
# new parents, re-signed by its own signer. Hooks a mutation may redefine:
#   edit_tree COMMIT TREE   prints the tree the new commit gets (default: TREE)
#   edit_raw COMMIT FILE    edits the unsigned raw object in FILE (default: nothing)
#   seal_spec COMMIT        how the new commit is signed (see seal; default: its signer)
# Sets new_of[old commit] = new commit; a mutation may preset new_of to drop commits.
declare -A new_of
edit_tree() { echo "$2"; }
edit_raw() { :; }
seal_spec() { signer_of "$1"; }
rewrite() {
  local ref=$1 first=$2 started="" c old tree raw="$tmp/rewrite.raw"
  for c in $(git rev-list --reverse --topo-order "$ref"); do
    [[ -n "$started" || "$c" == "$first" ]] || continue
    started=yes
    if [[ -n "${new_of[$c]:-}" ]]; then
      continue # dropped: replaced by what new_of says
    fi
    git cat-file commit "$c" | strip_sig >"$raw"
    while read -r old; do
      if [[ -n "${new_of[$old]:-}" ]]; then
        sed -i "0,/^\$/ s/^parent $old\$/parent ${new_of[$old]}/" "$raw"
      fi
    done < <(sed -n '/^$/q; s/^parent //p' "$raw")
    tree=$(edit_tree "$c" "$(git rev-parse "$c^{tree}")")
    sed -i "1s/^tree .*/tree $tree/" "$raw"
    edit_raw "$c" "$raw"
    new_of[$c]=$(seal "$(seal_spec "$c")" <"$raw")
  done
  [[ -n "$started" ]] || { echo "rewrite: $first is not on $ref" >&2; return 1; }
  git update-ref "refs/heads/$ref" "${new_of[$(git rev-parse "$ref")]}"
}

# rebuild_log I…: the log made again from its original commits number I… in that order:
# each adds the files its original added, keeps its message, author and committer and is
# signed by its original signer (hook: seal_spec).
rebuild_log() {
  local i c parent="" tree raw="$tmp/rebuild.raw" mode blob path
  rm -f "$tmp/rebuild.index"
  GIT_INDEX_FILE="$tmp/rebuild.index" git read-tree --empty
  for i in "$@"; do
    c=${logc[$i]}
    while read -r _ mode _ blob _ path; do
      GIT_INDEX_FILE="$tmp/rebuild.index" git update-index --add --cacheinfo "$mode,$blob,$path"
    done < <(git diff-tree -r --root --no-commit-id --no-renames --diff-filter=A "$c" | tr '\t' ' ')
    tree=$(GIT_INDEX_FILE="$tmp/rebuild.index" git write-tree)
    {
      echo "tree $tree"
      [[ -z "$parent" ]] || echo "parent $parent"
      git cat-file commit "$c" | sed '/^$/q' | grep -E '^(author|committer) '
      echo
      git cat-file commit "$c" | sed '1,/^$/d'
    } >"$raw"
    parent=$(seal "$(seal_spec "$c")" <"$raw")
  done
  git update-ref "refs/heads/$log" "$parent"
}

# Hand-made commits: lib.sh's craft_* helpers, in $craft_index.
on_main() { # on_main KEY MESSAGE: commits the crafted tree on main's tip
  git update-ref refs/heads/main "$(craft_commit "$1" "$2" "$(git rev-parse main)")"
}
on_log() { # on_log KEY MESSAGE: commits the crafted tree on the log's tip
  git update-ref "refs/heads/$log" "$(craft_commit "$1" "$2" "$(git rev-parse "$log")")"
}
# The tip of REF made again from its raw object edited by sed EXPR…, signature kept.
sed_tip() {
  local ref=$1
  shift
  git update-ref "refs/heads/$ref" "$(git cat-file commit "$ref" | sed "$@" | store)"
}

# record RUN EVENT STEP OUTCOME BY [LINE…]: a record of RUN in $tmp/record.yaml, pinned
# like the run's start unless pin_version/pin_blob/pin_source are set; sets record_path
# (where it belongs). Empty STEP or OUTCOME: none. record_in: add it to the crafted tree.
serial=0
record() {
  local run=$1 event=$2 step=$3 outcome=$4 by=$5
  shift 5
  serial=$((serial + 1))
  record_path="$(run_dir "$run")/$(date -u +%Y%m%dT%H%M%SZ)-$event${step:+-$step}-$(printf '%04x' $((0xb000 + serial))).yaml"
  write_record "$tmp/record.yaml" "$run" "${pin_version:-${run_version[$run]:-}}" "${pin_blob:-${run_blob[$run]:-}}" \
    "${pin_source:-${run_source[$run]:-}}" "$event" "$step" "$outcome" "$by" "$@"
}
record_in() { craft_add "$record_path" "$tmp/record.yaml"; }
# log_record KEY RUN EVENT STEP OUTCOME BY [LINE…]: one record committed on the log by KEY.
log_record() {
  local key=$1
  shift
  record "$@"
  craft_from "$log"
  record_in
  on_log "$key" "$2${3:+ $3} by $5"
}
start_inputs=('inputs:' '  employee_name: "Ghost Example"' '  start_date: "2026-05-05"'
  '  manager: "Mo Manager"' '  work_location: "Office"')
new_run="onboarding-${run2#onboarding-}" # a run id for runs the mutations start
new_run="${new_run%-*}-beef"

# --- the mutations ----------------------------------------------------------------------
# mutation NAME REF RULE WORDS "what": registers mut_NAME, which applies one mutation to
# a fresh copy of the valid repository (its current folder). verify must then exit 1 and
# print a problem on REF with [RULE] whose message matches WORDS (extended regexps).
m_names=() m_refs=() m_rules=() m_words=() m_whats=()
mutation() {
  m_names+=("$1") m_refs+=("$2") m_rules+=("$3") m_words+=("$4") m_whats+=("$5")
}

# Main: the signed commit objects themselves.
mutation main_tip_message main tampered 'changed after it was signed' \
  "a byte of the message of main's signed tip commit flipped"
mut_main_tip_message() { sed_tip main 's/^Revoke the key of erin$/Revoke the key of erim/'; }

mutation main_old_message main tampered 'changed after it was signed' \
  "a byte of the message of an old main commit flipped, later commits re-signed by their signers"
mut_main_old_message() {
  seal_spec() { if [[ "$1" == "$c_publish_v1" ]]; then echo "keep:$1"; else signer_of "$1"; fi; }
  edit_raw() { [[ "$1" != "$c_publish_v1" ]] || sed -i 's/^Publish onboarding v1:/Publish onboarding v7:/' "$2"; }
  rewrite main "$c_publish_v1"
}

mutation main_author_header main tampered 'changed after it was signed' \
  "a byte of the author header of an old main commit flipped, later commits re-signed"
mut_main_author_header() {
  seal_spec() { if [[ "$1" == "$c_add_carol" ]]; then echo "keep:$1"; else signer_of "$1"; fi; }
  edit_raw() { [[ "$1" != "$c_add_carol" ]] || sed -i '0,/^$/ s/^author E2E Tester/author E2E Tester2/' "$2"; }
  rewrite main "$c_add_carol"
}

mutation main_tree_swapped main tampered 'changed after it was signed' \
  "main's tip points to its parent's tree (the revocation undone), signature kept"
mut_main_tree_swapped() { sed_tip main "1s/^tree .*/tree $(git rev-parse "main^^{tree}")/"; }

mutation main_parent_changed main tampered 'changed after it was signed' \
  "main's tip re-parented onto its grandparent (dave's retirement skipped), signature kept"
mut_main_parent_changed() { sed_tip main "s/^parent .*/parent $(git rev-parse main~2)/"; }

mutation main_signature_removed main unsigned 'not signed' \
  "the signature of an old main commit removed, later commits re-signed"
mut_main_signature_removed() {
  seal_spec() { if [[ "$1" == "$c_add_carol" ]]; then echo -; else signer_of "$1"; fi; }
  rewrite main "$c_add_carol"
}

mutation main_signatures_swapped main tampered 'changed after it was signed' \
  "the signatures of two consecutive main commits by alice swapped, later commits re-signed"
mut_main_signatures_swapped() {
  seal_spec() {
    case "$1" in
      "$c_add_carol") echo "sig:$c_add_dave" ;;
      "$c_add_dave") echo "sig:$c_add_carol" ;;
      *) signer_of "$1" ;;
    esac
  }
  rewrite main "$c_add_carol"
}

mutation main_second_gpgsig main malformed-commit 'more than one gpgsig' \
  "main's tip with its gpgsig header appended a second time"
mut_main_second_gpgsig() {
  sig_block main >"$tmp/block"
  git update-ref refs/heads/main "$(git cat-file commit main | splice "$tmp/block" | store)"
}

mutation main_two_signatures main several-signatures '2 signatures instead of exactly one' \
  "main's tip re-signed with one block holding signatures by alice and carol"
mut_main_two_signatures() {
  seal_spec() { echo "$alice,$carol"; }
  rewrite main "$c_revoke"
}

mutation main_gpgsig_first main malformed-commit 'does not start with its tree' \
  "main's tip with its (good) gpgsig header moved before the tree header"
mut_main_gpgsig_first() {
  { sig_block main; git cat-file commit main | strip_sig; } | store >"$tmp/id"
  # git update-ref refuses an object that Git cannot parse: write the loose ref itself.
  cat "$tmp/id" >.git/refs/heads/main # a loose ref wins over a packed one
  [[ "$(git rev-parse --verify -q refs/heads/main)" == "$(cat "$tmp/id")" ]]
}

mutation main_extra_header main malformed-commit 'header Git does not write' \
  "main's tip with an extra header, re-signed by alice"
mut_main_extra_header() {
  edit_raw() { sed -i '0,/^committer / s/^\(committer .*\)$/\1\nx-approved-by board/' "$2"; }
  rewrite main "$c_revoke"
}

mutation main_nul_byte main malformed-commit 'NUL' \
  "main's tip with a NUL byte in its message, re-signed by alice"
mut_main_nul_byte() {
  edit_raw() { printf 'hidden\0part\n' >>"$2"; }
  rewrite main "$c_revoke"
}

mutation main_signature_in_message main malformed-commit 'signature|armored|PGP' \
  "main's tip re-signed by alice with a second armored signature pasted into its message"
mut_main_signature_in_message() {
  edit_raw() { { echo; sig_block "$c_retire" | sed 's/^gpgsig //; s/^ //'; } >>"$2"; }
  rewrite main "$c_revoke"
}



mutation main_reroot main outside-trust-root 'trust root' \
  "main's whole history made again from a new first commit, every commit re-signed by its signer"
mut_main_reroot() {
  edit_raw() { [[ "$1" != "$root" ]] || sed -i 's/^Set up runbooks:/Set up the runbooks:/' "$2"; }
  rewrite main "$root"
}

# Main: published versions.
mutation main_v1_history_rewritten "$log" not-published 'runbooks/onboarding/v1.yaml .*not published' \
  "v1 rewritten from its publication on, the whole chain re-signed by alice (admin, author); run 1 pins the original v1"
mut_main_v1_history_rewritten() {
  local forged
  forged=$(git show main:runbooks/onboarding/v1.yaml | sed 's/^title: .*/title: Employee onboarding (lighter)/' | blob_of)
  edit_tree() { if tree_has "$2" runbooks/onboarding/v1.yaml; then tree_put "$2" runbooks/onboarding/v1.yaml "$forged"; else echo "$2"; fi; }
  seal_spec() { echo "$alice"; }
  rewrite main "$c_publish_v1"
}

mutation main_v1_edited_in_old_commit main append-only 'onboarding/v1.yaml is published and cannot change' \
  "v1 edited inside an old commit (alice's 'Add dave'), later commits carry it, all re-signed by their signers"
mut_main_v1_edited_in_old_commit() {
  local forged
  forged=$(git show main:runbooks/onboarding/v1.yaml | sed 's/^title: .*/title: Employee onboarding (lighter)/' | blob_of)
  edit_tree() { tree_put "$2" runbooks/onboarding/v1.yaml "$forged"; }
  rewrite main "$c_add_dave"
}

mutation main_v1_edited main append-only 'onboarding/v1.yaml is published and cannot change' \
  "v1 edited in a new commit signed by carol (author)"
mut_main_v1_edited() {
  craft_from main
  craft_add runbooks/onboarding/v1.yaml <(git show main:runbooks/onboarding/v1.yaml | sed 's/^title: .*/title: Onboarding (quietly changed)/')
  on_main "$carol" "Small fix to v1"
}

mutation main_tree_twice main malformed-tree 'holds "v1.yaml" twice' \
  "a commit by carol whose onboarding folder holds v1.yaml twice, the original first and an edited copy second"
mut_main_tree_twice() {
  local edited folder runbooks root
  edited=$(git show main:runbooks/onboarding/v1.yaml | sed 's/^title: .*/title: Onboarding (quietly changed)/' | blob_of)
  folder=$(tree_twice main:runbooks/onboarding v1.yaml "$edited")
  runbooks=$(with_entry main:runbooks onboarding "$folder" | git mktree)
  root=$(with_entry main runbooks "$runbooks" | git mktree)
  git update-ref refs/heads/main "$(git commit-tree -S"$carol" -p main -m "Small fix" "$root")"
}

mutation main_v2_deleted main append-only 'onboarding/v2.yaml is published and cannot be removed' \
  "v2 deleted in a new commit signed by carol"
mut_main_v2_deleted() {
  craft_from main
  craft_rm runbooks/onboarding/v2.yaml
  on_main "$carol" "Remove v2"
}

mutation main_v1_renamed main append-only 'onboarding/v1.yaml is published and cannot be removed' \
  "v1 renamed to another runbook's folder in a new commit signed by carol"
mut_main_v1_renamed() {
  craft_from main
  craft_rm runbooks/onboarding/v1.yaml
  craft_add runbooks/welcome/v1.yaml <(git show main:runbooks/onboarding/v1.yaml | sed 's/^id: onboarding$/id: welcome/')
  on_main "$carol" "Rename onboarding to welcome"
}

mutation main_version_gap main append-only 'v4.yaml skips version 3' \
  "onboarding v4 published without v3, signed by carol"
mut_main_version_gap() {
  craft_from main
  craft_add runbooks/onboarding/v4.yaml <(git show main:runbooks/onboarding/v2.yaml | sed 's/^version: 2$/version: 4/')
  on_main "$carol" "Publish onboarding v4"
}

mutation main_symlink main not-regular-file 'onboarding/v3.yaml (is a link|must be an ordinary file)' \
  "runbooks/onboarding/v3.yaml added as a symbolic link to v2.yaml, signed by carol"
mut_main_symlink() {
  craft_from main
  craft_link runbooks/onboarding/v3.yaml v2.yaml
  on_main "$carol" "Link v3 to v2"
}

mutation main_stray_file main append-only 'onboarding/notes.txt does not belong' \
  "a notes.txt under runbooks/onboarding/, signed by carol"
mut_main_stray_file() {
  craft_from main
  craft_text runbooks/onboarding/notes.txt "remember the laptop"
  on_main "$carol" "Add notes"
}

mutation main_invalid_runbook main invalid-file 'runbooks/broken/v1.yaml:[0-9]+' \
  "a runbook that is not valid YAML, signed by carol"
mut_main_invalid_runbook() {
  craft_from main
  craft_text runbooks/broken/v1.yaml $'id: broken\nversion: 1\ntitle: [never closed\n'
  on_main "$carol" "Publish broken v1"
}

mutation main_id_mismatch main invalid-file 'runbooks/welcome/v1.yaml:[0-9]+:[0-9]+: .*(onboarding|welcome)' \
  "a runbook whose id is not its folder, signed by carol"
mut_main_id_mismatch() {
  craft_from main
  craft_add runbooks/welcome/v1.yaml <(git show main:runbooks/onboarding/v1.yaml)
  on_main "$carol" "Publish welcome v1"
}

mutation main_too_large main too-large 'runbooks/huge/v1.yaml is larger than 1 MiB' \
  "a runbook file over 1 MiB (a valid runbook padded with a comment), signed by carol"
mut_main_too_large() {
  {
    git show main:runbooks/onboarding/v1.yaml | sed 's/^id: onboarding$/id: huge/'
    printf '# %01100000d\n' 0
  } >"$tmp/huge.yaml"
  craft_from main
  craft_add runbooks/huge/v1.yaml "$tmp/huge.yaml"
  on_main "$carol" "Publish huge v1"
}

mutation main_runbook_by_operator main not-authorized 'bob changed runbooks/welcome/v1.yaml, which needs the author role' \
  "a runbook published on main by bob (operator, not author)"
mut_main_runbook_by_operator() {
  craft_from main
  craft_add runbooks/welcome/v1.yaml <(git show main:runbooks/onboarding/v1.yaml | sed 's/^id: onboarding$/id: welcome/')
  on_main "$bob" "Publish welcome v1"
}

# Main: policy and keys.
mutation main_policy_by_author main not-authorized 'carol changed .runbook/policy.yaml, which needs the admin role' \
  "a policy change by carol (author, not admin): she makes herself admin"
mut_main_policy_by_author() {
  craft_from main
  craft_add .runbook/policy.yaml <(git show main:.runbook/policy.yaml | sed 's/roles: \[author, approver\]/roles: [admin, author, approver]/')
  [[ "$(GIT_INDEX_FILE="$craft_index" git write-tree)" != "$(git rev-parse "main^{tree}")" ]]
  on_main "$carol" "Make carol an admin"
}

mutation main_policy_invalid main 'invalid-file|invalid-policy' '\.runbook/policy\.yaml' \
  "the policy made invalid (version: 7) by alice (admin)"
mut_main_policy_invalid() {
  craft_from main
  craft_add .runbook/policy.yaml <(git show main:.runbook/policy.yaml | sed 's/^version: 1$/version: 7/')
  [[ "$(GIT_INDEX_FILE="$craft_index" git write-tree)" != "$(git rev-parse "main^{tree}")" ]]
  on_main "$alice" "Policy version 7"
}

mutation main_policy_removed main 'invalid-file|invalid-policy' 'policy\.yaml' \
  "the policy file deleted by alice (admin)"
mut_main_policy_removed() {
  craft_from main
  craft_rm .runbook/policy.yaml
  on_main "$alice" "No more policy"
}

mutation main_key_replaced main bad-key-file "keys/bob\\.asc .*$bob|$bob.*bob" \
  "bob's key file replaced with mallory's public key by alice (admin)"
mut_main_key_replaced() {
  craft_from main
  craft_add .runbook/keys/bob.asc "$work/mallory.asc"
  on_main "$alice" "Update bob's key"
}


mutation main_revoked_signs main not-authorized 'erin is revoked|key of erin is revoked' \
  "a commit by erin (author) on main after her key was revoked"
mut_main_revoked_signs() {
  craft_from main
  craft_text README.md "Runbooks of the team"
  on_main "$erin" "Add a README"
}

mutation main_revoked_merged main revoked-key 'revoked' \
  "erin's commit made aside on top of the pre-revocation history, merged into main by alice after the revocation"
mut_main_revoked_merged() {
  local side
  craft_from "$c_publish_v2"
  craft_text NOTES.md "erin's notes"
  side=$(craft_commit "$erin" "Erin's notes" "$c_publish_v2")
  craft_from main
  craft_text NOTES.md "erin's notes"
  git update-ref refs/heads/main "$(craft_commit "$alice" "Merge erin's notes" main "$side")"
}


mutation main_merge_of_outsider main unknown-signer "$mallory" \
  "a merge by carol that brings in a commit by mallory (no policy holds her key)"
mut_main_merge_of_outsider() {
  local side
  craft_from main
  craft_text NOTES.md "from outside"
  side=$(craft_commit "$mallory" "Notes from outside" main)
  git update-ref refs/heads/main "$(craft_commit "$carol" "Merge the notes" main "$side")"
}

mutation main_merge_by_operator main not-authorized 'merge' \
  "a merge commit on main signed by bob (operator)"
mut_main_merge_by_operator() {
  local side
  craft_from main
  craft_text NOTES.md "an idea"
  side=$(craft_commit "$carol" "An idea" main)
  git update-ref refs/heads/main "$(craft_commit "$bob" "Merge the idea" main "$side")"
}

mutation main_tip_dropped "$log" not-published 'source commit .*not on the protected branch' \
  "main rewound by one commit (erin's revocation dropped); run 2 was read from that commit"
mut_main_tip_dropped() { git update-ref refs/heads/main main^; }

mutation main_middle_dropped "$log" not-published 'source commit .*not on the protected branch' \
  "'Retire dave' dropped from main, the later commit re-signed by alice (its tree still retires dave)"
mut_main_middle_dropped() {
  new_of[$c_retire]=$(git rev-parse "$c_retire^")
  rewrite main "$c_retire"
}

# Log: the signed commit objects themselves.
mutation log_tip_message "$log" tampered 'changed after it was signed' \
  "a byte of the message of the log's signed tip commit flipped"
mut_log_tip_message() { sed_tip "$log" 's/^waiting for the manager/waiting for the mamager/'; }

mutation log_old_message "$log" tampered 'changed after it was signed' \
  "a byte of the message of an old log commit (bob's approval) flipped, later commits re-signed"
mut_log_old_message() {
  local target=${logc[$i_approve]}
  seal_spec() { if [[ "$1" == "$target" ]]; then echo "keep:$1"; else signer_of "$1"; fi; }
  edit_raw() { [[ "$1" != "$target" ]] || sed -i 's/step 3 approved by bob/step 4 approved by bob/' "$2"; }
  rewrite "$log" "$target"
}

mutation log_signature_removed "$log" unsigned 'not signed' \
  "the signature of the log's tip commit removed"
mut_log_signature_removed() {
  seal_spec() { echo -; }
  rewrite "$log" "$(git rev-parse "$log")"
}

mutation log_signatures_swapped "$log" tampered 'changed after it was signed' \
  "the signatures of two consecutive log commits by bob swapped, the later one re-signed"
mut_log_signatures_swapped() {
  local a=${logc[$i_r2step1]} b=${logc[$i_r2step2]}
  seal_spec() {
    case "$1" in
      "$a") echo "sig:$b" ;;
      "$b") echo "sig:$a" ;;
      *) signer_of "$1" ;;
    esac
  }
  rewrite "$log" "$a"
}

mutation log_second_gpgsig "$log" malformed-commit 'more than one gpgsig' \
  "the log's tip with its gpgsig header appended a second time"
mut_log_second_gpgsig() {
  sig_block "$log" >"$tmp/block"
  git update-ref "refs/heads/$log" "$(git cat-file commit "$log" | splice "$tmp/block" | store)"
}

mutation log_two_signatures "$log" several-signatures '2 signatures instead of exactly one' \
  "the log's tip re-signed with one block holding signatures by bob and alice"
mut_log_two_signatures() {
  seal_spec() { echo "$bob,$alice"; }
  rewrite "$log" "$(git rev-parse "$log")"
}

mutation log_reordered_signatures_kept "$log" tampered 'changed after it was signed' \
  "two log commits (steps 1 and 2 of run 1) swapped in order, their signatures kept"
mut_log_reordered_signatures_kept() {
  local order=() i
  seal_spec() { echo "keep:$1"; }
  for i in "${!logc[@]}"; do
    case "$i" in
      "$i_step1") order+=("$i_step2") ;;
      "$i_step2") order+=("$i_step1") ;;
      *) order+=("$i") ;;
    esac
  done
  rebuild_log "${order[@]}"
}

# Log: history rewritten, every commit re-signed by its own signer.
log_order_without() { # the log's commit numbers without those given
  local i skip
  for i in "${!logc[@]}"; do
    for skip in "$@"; do
      [[ "$i" != "$skip" ]] || continue 2
    done
    echo "$i"
  done
}
log_order_swapped() { # the log's commit numbers with A and B swapped
  local i
  for i in "${!logc[@]}"; do
    case "$i" in
      "$1") echo "$2" ;;
      "$2") echo "$1" ;;
      *) echo "$i" ;;
    esac
  done
}

mutation log_commit_dropped "$log" notice:not-ready 'came before the step was recorded as done' \
  "the log commit of run 1's step 3 dropped, the chain rebuilt and re-signed (its approval stays)"
mut_log_commit_dropped() {
  local order
  mapfile -t order < <(log_order_without "$i_step3")
  rebuild_log "${order[@]}"
}

mutation log_reordered_approval_first "$log" notice:not-ready 'came before the step was recorded as done' \
  "run 1's approval of step 3 moved before step 3, the chain re-signed"
mut_log_reordered_approval_first() {
  local order
  mapfile -t order < <(log_order_swapped "$i_step3" "$i_approve")
  rebuild_log "${order[@]}"
}

mutation log_reordered_finish_early "$log" notice:after-finish 'came after .* finished the run' \
  "run 1's finish moved before dave's note, the chain re-signed"
mut_log_reordered_finish_early() {
  local order
  mapfile -t order < <(log_order_swapped "$i_note1" "$i_finish")
  rebuild_log "${order[@]}"
}

mutation log_reordered_step_before_start "$log" 'no-start|record-rule' 'no readable start record|there is no run' \
  "run 2's step 1 moved before its start, the chain re-signed"
mut_log_reordered_step_before_start() {
  local order
  mapfile -t order < <(log_order_swapped "$i_start2" "$i_r2step1")
  rebuild_log "${order[@]}"
}

mutation log_record_edited_other_signer "$log" wrong-signer 'says it is by alice but the commit is signed by bob' \
  "run 1's step-1 record edited in history and its commit re-signed by bob"
mut_log_record_edited_other_signer() {
  local target=${logc[$i_step1]} path forged
  path=$(record_of "$run1" -step-1-)
  forged=$(git show "$log:$path" | sed 's#https://hr.example/e/1#https://hr.example/e/13#' | blob_of)
  edit_tree() { if tree_has "$2" "$path"; then tree_put "$2" "$path" "$forged"; else echo "$2"; fi; }
  seal_spec() { if [[ "$1" == "$target" ]]; then echo "$bob"; else signer_of "$1"; fi; }
  rewrite "$log" "$target"
}

mutation log_record_edited_signature_kept "$log" tampered 'changed after it was signed' \
  "run 1's step-1 record edited in history, its commit's signature kept, later commits re-signed"
mut_log_record_edited_signature_kept() {
  local target=${logc[$i_step1]} path forged
  path=$(record_of "$run1" -step-1-)
  forged=$(git show "$log:$path" | sed 's#https://hr.example/e/1#https://hr.example/e/13#' | blob_of)
  edit_tree() { if tree_has "$2" "$path"; then tree_put "$2" "$path" "$forged"; else echo "$2"; fi; }
  seal_spec() { if [[ "$1" == "$target" ]]; then echo "keep:$1"; else signer_of "$1"; fi; }
  rewrite "$log" "$target"
}

mutation log_record_edited_by_author "$log" notice:not-ready 'came before the step was recorded as done' \
  "run 1's step-3 record changed to skipped in history, re-signed by its author alice (bob's approval then approves nothing)"
mut_log_record_edited_by_author() {
  local path forged
  path=$(record_of "$run1" -step-3-)
  forged=$(git show "$log:$path" | sed 's/^outcome: .*/outcome: "skipped"/' | blob_of)
  edit_tree() { if tree_has "$2" "$path"; then tree_put "$2" "$path" "$forged"; else echo "$2"; fi; }
  rewrite "$log" "${logc[$i_step3]}"
}

mutation log_by_changed "$log" wrong-signer 'says it is by carol but the commit is signed by bob' \
  "the by of bob's approval changed to carol in history, re-signed by bob"
mut_log_by_changed() {
  local path forged
  path=$(record_of "$run1" -approve-3-)
  forged=$(git show "$log:$path" | sed 's/^by: .*/by: "carol"/' | blob_of)
  edit_tree() { if tree_has "$2" "$path"; then tree_put "$2" "$path" "$forged"; else echo "$2"; fi; }
  rewrite "$log" "${logc[$i_approve]}"
}

mutation log_by_changed_to_approver "$log" record-rule 'bob recorded step 3 and cannot also approve' \
  "run 1's step 3 rewritten as done by bob (re-signed by bob), so bob approved his own step"
mut_log_by_changed_to_approver() {
  local target=${logc[$i_step3]} path forged
  path=$(record_of "$run1" -step-3-)
  forged=$(git show "$log:$path" | sed 's/^by: .*/by: "bob"/' | blob_of)
  edit_tree() { if tree_has "$2" "$path"; then tree_put "$2" "$path" "$forged"; else echo "$2"; fi; }
  seal_spec() { if [[ "$1" == "$target" ]]; then echo "$bob"; else signer_of "$1"; fi; }
  rewrite "$log" "$target"
}

mutation log_record_moved_in_history "$log" misplaced-record "is not where a note record of run $run1 belongs" \
  "dave's note of run 1 filed under run 2's folder in history, the chain re-signed"
mut_log_record_moved_in_history() {
  local path moved blob
  path=$(record_of "$run1" -note-)
  moved="$(run_dir "$run2")/${path##*/}"
  blob=$(git rev-parse "$log:$path")
  edit_tree() {
    if tree_has "$2" "$path"; then tree_put "$(tree_put "$2" "$path" -)" "$moved" "$blob"; else echo "$2"; fi
  }
  rewrite "$log" "${logc[$i_note1]}"
}

mutation log_record_renamed_in_history "$log" misplaced-record 'is not where a step record' \
  "run 1's step-1 record renamed to a step-7 name in history, the chain re-signed"
mut_log_record_renamed_in_history() {
  local path renamed blob
  path=$(record_of "$run1" -step-1-)
  renamed=${path/-step-1-/-step-7-}
  blob=$(git rev-parse "$log:$path")
  edit_tree() {
    if tree_has "$2" "$path"; then tree_put "$(tree_put "$2" "$path" -)" "$renamed" "$blob"; else echo "$2"; fi
  }
  rewrite "$log" "${logc[$i_step1]}"
}

mutation log_evidence_replaced "$log" evidence-mismatch 'welcome\.pdf does not match the size and sha256' \
  "the evidence file of run 1's step 4 replaced in history, the chain re-signed"
mut_log_evidence_replaced() {
  local forged
  forged=$(printf 'Welcome aboard, Mallory!\n' | blob_of)
  edit_tree() { if tree_has "$2" "$welcome_evidence"; then tree_put "$2" "$welcome_evidence" "$forged"; else echo "$2"; fi; }
  rewrite "$log" "${logc[$i_step4]}"
}

mutation log_evidence_removed "$log" missing-evidence 'welcome\.pdf, which the commit does not hold' \
  "the evidence file of run 1's step 4 taken out of history, the chain re-signed"
mut_log_evidence_removed() {
  edit_tree() { if tree_has "$2" "$welcome_evidence"; then tree_put "$2" "$welcome_evidence" -; else echo "$2"; fi; }
  rewrite "$log" "${logc[$i_step4]}"
}

mutation log_evidence_sha256_changed "$log" evidence-mismatch 'welcome\.pdf does not match the size and sha256' \
  "the sha256 of the evidence in run 1's step-4 record changed in history, re-signed by alice"
mut_log_evidence_sha256_changed() {
  local path forged
  path=$(record_of "$run1" -step-4-)
  forged=$(git show "$log:$path" | sed -E "s/^( *sha256: ).*/\1\"$(printf 'forged' | sha256sum | cut -d' ' -f1)\"/" | blob_of)
  [[ "$forged" != "$(git rev-parse "$log:$path")" ]]
  edit_tree() { if tree_has "$2" "$path"; then tree_put "$2" "$path" "$forged"; else echo "$2"; fi; }
  rewrite "$log" "${logc[$i_step4]}"
}

mutation log_evidence_size_changed "$log" evidence-mismatch 'welcome\.pdf does not match the size and sha256' \
  "the size of the evidence in run 1's step-4 record changed in history, re-signed by alice"
mut_log_evidence_size_changed() {
  local path forged size
  path=$(record_of "$run1" -step-4-)
  size=$(git cat-file -s "$log:$welcome_evidence")
  forged=$(git show "$log:$path" | sed -E "s/^( *size: )$size\$/\1$((size + 1))/" | blob_of)
  [[ "$forged" != "$(git rev-parse "$log:$path")" ]]
  edit_tree() { if tree_has "$2" "$path"; then tree_put "$2" "$path" "$forged"; else echo "$2"; fi; }
  rewrite "$log" "${logc[$i_step4]}"
}

# Log: new commits on the tip that change what is there.
mutation log_record_edited "$log" log-rewritten 'changes or removes .*-step-1-.*records are never changed' \
  "run 1's step-1 record edited in a new commit signed by its author alice"
mut_log_record_edited() {
  local path
  path=$(record_of "$run1" -step-1-)
  craft_from "$log"
  craft_add "$path" <(git show "$log:$path" | sed 's/^outcome: .*/outcome: "skipped"/')
  on_log "$alice" "step 1 skipped after all"
}

mutation log_record_deleted "$log" log-rewritten 'changes or removes .*-note-' \
  "bob's note in run 2 deleted in a new commit signed by bob"
mut_log_record_deleted() {
  craft_from "$log"
  craft_rm "$(record_of "$run2" -note-)"
  on_log "$bob" "take back a note"
}

mutation log_record_moved "$log" log-rewritten 'changes or removes .*-note-' \
  "bob's note moved from run 2's folder to run 1's in a new commit signed by bob"
mut_log_record_moved() {
  local path
  path=$(record_of "$run2" -note-)
  craft_from "$log"
  craft_rm "$path"
  craft_add "$(run_dir "$run1")/${path##*/}" <(git show "$log:$path")
  on_log "$bob" "move a note"
}



# Log: new commits with records that break a rule.
mutation log_merge "$log" log-not-linear 'it is a merge' \
  "a merge on the log (bob's note on a side line, merged by bob)"
mut_log_merge() {
  local side
  record "$run2" note "" "" bob 'note: "side line"'
  craft_from "$log"
  record_in
  side=$(craft_commit "$bob" "note on a side line" "$log")
  craft_from "$side"
  git update-ref "refs/heads/$log" "$(craft_commit "$bob" "merge the side line" "$log" "$side")"
}

mutation log_not_a_record "$log" outside-runs 'it adds README.md, outside runs/' \
  "a README on the log, signed by bob"
mut_log_not_a_record() {
  craft_from "$log"
  craft_text README.md "the log"
  on_log "$bob" "README on the log"
}

mutation log_file_in_run_subfolder "$log" outside-runs 'neither a record nor evidence' \
  "a file in a sub-folder of run 2 that is neither a record nor evidence, signed by bob"
mut_log_file_in_run_subfolder() {
  craft_from "$log"
  craft_text "$(run_dir "$run2")/scratch/todo.txt" "call the manager"
  on_log "$bob" "scratch"
}

mutation log_symlink "$log" not-regular-file 'is not a regular file' \
  "a record path on the log that is a symbolic link, signed by bob"
mut_log_symlink() {
  record "$run2" note "" "" bob 'note: "linked"'
  craft_from "$log"
  craft_link "$record_path" "$(record_of "$run2" -note-)"
  on_log "$bob" "linked note"
}

mutation log_two_records "$log" one-record 'adds 2 record files' "two notes in one log commit by bob"
mut_log_two_records() {
  craft_from "$log"
  record "$run2" note "" "" bob 'note: "first"'
  record_in
  record "$run2" note "" "" bob 'note: "second"'
  record_in
  on_log "$bob" "two notes"
}

mutation log_empty_commit "$log" one-record 'adds 0 record files' "an empty commit on the log, signed by bob"
mut_log_empty_commit() {
  craft_from "$log"
  on_log "$bob" "nothing"
}

mutation log_invalid_record "$log" invalid-record 'by' "a note without by, signed by bob"
mut_log_invalid_record() {
  record "$run2" note "" "" bob 'note: "who?"'
  sed -i '/^by: /d' "$tmp/record.yaml"
  craft_from "$log"
  record_in
  on_log "$bob" "note"
}

mutation log_wrong_day_folder "$log" misplaced-record "is not where a note record of run $run2 belongs" \
  "a note of run 2 filed under another day's folder, signed by bob"
mut_log_wrong_day_folder() {
  record "$run2" note "" "" bob 'note: "lost"'
  record_path="runs/2020/01/01/$run2/${record_path##*/}"
  craft_from "$log"
  record_in
  on_log "$bob" "note"
}



mutation log_unknown_signer "$log" unknown-signer "$mallory" "a note by mallory, whose key no policy holds"
mut_log_unknown_signer() { log_record "$mallory" "$run2" note "" "" mallory 'note: "hello"'; }

mutation log_retired_records "$log" 'not-authorized|record-rule' 'dave is retired' \
  "a note by dave in run 2, which started after dave was retired"
mut_log_retired_records() { log_record "$dave" "$run2" note "" "" dave 'note: "still here"'; }

mutation log_retired_after_use "$log" not-authorized 'dave is retired.*already retired' \
  "a note by dave in run 1 (pinned before his retirement), after run 2 followed a version that retires him"
mut_log_retired_after_use() { log_record "$dave" "$run1" note "" "" dave 'note: "one more thing"'; }

mutation log_revoked_records "$log" 'not-authorized|record-rule' 'erin is revoked|key of erin is revoked' \
  "a note signed by erin after her key was revoked"
mut_log_revoked_records() { log_record "$erin" "$run2" note "" "" erin 'note: "still here"'; }

mutation log_pinned_other_blob "$log" pin-mismatch "another runbook version than its run's start" \
  "a note in run 2 (on v2) pinned to the v1 blob"
mut_log_pinned_other_blob() {
  pin_version=1 pin_blob=$v1_blob pin_source=${run_source[$run1]}
  log_record "$bob" "$run2" note "" "" bob 'note: "other pin"'
}

mutation log_pinned_unpublished "$log" not-published 'runbooks/onboarding/v2.yaml .*not published' \
  "a new run started on a v2 blob that was never published"
mut_log_pinned_unpublished() {
  pin_version=2 pin_source=$c_revoke
  pin_blob=$(git show main:runbooks/onboarding/v2.yaml | sed 's/^title: .*/title: Employee onboarding (draft)/' | blob_of)
  log_record "$bob" "$new_run" start "" "" bob "${start_inputs[@]}"
}

mutation log_pinned_unpublished_version "$log" not-published 'runbooks/onboarding/v3.yaml .*not published' \
  "a new run started on onboarding v3, which does not exist on main (v2's blob named as v3)"
mut_log_pinned_unpublished_version() {
  pin_version=3 pin_source=$c_revoke pin_blob=$v2_blob
  log_record "$bob" "$new_run" start "" "" bob "${start_inputs[@]}"
}

mutation log_pinned_foreign_source "$log" not-published 'source commit .*not on the protected branch' \
  "a new run started on v2 read from a commit that is not on main (a side commit holding the same v2)"
mut_log_pinned_foreign_source() {
  craft_from main
  craft_text NOTES.md "side"
  pin_version=2 pin_blob=$v2_blob pin_source=$(craft_commit "$carol" "A side commit" main)
  log_record "$bob" "$new_run" start "" "" bob "${start_inputs[@]}"
}

mutation log_after_finish "$log" notice:after-finish 'came after .* finished the run' \
  "a note in run 1 after it finished, by alice"
mut_log_after_finish() { log_record "$alice" "$run1" note "" "" alice 'note: "one more thing"'; }

mutation log_approval_by_performer "$log" record-rule 'bob recorded step 3 and cannot also approve' \
  "bob does step 3 of run 2 and approves it himself"
mut_log_approval_by_performer() {
  log_record "$bob" "$run2" step 3 done bob 'note: "standard accounts"'
  log_record "$bob" "$run2" approve 3 "" bob
}

mutation log_approval_before_done "$log" notice:not-ready 'came before the step was recorded as done' \
  "carol approves step 3 of run 2 before anyone did it"
mut_log_approval_before_done() { log_record "$carol" "$run2" approve 3 "" carol; }

mutation log_unknown_step "$log" record-rule 'has no step 77' "a step 77 in run 2 (onboarding has 9)"
mut_log_unknown_step() { log_record "$bob" "$run2" step 77 done bob 'note: "extra"'; }

mutation log_step_skips_approval "$log" notice:while-awaiting-approval 'still waited for approval' \
  "bob does step 3 of run 2, then step 4 before step 3 is approved"
mut_log_step_skips_approval() {
  log_record "$bob" "$run2" step 3 done bob 'note: "standard accounts"'
  log_record "$bob" "$run2" step 5 done bob 'note: "buddy: Bo"'
}

mutation log_missing_required_evidence "$log" record-rule 'step 3 asks for a written note' \
  "step 3 of run 2 done without the note it asks for"
mut_log_missing_required_evidence() { log_record "$bob" "$run2" step 3 done bob; }

mutation log_finish_incomplete "$log" notice:not-ready 'completed the run while step' \
  "run 2 finished as completed with steps 3 to 9 open"
mut_log_finish_incomplete() { log_record "$bob" "$run2" finish "" completed bob; }

mutation log_second_start "$log" record-rule 'already started' "run 2 started a second time"
mut_log_second_start() { log_record "$bob" "$run2" start "" "" bob "${start_inputs[@]}"; }

mutation log_start_by_non_operator "$log" record-rule 'carol may not start runs' \
  "a run started by carol (author, approver; not operator)"
mut_log_start_by_non_operator() {
  pin_version=2 pin_blob=$v2_blob pin_source=$c_revoke
  log_record "$carol" "$new_run" start "" "" carol "${start_inputs[@]}"
}

mutation log_start_input_off_pattern "$log" record-rule 'does not have the form "start_date" needs' \
  "a run started by bob with a start date that breaks the runbook's pattern"
mut_log_start_input_off_pattern() {
  pin_version=2 pin_blob=$v2_blob pin_source=$c_revoke
  log_record "$bob" "$new_run" start "" "" bob "${start_inputs[@]/2026-05-05/next monday}"
}

mutation log_start_input_undeclared "$log" record-rule '"is_admin" is not one that runbook onboarding' \
  "a run started by bob with an input the runbook does not declare"
mut_log_start_input_undeclared() {
  pin_version=2 pin_blob=$v2_blob pin_source=$c_revoke
  log_record "$bob" "$new_run" start "" "" bob "${start_inputs[@]}" '  is_admin: "yes"'
}

mutation log_start_input_missing "$log" record-rule 'needs the input "work_location", and the start has none' \
  "a run started by bob without the required work location"
mut_log_start_input_missing() {
  pin_version=2 pin_blob=$v2_blob pin_source=$c_revoke
  log_record "$bob" "$new_run" start "" "" bob "${start_inputs[@]:0:4}"
}

mutation log_stray_evidence "$log" stray-file 'which its record does not name' \
  "a note of run 2 with an evidence file its record does not name"
mut_log_stray_evidence() {
  record "$run2" note "" "" bob 'note: "with a stowaway"'
  craft_from "$log"
  record_in
  craft_text "$(run_dir "$run2")/evidence/0123456789ab-list.txt" "the list"
  on_log "$bob" "note"
}


# --- apply every mutation to its own copy, verify them all, check each -----------------
# run_mutation NAME: copies the valid repository to mutants/NAME, applies mut_NAME there (in
# a subshell with errexit, so that its hooks and variables stay its own), then runs verify
# in it; the results land in mutants/NAME.{apply,apply-rc,out,err,rc}. Runs in the
# background, four at a time: verify mostly waits on gpg, so this saves time, not cores.
run_mutation() {
  local name=$1 dir="$work/mutants/$1"
  set +e
  cp -a "$pristine" "$dir" && mkdir "$dir.tmp"
  (
    set -e
    tmp="$dir.tmp"
    craft_index="$tmp/craft.index"
    cd "$dir"
    "mut_$name"
  ) >"$dir.apply" 2>&1
  echo $? >"$dir.apply-rc"
  local rc=0
  cd "$dir" && runbook verify >"$dir.out" 2>"$dir.err" || rc=$?
  echo "$rc" >"$dir.rc"
  # The same history received by a server with the hook (one judge, DESIGN §8): an
  # empty server pinned to the same trust root takes main and the log in one push.
  rc=0
  cp -a "$server_template" "$dir.git" &&
    git push -q "file://$dir.git" "+refs/heads/main:refs/heads/main" "+refs/heads/$log:refs/heads/$log" \
      >"$dir.hook-out" 2>&1 || rc=$?
  echo "$rc" >"$dir.hook-rc"
  rm -rf "$dir.git"
  return 0
}
server_template="$work/server-template.git"
git init -q --bare "$server_template" && runbook hook install "$server_template" >/dev/null 2>&1 &&
  git -C "$server_template" config runbook.trustRoot "$root" || fatal "preparing the hooked server failed"
total=${#m_names[@]}
echo "--- applying $total mutations, each to a fresh copy, and verifying each (four at a time)"
mkdir -p "$work/mutants"
started_at=$SECONDS
for name in "${m_names[@]}"; do
  while (($(jobs -rp | wc -l) >= 4)); do
    wait -n || true
  done
  run_mutation "$name" &
done
wait
echo "    done in $((SECONDS - started_at)) s"

reported=0
malformed_by_git=0
missed=()
for n in "${!m_names[@]}"; do
  name=${m_names[$n]} ref=${m_refs[$n]} rule=${m_rules[$n]} words=${m_words[$n]}
  check "mutation $((n + 1)) of $total, $name: ${m_whats[$n]} -> [$rule] on $ref"
  before=${#failures[@]}
  last_command="runbook verify   # in a copy with mutation $name applied"
  shown_command=""
  rc=$(cat "$work/mutants/$name.rc")
  stdout=$(cat "$work/mutants/$name.out")
  stderr=$(cat "$work/mutants/$name.err")
  out="$stdout${stderr:+$'\n'$stderr}"
  if [[ "$(cat "$work/mutants/$name.apply-rc")" != 0 ]]; then
    out=$(cat "$work/mutants/$name.apply")
    fail "applying the mutation failed (a fault of this test)"
    missed+=("$name (not applied)")
    continue
  fi
  if [[ $rule == notice:* ]]; then
    # An ordering conflict (DESIGN §4): every record is valid for its author, so verify
    # accepts the log and flags the run.
    expect_eq "$rc" 0 "exit code of verify"
    expect_stdout "^notice: run .* needs a look \[(${rule#notice:})\]: .*($words)"
    expect_stdout '^verified: .*, 0 problems, [1-9][0-9]* notices?$'
  else
    expect_eq "$rc" 1 "exit code of verify"
    expect_stdout "^problem: commit [0-9a-f]{7,} on $ref \[($rule)\]: .*($words)"
    expect_stdout '^NOT verified: .*, [1-9][0-9]* problems?(, [0-9]+ notices?)?$'
    expect_stderr 'verification found [0-9]+ problems?'
  fi
  # The hook, receiving the same history, judges it the same way.
  last_command="git push main $log   # to an empty server with the hook, mutation $name applied"
  hook_rc=$(cat "$work/mutants/$name.hook-rc")
  out=$(cat "$work/mutants/$name.hook-out")
  if [[ $rule == notice:* ]]; then
    [[ $hook_rc == 0 ]] || fail "the hook refused what verify accepts with a notice"
    grep -qE "needs a look: run .*" <<<"$out" || fail "the hook does not say the run needs a look"
  else
    [[ $hook_rc != 0 ]] || fail "the hook accepted what verify refuses with [$rule]"
    if [[ $rule == malformed-commit || $rule == malformed-tree ]] && grep -qE "unpacker error" <<<"$out"; then
      malformed_by_git=$((malformed_by_git + 1)) # Git's own fsck (receive.fsckObjects) refused it first
    else
      grep -qE "remote: .*\[($rule)\]" <<<"$out" || fail "the hook does not name [$rule] as verify does"
    fi
  fi
  if ((${#failures[@]} == before)); then
    reported=$((reported + 1))
  else
    missed+=("$name")
  fi
done
check "the untouched valid repository still verifies clean"
cd "$pristine"
expect_exit 0 runbook verify
expect_stdout "^verified: [0-9]+ commits on main, $log from trust root ${root:0:10}, 0 problems$"
expect_exit 0 runbook verify --format json
expect_eq "$(json_get 'j["ok"]')" True "ok"
expect_eq "$(json_get 'len(j["problems"])')" 0 "problems"

check "every mutation is reported"
echo "    $total mutations, $reported reported with the right rule and words by verify and by the hook alike"
echo "    ($malformed_by_git malformed objects refused by Git's own fsck before the hook could see them)"
((total >= 50)) || fail "only $total mutations"
((${#missed[@]} == 0)) || fail "not reported as expected: ${missed[*]}"

pass
