# Shared set-up of the benchmarks: an isolated HOME, GNUPGHOME and git config in a
# temporary folder ($work), removed at exit, with one signing key "Bench"; timing helpers.
# Sourced after `root`, `binary` and the script's settings are set.
work=$(mktemp -d "${TMPDIR:-/tmp}/rb-bench.XXXXXX")
export HOME=$work/home GNUPGHOME=$work/gnupg GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" && mkdir -m 700 "$GNUPGHOME"
# BENCH_KEEP=1 keeps the folder (printed at the end) for profiling by hand.
if [[ -n ${BENCH_KEEP:-} ]]; then
  trap 'echo "bench folder kept: $work" >&2' EXIT
else
  trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fi
git config --global user.name Bench && git config --global user.email bench@example.com
git config --global init.defaultBranch main
gpg -q --batch --passphrase '' --quick-gen-key "Bench <bench@example.com>" ed25519 sign never 2>/dev/null

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
