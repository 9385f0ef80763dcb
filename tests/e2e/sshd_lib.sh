# The test's own sshd, for the tests that reach a server over ssh:// (sourced after
# lib.sh). start_test_sshd starts an sshd on 127.0.0.1 with its own host key, its own
# authorized_keys and a free port, logs in once to show it works, exports
# GIT_SSH_COMMAND for plain `git push`/`git clone`, and stops the sshd when the test
# ends. It skips the test (exit 77) when sshd, ssh or ssh-keygen is not installed or no
# port can be bound.
#
# After start_test_sshd:
#   $sshd_dir             the sshd's folder: host_ed25519(.pub), client_ed25519(.pub),
#                         authorized_keys, sshd_config, sshd.log
#   $sshd_port $sshd_pid  where it listens, and its process
#   $sshd_user            the user that logs in (the one running the test)
#   $sshd_url_prefix      ssh://USER@127.0.0.1:PORT (append an absolute path)
#   GIT_SSH_COMMAND       ssh with the client key, the port, no host key prompts
# sshd_client_home HOME: gives libgit2 (`git runbook sync`, which ignores
# GIT_SSH_COMMAND) what ssh itself would use: HOME/.ssh/id_ed25519(.pub) and a
# known_hosts that vouches for the sshd's host key.

sshd_binary=/usr/sbin/sshd
sshd_dir=""
sshd_port=""
sshd_pid=""
sshd_user=""
sshd_url_prefix=""

# sshd_skip_unless_installed: exit 77 when the ssh tools are missing.
sshd_skip_unless_installed() {
  local tool
  if [[ ! -x "$sshd_binary" ]]; then
    echo "SKIP: $sshd_binary is not installed (Debian package openssh-server)" >&2
    exit 77
  fi
  for tool in ssh ssh-keygen; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "SKIP: $tool is not installed (Debian package openssh-client)" >&2
      exit 77
    fi
  done
}

# sshd_start_on PORT: starts sshd in the foreground of a background job on
# 127.0.0.1:PORT; succeeds once it listens, fails (and leaves nothing running) when it
# cannot bind. SetEnv SHLVL=1: Debian's bash sources the user's ~/.bashrc for a command
# run by sshd unless it is a nested shell; this keeps what the developer's ~/.bashrc
# does (pyenv, PATH changes, output that would break the git protocol, a second of
# work per connection) out of every ssh session of the tests.
sshd_start_on() {
  local port=$1
  cat >"$sshd_dir/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $sshd_dir/host_ed25519
PidFile $sshd_dir/sshd.pid
AuthorizedKeysFile $sshd_dir/authorized_keys
AllowUsers $sshd_user
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
PrintMotd no
UseDNS no
LogLevel VERBOSE
SetEnv SHLVL=1
EOF
  : >"$sshd_dir/sshd.log"
  "$sshd_binary" -D -f "$sshd_dir/sshd_config" -E "$sshd_dir/sshd.log" </dev/null >/dev/null 2>&1 &
  sshd_pid=$!
  # Waits for sshd's own word that it listens (or that it died), not for a time.
  for _ in $(seq 1 100); do
    if grep -q "Server listening on 127.0.0.1 port $port" "$sshd_dir/sshd.log" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$sshd_pid" 2>/dev/null; then
      wait "$sshd_pid" 2>/dev/null || true
      sshd_pid=""
      return 1
    fi
    sleep 0.1
  done
  kill "$sshd_pid" 2>/dev/null || true
  wait "$sshd_pid" 2>/dev/null || true
  sshd_pid=""
  return 1
}

# stop_sshd: stops the test's sshd (registered for the cleanup by start_test_sshd).
stop_sshd() {
  if [[ -n "$sshd_pid" ]]; then
    kill "$sshd_pid" 2>/dev/null || true
    wait "$sshd_pid" 2>/dev/null || true
    sshd_pid=""
  fi
}

# start_test_sshd: everything above: keys, a free port, a login that works.
start_test_sshd() {
  local candidate ssh_out
  sshd_skip_unless_installed
  sshd_dir="$work/sshd"
  mkdir -m 700 "$sshd_dir"
  ssh-keygen -q -t ed25519 -N '' -C "e2e host key" -f "$sshd_dir/host_ed25519" ||
    fatal "ssh-keygen could not make the host key"
  ssh-keygen -q -t ed25519 -N '' -C "e2e client key" -f "$sshd_dir/client_ed25519" ||
    fatal "ssh-keygen could not make the client key"
  cp "$sshd_dir/client_ed25519.pub" "$sshd_dir/authorized_keys"
  chmod 600 "$sshd_dir/authorized_keys"
  sshd_user=$(id -un)
  mkdir -p /run/sshd 2>/dev/null || true # sshd's privilege separation folder
  at_cleanup stop_sshd

  sshd_port=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    candidate=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if sshd_start_on "$candidate"; then
      sshd_port=$candidate
      break
    fi
  done
  if [[ -z "$sshd_port" ]]; then
    if grep -qiE 'bind|address already in use|cannot assign' "$sshd_dir/sshd.log"; then
      echo "SKIP: sshd could not bind a port on 127.0.0.1 ($(tail -1 "$sshd_dir/sshd.log"))" >&2
      exit 77
    fi
    echo "sshd did not start; its log:" >&2
    sed 's/^/  | /' "$sshd_dir/sshd.log" >&2
    fatal "sshd did not start (see its log above)"
  fi
  echo "sshd (pid $sshd_pid) listens on 127.0.0.1:$sshd_port"
  sshd_url_prefix="ssh://$sshd_user@127.0.0.1:$sshd_port"

  export GIT_SSH_COMMAND="ssh -i $sshd_dir/client_ed25519 -p $sshd_port -o IdentitiesOnly=yes \
-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR -o ConnectTimeout=20"
  if ! ssh_out=$(timeout 60 $GIT_SSH_COMMAND "$sshd_user@127.0.0.1" true 2>&1 </dev/null); then
    echo "ssh said: $ssh_out" >&2
    sed 's/^/  sshd | /' "$sshd_dir/sshd.log" >&2
    fatal "cannot log in over ssh to the test's own sshd"
  fi
}

# sshd_known_hosts_line: the known_hosts line that vouches for the sshd's host key.
sshd_known_hosts_line() {
  echo "[127.0.0.1]:$sshd_port $(cut -d' ' -f1-2 "$sshd_dir/host_ed25519.pub")"
}

# sshd_client_home HOME: HOME/.ssh with the client key and a known_hosts for the sshd.
sshd_client_home() {
  local home=$1
  mkdir -p "$home"
  mkdir -m 700 "$home/.ssh"
  cp "$sshd_dir/client_ed25519" "$home/.ssh/id_ed25519"
  cp "$sshd_dir/client_ed25519.pub" "$home/.ssh/id_ed25519.pub"
  sshd_known_hosts_line >"$home/.ssh/known_hosts"
}
