#!/usr/bin/env bash
# Two test hosts for the ssh launcher's tests, as network namespaces of this machine, each with its own sshd:
#
#   .ci/test-hosts.sh up     creates them (after removing any left by an earlier run) and writes
#                            $PYBRIDGE_SSH_HOSTS_DIR/hosts.properties, which the tests read
#   .ci/test-hosts.sh down   removes the namespaces, their links, their sshd processes and the keys
#
# Host N is the namespace pybridge-hN: a veth pair whose end pybridge-hN (10.231.N.1) stays here and whose other
# end (10.231.N.2) lives inside it, where its sshd listens. The addresses exist only on this machine. Needs root,
# `ip` and OpenSSH's server (Debian: apt-get install -y openssh-server). Workers run as the user who runs this
# (root in CI), in the same pid namespace: a test can kill a remote worker by its pid, as an operator on that
# host would.
set -euo pipefail

DIR="${PYBRIDGE_SSH_HOSTS_DIR:-/tmp/pybridge-test-hosts}"
HOSTS=(1 2)
SSHD="$(command -v sshd || echo /usr/sbin/sshd)"

down() {
    for n in "${HOSTS[@]}"; do
        if [[ -f "$DIR/h$n/sshd.pid" ]]; then
            kill "$(cat "$DIR/h$n/sshd.pid")" 2>/dev/null || true
        fi
        # The namespace's processes (sshd sessions, workers a test left) would keep its veth end alive.
        if ip netns pids "pybridge-h$n" >/dev/null 2>&1; then
            ip netns pids "pybridge-h$n" | xargs -r kill -9 2>/dev/null || true
            ip netns delete "pybridge-h$n"
        fi
        ip link delete "pybridge-h$n" 2>/dev/null || true
    done
    rm -rf "$DIR"
}

host() {
    local n="$1" home="$DIR/h$1"
    ip netns add "pybridge-h$n"
    ip link add "pybridge-h$n" type veth peer name eth0 netns "pybridge-h$n"
    ip addr add "10.231.$n.1/24" dev "pybridge-h$n"
    ip link set "pybridge-h$n" up
    ip -n "pybridge-h$n" addr add "10.231.$n.2/24" dev eth0
    ip -n "pybridge-h$n" link set eth0 up
    ip -n "pybridge-h$n" link set lo up
    mkdir -p "$home"
    ssh-keygen -q -t ed25519 -N '' -C "pybridge-h$n" -f "$home/host_key"
    # Short client-alive checks: a test that takes a link down sees the remote session end within seconds.
    cat > "$home/sshd_config" <<EOF
ListenAddress 10.231.$n.2
Port 22
HostKey $home/host_key
PidFile $home/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
ClientAliveInterval 1
ClientAliveCountMax 3
LogLevel ERROR
EOF
    echo "10.231.$n.2 $(cut -d' ' -f1,2 "$home/host_key.pub")" >> "$DIR/known_hosts"
    ip netns exec "pybridge-h$n" "$SSHD" -f "$home/sshd_config" -E "$home/sshd.log"
}

up() {
    down
    [[ -x "$SSHD" ]] || { echo "test-hosts: no sshd: install OpenSSH's server (apt-get install -y openssh-server)" >&2; exit 1; }
    mkdir -p "$DIR" /run/sshd
    chmod 700 "$DIR"
    ssh-keygen -q -t ed25519 -N '' -C pybridge-tests -f "$DIR/client_key"
    cp "$DIR/client_key.pub" "$DIR/authorized_keys"
    : > "$DIR/known_hosts"
    for n in "${HOSTS[@]}"; do
        host "$n"
    done
    for n in "${HOSTS[@]}"; do
        wait_for_sshd "$n"
    done
    cat > "$DIR/hosts.properties" <<EOF
hosts=10.231.1.2,10.231.2.2
links=pybridge-h1,pybridge-h2
identity=$DIR/client_key
known-hosts=$DIR/known_hosts
EOF
    echo "test-hosts: up: 10.231.1.2 and 10.231.2.2 ($DIR)"
}

wait_for_sshd() {
    local n="$1"
    for _ in $(seq 1 100); do
        if ssh -T -o BatchMode=yes -o ConnectTimeout=2 -i "$DIR/client_key" -o UserKnownHostsFile="$DIR/known_hosts" \
                -o StrictHostKeyChecking=yes "10.231.$n.2" true 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "test-hosts: sshd of pybridge-h$n does not answer; its log:" >&2
    cat "$DIR/h$n/sshd.log" >&2 || true
    exit 1
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
