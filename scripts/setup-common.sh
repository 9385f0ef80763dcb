# Shared by scripts/test and scripts/demo: installs what is missing (Debian bookworm),
# then configures and builds. Sourced, not run.

packages=(
  build-essential cmake ninja-build pkg-config clang
  libgit2-dev libyaml-cpp-dev libcli11-dev libgpgme-dev libgcrypt20-dev libvalijson-dev nlohmann-json3-dev
  googletest libgtest-dev libgmock-dev
  git gnupg gpg-agent openssh-server
)
# Only the tests need these: a browser to render the HTML audit report.
test_packages=(chromium fonts-dejavu-core)

as_root() {
  if [[ $(id -u) == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "scripts: installing packages needs root (or sudo): ${*}" >&2
    return 1
  fi
}

install_missing() {
  local missing=()
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} > 0)); then
    echo "scripts: installing ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# build DIR [cmake options…]: configure (once) and build.
build() {
  local dir=$1
  shift
  if [[ ! -f $dir/build.ninja ]]; then
    cmake -S "$root" -B "$dir" -G Ninja -DGIT_RUNBOOK_WERROR=ON "$@" >/dev/null
  fi
  cmake --build "$dir" -j "$(nproc)"
}
