#!/usr/bin/env bash
# Runbooks saved by other YAML tools: every template and every valid runbook of
# tests/data, re-written by PyYAML (`safe_dump` in its default style and with
# default_style='"', which quotes every value and tags numbers and booleans, as in
# `"version": !!int "1"`) and by ruamel.yaml (its round-trip dumper and its safe one), is
# accepted by `validate` and `publish` and shown by `show` exactly as the original. A
# quoted text that truly lacks its closing quote is still refused at its line.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# A Python with PyYAML and ruamel.yaml (Debian: python3-yaml, python3-ruamel.yaml).
python=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import yaml, ruamel.yaml' >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "SKIP: no python3 with PyYAML and ruamel.yaml (apt-get install python3-yaml python3-ruamel.yaml)" >&2
  exit 77
fi

# reemit STYLE FILE: FILE as the tool and style STYLE write it again, on stdout.
reemit() {
  "$python" - "$1" "$2" <<'EOF'
import sys
style, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    text = f.read()
if style.startswith("pyyaml"):
    import yaml
    data = yaml.safe_load(text)
    if style == "pyyaml":
        sys.stdout.write(yaml.safe_dump(data))
    else:
        sys.stdout.write(yaml.safe_dump(data, default_style='"'))
else:
    from ruamel.yaml import YAML
    dumper = YAML(typ="rt" if style == "ruamel" else "safe")
    dumper.dump(dumper.load(text), sys.stdout)
EOF
}

styles=(pyyaml pyyaml-quoted ruamel ruamel-safe)

alice=$(make_key "Alice Admin" alice@example.com)
bob=$(make_key "Bob Operator" bob@example.com)
export_key "$bob" "$work/bob.asc"
git config --global user.email alice@example.com
git config --global user.name "Alice Admin"

# The repository every style starts from: alice (admin, author, operator) and bob
# (operator, approver), the owners and roles the runbooks name.
base="$work/base"
{
  runbook init "$base" --key "$alice" &&
    cd "$base" &&
    runbook keys add bob "$work/bob.asc" --roles operator,approver --key "$alice" &&
    # the team roles of tests/data/runbooks/valid/major-incident (issue 17)
    runbook keys grant alice incident-commander --describe "Leads the incident" --key "$alice" &&
    runbook keys grant bob incident-commander --key "$alice" &&
    runbook keys grant alice scribe --describe "Keeps the timeline" --key "$alice" &&
    runbook keys grant alice subject-matter-expert --describe "Knows a system and fixes it" --key "$alice" &&
    runbook keys grant alice customer-liaison --describe "Keeps customers informed" --key "$alice" &&
    runbook keys grant alice internal-liaison --describe "Keeps the company informed" --key "$alice"
} >/dev/null 2>&1 || fatal "setting up the repository (init, keys add, keys grant) failed"

# The originals, as <id>/v<N>.yaml under $work/sources: each template as
# `new` writes it (id template-<name>), and the valid runbooks of tests/data.
originals="$work/sources"
mkdir -p "$originals"
mapfile -t template_names < <(runbook templates | awk '{ print $1 }')
if ((${#template_names[@]} < 6)); then
  fatal "runbook templates lists ${#template_names[@]} templates, expected at least 6"
fi
for name in "${template_names[@]}"; do
  (cd "$base" && runbook new "template-$name" --template "$name") >/dev/null 2>&1 ||
    fatal "new template-$name --template $name failed"
  mkdir -p "$originals/template-$name"
  mv "$base/runbooks/template-$name/v1.yaml" "$originals/template-$name/v1.yaml"
  rmdir "$base/runbooks/template-$name"
done
valid_data="$GIT_RUNBOOK_SOURCE_DIR/tests/data/runbooks/valid"
for file in "$valid_data"/*/v*.yaml; do
  id=$(basename "$(dirname "$file")")
  mkdir -p "$originals/$id"
  cp "$file" "$originals/$id/"
done
mapfile -t files < <(cd "$originals" && find . -name 'v*.yaml' | sed 's|^\./||' | sort -V)

# publish_and_show STYLE: a copy of $base with every file in STYLE; `validate` checks
# them all, `publish` publishes each version in turn, and what `show` prints of each (as
# text and as JSON) goes to $work/STYLE.shown.
publish_and_show() {
  local style=$1 repo="$work/$1" file id version
  cp -a "$base" "$repo"
  for file in "${files[@]}"; do
    mkdir -p "$repo/runbooks/$(dirname "$file")"
    if [[ "$style" == original ]]; then
      cp "$originals/$file" "$repo/runbooks/$file"
    else
      reemit "$style" "$originals/$file" >"$repo/runbooks/$file" || fatal "$style could not re-write $file"
    fi
  done
  cd "$repo"
  check "$style: validate accepts every file"
  expect_exit 0 runbook validate
  expect_stdout "^$((${#files[@]} + 1)) files checked, 0 problems$"
  : >"$work/$style.shown"
  for file in "${files[@]}"; do
    id=$(dirname "$file")
    version=$(basename "$file" .yaml)
    version=${version#v}
    check "$style: publish $id v$version, then show it"
    expect_exit 0 runbook publish "$id" --key "$alice"
    expect_exit 0 runbook show "$id" --version "$version"
    printf '%s\n' "--- $file (text)" "$stdout" >>"$work/$style.shown"
    expect_exit 0 runbook show "$id" --version "$version" --format json
    printf '%s\n' "--- $file (json)" "$stdout" >>"$work/$style.shown"
  done
  cd "$work"
}

publish_and_show original
for style in "${styles[@]}"; do
  publish_and_show "$style"
  check "$style: show prints every runbook exactly as it prints the original"
  if ! diff -u "$work/original.shown" "$work/$style.shown" >"$work/$style.diff"; then
    fail "show differs from the original's (first lines of the difference below)"
    sed -n '1,40p' "$work/$style.diff" >&2
  fi
  check "$style: the files were written in another form (the test re-writes them for real)"
  expect_true "some file differs from its original" \
    bash -c "! diff -r -q '$originals' '$work/$style/runbooks'"
done

check "pyyaml-quoted: core tags are in the files (!!int, !!bool)"
expect_true "a file with !!int" grep -rq '!!int "' "$work/pyyaml-quoted/runbooks"
expect_true "a file with !!bool" grep -rq '!!bool "' "$work/pyyaml-quoted/runbooks"

check "pyyaml: long texts are written as quoted texts over several lines"
expect_true "a quoted text that goes on on the next line" \
  grep -rqE "^[a-z_]+: '[^']*$" "$work/pyyaml/runbooks"

# --- truly unclosed quotes -------------------------------------------------------------
# unclosed QUOTE: a runbook whose title, in the middle of the file, lacks its closing
# QUOTE is refused by validate and publish at the title's line and column.
unclosed() {
  local quote=$1 repo="$work/unclosed-$2"
  cp -a "$base" "$repo"
  mkdir -p "$repo/runbooks/payroll"
  cat >"$repo/runbooks/payroll/v1.yaml" <<EOF
id: payroll
version: 1
owner: alice
title: ${quote}Payroll change
summary: Change a salary, with the "approved" amount.
steps:
  - id: "1"
    title: Record it
    do: Update the employee's record in BambooHR.
    role: operator
EOF
  cd "$repo"
  check "an unclosed $2 quote: validate names its line and column"
  expect_exit 1 runbook validate runbooks/payroll/v1.yaml
  expect_stdout "^runbooks/payroll/v1.yaml:4:8: this quoted text has no closing quote"
  expect_stdout "^1 file checked, 1 problem$"
  check "an unclosed $2 quote: publish refuses it at its line"
  expect_exit 1 runbook publish payroll --key "$alice"
  expect_output "runbooks/payroll/v1.yaml:4:8: this quoted text has no closing quote"
  expect_eq "$(git -C "$repo" log --oneline | wc -l)" "$(git -C "$base" log --oneline | wc -l)" "commits"
  cd "$work"
}
unclosed '"' double
unclosed "'" single

pass
