#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` in the build folder makes one .deb that depends on
# what the binary needs on Debian (through dpkg-shlibdeps: the package of every shared
# library the binary links, libgit2, GPGME, libgcrypt and yaml-cpp among them unless it
# was built with -DGIT_RUNBOOK_STATIC=ON; and git, gnupg, gpg-agent, run beside it) and
# holds usr/bin/git-runbook and usr/share/git-runbook/. Unpacked
# with `dpkg-deb -x` under two different folders, each copy works from there and reads
# the data of its own unpacked tree; without that data it fails with a clear message and
# never falls back to the source tree it was built from.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The build folder is the one that holds the binary under test.
build=$(cd "$(dirname "$GIT_RUNBOOK")" && pwd -P)
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed, so the Debian package cannot be made" >&2
    exit 77
  fi
done
if [[ ! -f "$build/CPackConfig.cmake" ]]; then
  echo "SKIP: $build (the folder of GIT_RUNBOOK) has no CPackConfig.cmake, so there is nothing to package" >&2
  exit 77
fi

templates=(incident-response compliance-audit marketing-campaign hiring employee-onboarding blank)

check "cpack -G DEB makes one git-runbook .deb"
expect_exit 0 timeout 120 cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/package"
shopt -s nullglob
debs=("$work/package"/git-runbook_*.deb)
shopt -u nullglob
((${#debs[@]} == 1)) || fatal "expected one git-runbook_*.deb in $work/package, found ${#debs[@]}"
deb=${debs[0]}
expect_exit 0 dpkg-deb -f "$deb" Package Architecture Maintainer
expect_stdout '^Package: git-runbook$'
expect_stdout "^Architecture: $(dpkg --print-architecture)$"
expect_stdout '^Maintainer: .+<.+@.+>$'

check "its dependencies name the package of every shared library the binary links, git, gnupg and gpg-agent"
expect_exit 0 dpkg-deb -f "$deb" Depends
depends=$stdout
echo "    Depends: $depends"
names_package() { # names_package PATTERN: Depends names the package (with or without a version)
  grep -qE "(^|, )$1( \([^)]*\))?(,|$)" <<<"$depends"
}
for package in libc6 git gnupg gpg-agent; do
  names_package "$package" || fail "Depends lacks $package: $depends"
done
# What the binary itself asks the dynamic loader for, and which package ships each.
needed=$(readelf -d "$GIT_RUNBOOK" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[[ -n $needed ]] || fail "readelf found no shared library that $GIT_RUNBOOK needs"
known=$(ldconfig -p)
for soname in $needed; do
  path=$(awk -v name="$soname" '$1 == name && !found { print $NF; found = 1 }' <<<"$known")
  [[ -n $path ]] || fail "the dynamic loader does not know $soname"
  # By the file's own name and folder (x86_64-linux-gnu, not another architecture's), in
  # whichever of /lib and /usr/lib the package put it.
  file=$(readlink -f "$path")
  package=$(dpkg -S "*/$(basename "$(dirname "$file")")/$(basename "$file")" 2>/dev/null | sed -n '1s/:.*//p' || true)
  [[ -n $package ]] || fail "no installed package ships $soname"
  names_package "$(sed 's/[.+]/\\&/g' <<<"$package")" || fail "Depends lacks $package, which ships $soname: $depends"
done
if grep -q '^GIT_RUNBOOK_STATIC:BOOL=ON' "$build/CMakeCache.txt"; then
  for package in 'libgit2-[0-9.]+' libgpgme11 'libyaml-cpp[0-9.]+' libgcrypt20 'libssh2-1'; do
    ! names_package "$package" || fail "Depends names $package, linked in: $depends"
  done
else
  # The default build: security fixes to these reach it through apt.
  for package in 'libgit2-[0-9.]+' libgpgme11 'libyaml-cpp[0-9.]+' libgcrypt20; do
    names_package "$package" || fail "Depends lacks $package, linked as a shared library: $depends"
  done
fi

check "it holds usr/bin/git-runbook, usr/share/git-runbook with the templates, hooks and schemas, and the license"
expect_exit 0 dpkg-deb -c "$deb"
expect_stdout ' \./usr/bin/git-runbook$'
for file in hooks/pre-commit hooks/pre-merge-commit hooks/pre-receive schemas/runbook.schema.json \
  schemas/policy.schema.json schemas/record.schema.json; do
  expect_stdout " \./usr/share/git-runbook/$file$"
done
for name in "${templates[@]}"; do
  expect_stdout " \./usr/share/git-runbook/templates/$name\.yaml$"
done
expect_stdout ' \./usr/share/doc/git-runbook/copyright$'
expect_stdout ' \./usr/share/doc/git-runbook/LICENSE$'
elsewhere=$(awk '{ print $NF }' <<<"$stdout" |
  grep -vE '^\./(usr/((bin|share|share/doc)/)?)?$|^\./usr/bin/git-runbook$|^\./usr/share/(doc/)?git-runbook/' || true)
expect_eq "$elsewhere" "" "files outside usr/bin/git-runbook, usr/share/git-runbook/ and usr/share/doc/git-runbook/"

alice=$(make_key "Alice Admin" alice@example.com)
git config --global user.email alice@example.com
git config --global user.name "Alice Admin"

for prefix in "$work/first" "$work/second/deeper/root"; do
  installed="$prefix/usr/bin/git-runbook"

  check "unpacked under ${prefix#"$work"/}: templates lists the six templates of its own tree"
  mkdir -p "$prefix"
  expect_exit 0 dpkg-deb -x "$deb" "$prefix"
  [[ -x "$installed" ]] || fatal "$installed is missing or not executable"
  # A template that exists only in this unpacked tree: listed only if the binary looks
  # next to itself.
  marker="zz-only-in-$(basename "$prefix")"
  sed "s/^# template: .*/# template: Only in this tree/" "$prefix/usr/share/git-runbook/templates/blank.yaml" \
    >"$prefix/usr/share/git-runbook/templates/$marker.yaml"
  expect_exit 0 timeout 60 "$installed" templates
  for name in "${templates[@]}" "$marker"; do
    expect_stdout "^$name +[A-Z]"
  done
  expect_eq "$(grep -c . <<<"$stdout")" "$((${#templates[@]} + 1))" "number of templates listed"

  check "unpacked under ${prefix#"$work"/}: init writes hooks that run this copy, and new uses its templates"
  repo="$work/repo-$(basename "$prefix")"
  expect_exit 0 timeout 60 "$installed" init "$repo" --key "$alice"
  for hook in pre-commit pre-merge-commit; do
    grep -qF "runbook=\"$installed\"" "$repo/.git/hooks/$hook" || fail "$hook does not run $installed"
  done
  (cd "$repo" && timeout 60 "$installed" new hiring --template hiring --title "Hire someone") >/dev/null 2>&1 ||
    fail "new --template hiring failed with $installed"
  [[ -f "$repo/runbooks/hiring/v1.yaml" ]] || fail "new did not write runbooks/hiring/v1.yaml"

  check "unpacked under ${prefix#"$work"/}: hook install on a bare repository writes a pre-receive that runs this copy"
  bare="$work/server-$(basename "$prefix").git"
  git init -q --bare "$bare"
  expect_exit 0 timeout 60 "$installed" hook install "$bare"
  grep -qF "runbook=\"$installed\"" "$bare/hooks/pre-receive" || fail "pre-receive does not run $installed"
done

check "a copy whose share/git-runbook is gone fails with exit 3 and says where the data belongs"
rm -rf "$work/second/deeper/root/usr/share/git-runbook"
expect_exit 3 timeout 60 "$work/second/deeper/root/usr/bin/git-runbook" templates
expect_stderr "^git-runbook: .*$work/second/deeper/root/usr/share/git-runbook"
expect_stderr 'Reinstall git-runbook'
expect_no_output '^incident-response'

pass
