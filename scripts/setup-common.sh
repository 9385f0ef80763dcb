# Shared by scripts/test and scripts/demo: installs what is missing (Debian bookworm),
# then configures and builds. Sourced, not run.

packages=(
  build-essential cmake ninja-build pkg-config clang
  libgit2-dev libyaml-cpp-dev libcli11-dev libgpgme-dev libassuan-dev libgcrypt20-dev libpcre2-dev libvalijson-dev nlohmann-json3-dev
  googletest libgtest-dev libgmock-dev
  git gnupg gpg-agent openssh-server
)
# Only the tests need these: a browser to render the HTML audit report, the sanitizer
# and libFuzzer runtimes, clang-tidy, strace (to see which processes a command starts),
# and PyYAML and ruamel.yaml (to re-save every runbook the way other tools do).
test_packages=(chromium fonts-dejavu-core libclang-rt-14-dev clang-tidy strace python3-yaml python3-ruamel.yaml)

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

# The options of the GCC build that scripts/test and scripts/demo make: optimised, with
# no debugging information (a third less compile time; a debugger wants a build of its
# own: cmake -S . -B build-debug -DCMAKE_BUILD_TYPE=Debug).
gcc_build_options=(-DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
                   "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG")

# configure and build: a unity build: a dozen source files
# compiled as one, so that the big headers (CLI11, nlohmann-json, <regex>) are compiled
# once for each dozen, in about a quarter of the time (the names that files keep to
# themselves must differ between files: tests/unit keeps them in a namespace named
# after each file).
configure() { # configure DIR [cmake options…]
  local dir=$1
  shift
  # Configured every time, so that a folder made with other options gets these; but the
  # compiler of a folder stays (naming it again, differently spelt, empties the cache).
  local options=()
  for option in "$@"; do
    if [[ ! -f $dir/CMakeCache.txt || $option != -DCMAKE_CXX_COMPILER=* ]]; then
      options+=("$option")
    fi
  done
  cmake -S "$root" -B "$dir" -G Ninja -DGIT_RUNBOOK_WERROR=ON \
    -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=12 "${options[@]}" >/dev/null
}

build() { # build DIR [cmake options…]
  configure "$@"
  cmake --build "$1" -j "$(nproc)"
}
