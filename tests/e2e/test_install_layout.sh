#!/usr/bin/env bash
# The installed layout: `cmake --install` puts the binary in <prefix>/bin and its data
# (templates, hooks, schemas) in <prefix>/share/git-runbook; the binary finds them
# relative to itself, so a moved installation keeps working, and the pre-commit hook
# that `init` installs runs the moved binary.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The build folder is the one that holds the binary under test.
build=$(cd "$(dirname "$GIT_RUNBOOK")" && pwd -P)
if ! command -v cmake >/dev/null 2>&1; then
  echo "SKIP: cmake is not installed, so the installation cannot be tested" >&2
  exit 77
fi
if [[ ! -f "$build/CMakeCache.txt" || ! -f "$build/cmake_install.cmake" ]]; then
  echo "SKIP: $build (the folder of GIT_RUNBOOK) is not a CMake build folder, so there is nothing to install" >&2
  exit 77
fi

templates=(incident-response compliance-audit marketing-campaign hiring employee-onboarding blank)
prefix="$work/prefix"
moved="$work/elsewhere/moved-prefix"

check "cmake --install puts the binary in bin/ and templates, hooks and schemas in share/git-runbook/"
expect_exit 0 cmake --install "$build" --prefix "$prefix"
[[ -x "$prefix/bin/git-runbook" ]] || fatal "$prefix/bin/git-runbook is missing or not executable"
for name in "${templates[@]}"; do
  [[ -f "$prefix/share/git-runbook/templates/$name.yaml" ]] || fail "template $name.yaml is not installed"
done
[[ -f "$prefix/share/git-runbook/hooks/pre-commit" ]] || fail "hooks/pre-commit is not installed"
for schema in runbook policy record; do
  [[ -f "$prefix/share/git-runbook/schemas/$schema.schema.json" ]] || fail "schemas/$schema.schema.json is not installed"
done

check "the whole installation moved to another folder still lists the six templates"
mkdir -p "$(dirname "$moved")"
mv "$prefix" "$moved"
[[ ! -e "$prefix" ]] || fatal "the old prefix still exists"
installed="$moved/bin/git-runbook"
expect_exit 0 timeout 60 "$installed" templates
for name in "${templates[@]}"; do
  expect_stdout "^$name +[A-Z]"
done
expect_eq "$(grep -c . <<<"$stdout")" "${#templates[@]}" "number of templates listed"

check "the moved binary reads the templates of ITS installation (not the source or build folder)"
# A template that exists only in the moved installation: seen only if the binary
# looks next to itself.
{
  echo "# yaml-language-server: \$schema=../../.runbook/schemas/runbook.schema.json"
  echo "# template: Only in the moved installation"
  sed -n '/^id:/,$p' "$moved/share/git-runbook/templates/blank.yaml"
} >"$moved/share/git-runbook/templates/zz-relocated.yaml"
expect_exit 0 timeout 60 "$installed" templates
expect_stdout '^zz-relocated +Only in the moved installation$'
rm "$moved/share/git-runbook/templates/zz-relocated.yaml"

check "\`git runbook templates\` works through git with the moved bin/ on PATH"
expect_exit 0 env PATH="$moved/bin:$PATH" git runbook templates
expect_stdout '^incident-response '

# --- init with the moved binary ----------------------------------------------------
alice=$(make_key "Alice Admin" alice@example.com)
git config --global user.email alice@example.com
git config --global user.name "Alice Admin"
repo="$work/repo"

check "init with the moved binary sets up a repository and a pre-commit hook that names it"
expect_exit 0 timeout 60 "$installed" init "$repo" --key "$alice"
hook="$repo/.git/hooks/pre-commit"
[[ -x "$hook" ]] || fatal "$hook is missing or not executable"
grep -qF "$installed" "$hook" || fail "$hook does not run $installed: $(cat "$hook")"
cd "$repo"

check "the moved binary writes a runbook from an installed template and publishes it"
expect_exit 0 timeout 60 "$installed" new hiring --template hiring --title "Hire someone"
expect_exit 0 timeout 60 "$installed" publish hiring
expect_exit 0 git verify-commit HEAD

check "the installed hook runs: a change to the published file is refused by plain git commit"
before=$(head_of "$repo")
echo "# changed in place" >>runbooks/hiring/v1.yaml
expect_exit nonzero git commit -q -a -m "Change a published runbook"
expect_output 'runbooks/hiring/v1\.yaml'
expect_output 'git runbook edit hiring'
expect_eq "$(head_of "$repo")" "$before" "HEAD (the commit must not be made)"
git checkout -q -- runbooks/hiring/v1.yaml

check "the installed hook lets an ordinary commit through"
echo "# Runbooks" >README.md
git add README.md
expect_exit 0 git commit -q -m "Add a README"
expect_exit 0 timeout 60 "$installed" verify
expect_stdout ' 0 problems$'

check "--version names the tool's version and the libraries it runs with, as the libraries say"
expect_exit 0 "$installed" --version
project_version=$(sed -n 's/^project(git-runbook VERSION \([0-9.]*\) .*/\1/p' "$GIT_RUNBOOK_SOURCE_DIR/CMakeLists.txt")
expect_eq "$(head -1 <<<"$stdout")" "git-runbook $project_version" "the first line"
# Built from the -dev packages installed here, linked in or shared: the same versions.
for library in libgit2:libgit2 GPGME:gpgme libgcrypt:libgcrypt PCRE2:libpcre2-8 yaml-cpp:yaml-cpp; do
  expect_stdout "^  ${library%%:*} $(pkg-config --modversion "${library#*:}" | sed 's/\./\\./g')(, linked in)?\$"
done

pass
