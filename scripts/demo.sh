#!/usr/bin/env bash
# A local Sentinel group to play with (what `make run` starts):
#   1 redis-server master, 2 replicas, 3 sentinels monitoring the master as "mymaster" (quorum 2),
#   all on 127.0.0.1, on free ports, in a fresh temporary directory.
# The sentinels' output is streamed here, prefixed with [sentinel-N]. Ctrl-C stops everything
# this script started (by PID: SIGCONT, SIGTERM, 3 s grace, SIGKILL) and removes the directory.
#
# Environment:
#   SENTINEL_BIN   sentinel executable (default: .build/release/swift-sentinel). Real Redis works
#                  too, as a reference: SENTINEL_BIN=redis-sentinel scripts/demo.sh
#   DOWN_AFTER_MS  down-after-milliseconds for mymaster (default: the one in sentinel.conf.example)
#   REDIS_PORT_BASE / SENTINEL_PORT_BASE   where the free-port search starts (6380 / 26380)

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EXAMPLE_CONF="$ROOT/sentinel.conf.example"
SENTINEL_BIN=${SENTINEL_BIN:-$ROOT/.build/release/swift-sentinel}
REDIS_PORT_BASE=${REDIS_PORT_BASE:-6380}
SENTINEL_PORT_BASE=${SENTINEL_PORT_BASE:-26380}
GRACE_SECONDS=3

say() { printf '[demo] %s\n' "$*"; }
die() { printf '[demo] error: %s\n' "$*" >&2; exit 1; }

# --- preflight -----------------------------------------------------------------------------------

if [[ "$SENTINEL_BIN" == */* ]]; then
    [[ -x "$SENTINEL_BIN" ]] || die "sentinel binary not found or not executable: $SENTINEL_BIN (build it with 'make build', or set SENTINEL_BIN)"
    SENTINEL_BIN=$(cd "$(dirname "$SENTINEL_BIN")" && pwd)/$(basename "$SENTINEL_BIN")
else
    command -v "$SENTINEL_BIN" >/dev/null 2>&1 || die "sentinel binary not found in PATH: $SENTINEL_BIN"
    SENTINEL_BIN=$(command -v "$SENTINEL_BIN")
fi
for tool in redis-server redis-cli python3 setsid; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run 'make deps')"
done
[[ -r "$EXAMPLE_CONF" ]] || die "missing $EXAMPLE_CONF"

# --- process bookkeeping and cleanup -------------------------------------------------------------

TMP=""
SLEEP_PID=""
HELPER_PIDS=()  # output prefixers
PIDS=()    # every process started, in start order
NAMES=()   # their names, same index

alive() {  # running and not a zombie
    local pid=$1 state
    kill -0 "$pid" 2>/dev/null || return 1
    state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ -n "$state" && "$state" != Z ]]
}

stop_all() {
    local i pid tenths any
    ((${#PIDS[@]})) || return 0
    # Sentinels first (reverse start order), all at once: SIGCONT in case one was SIGSTOPped.
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        pid=${PIDS[i]}
        if alive "$pid"; then
            kill -CONT "$pid" 2>/dev/null || true
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    for ((tenths = 0; tenths < GRACE_SECONDS * 10; tenths++)); do
        any=""
        for pid in "${PIDS[@]}"; do
            if alive "$pid"; then any=1; fi
        done
        if [[ -z "$any" ]]; then break; fi
        sleep 0.1
    done
    for i in "${!PIDS[@]}"; do
        pid=${PIDS[i]}
        if alive "$pid"; then
            say "${NAMES[i]} (pid $pid) did not exit within ${GRACE_SECONDS}s of SIGTERM: SIGKILL"
            # Its own process group (setsid below): a fork child of redis-server goes too.
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    for pid in "${PIDS[@]}"; do { wait "$pid"; } 2>/dev/null || true; done
    PIDS=()
    NAMES=()
}

cleanup() {
    local status=$?
    set +e            # clean up as much as possible, whatever fails
    trap '' INT TERM HUP PIPE
    if [[ -n "$SLEEP_PID" ]]; then kill "$SLEEP_PID" 2>/dev/null || true; fi
    stop_all
    # The prefixers end by themselves once their process is gone; give them a moment, then make sure.
    local deadline=$((SECONDS + 1)) pid
    for pid in "${HELPER_PIDS[@]}"; do
        while alive "$pid" && ((SECONDS < deadline)); do sleep 0.05; done
        if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n "$TMP" && -d "$TMP" ]]; then rm -rf -- "$TMP"; fi
    say "stopped everything, removed the temporary directory"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

TMP=$(mktemp -d "${TMPDIR:-/tmp}/swift-sentinel-demo.XXXXXX")

# --- ports -------------------------------------------------------------------------------------

# free_ports START COUNT REUSEADDR: COUNT loopback ports >= START that bind right now (and are not
# in USED). REUSEADDR=1 tests the way redis-server binds (SO_REUSEADDR: a port whose old
# connections linger in TIME_WAIT counts as free); 0 is stricter, for a daemon that may not set it.
USED=""
free_ports() {
    python3 - "$1" "$2" "$3" "$USED" <<'PY'
import socket, sys
start, count, reuse, used = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1", set(sys.argv[4].split())
found = []
for port in range(start, 65536):
    if str(port) in used:
        continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if reuse:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    found.append(port)
    if len(found) == count:
        break
if len(found) < count:
    sys.exit("not enough free ports from %d" % start)
print(" ".join(map(str, found)))
PY
}
ports=$(free_ports "$REDIS_PORT_BASE" 3 1) || die "no free ports for redis-server"
read -r MASTER_PORT REPLICA1_PORT REPLICA2_PORT <<<"$ports"
USED="$MASTER_PORT $REPLICA1_PORT $REPLICA2_PORT"
ports=$(free_ports "$SENTINEL_PORT_BASE" 3 0) || die "no free ports for the sentinels"
read -r S1_PORT S2_PORT S3_PORT <<<"$ports"
SENTINEL_PORTS=("$S1_PORT" "$S2_PORT" "$S3_PORT")

# --- starting processes ------------------------------------------------------------------------

# start NAME PREFIX LOGFILE -- COMMAND...: runs COMMAND in its own session (so a Ctrl-C reaches
# only this script, which then stops it in order), output prefixed to the terminal or to LOGFILE.
LAST_PID=""
start() {
    local name=$1 prefix=$2 logfile=$3
    shift 4
    if [[ -n "$logfile" ]]; then
        setsid "$@" </dev/null >"$logfile" 2>&1 &
    else
        # The prefixer is this script's own child (so it is reaped here); it ignores SIGINT so
        # the last lines (shutdown messages) still get printed, and ends at EOF, when the process
        # it reads from has exited.
        local fd
        exec {fd}> >(trap '' INT TERM; exec sed -u "s/^/$prefix /")
        HELPER_PIDS+=("$!")
        setsid "$@" </dev/null >&"$fd" 2>&1 &
        exec {fd}>&-
    fi
    LAST_PID=$!
    PIDS+=("$LAST_PID")
    NAMES+=("$name")
}

# wait_ping NAME PID PORT SECONDS: until PING answers PONG.
wait_ping() {
    local name=$1 pid=$2 port=$3 deadline=$((SECONDS + $4))
    while :; do
        if [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]; then return 0; fi
        alive "$pid" || die "$name (pid $pid) exited before answering PING on port $port"
        ((SECONDS < deadline)) || die "$name (pid $pid) does not answer PING on port $port after $4 s"
        sleep 0.1
    done
}

say "temporary directory: $TMP"
for i in 0 1 2; do
    case $i in
        0) port=$MASTER_PORT name=master ;;
        1) port=$REPLICA1_PORT name=replica-1 ;;
        2) port=$REPLICA2_PORT name=replica-2 ;;
    esac
    dir="$TMP/r$i"
    mkdir -p "$dir"
    args=(--port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir "$dir")
    if ((i > 0)); then args+=(--replicaof 127.0.0.1 "$MASTER_PORT"); fi
    start "$name" "[$name]" "$dir/redis.log" -- redis-server "${args[@]}"
    case $i in
        0) MASTER_PID=$LAST_PID ;;
        1) REPLICA1_PID=$LAST_PID ;;
        2) REPLICA2_PID=$LAST_PID ;;
    esac
    wait_ping "$name" "$LAST_PID" "$port" 5
    say "$name: redis-server pid $LAST_PID, port $port (log: $dir/redis.log)"
done

for n in 1 2 3; do
    port=${SENTINEL_PORTS[n - 1]}
    dir="$TMP/s$n"
    conf="$dir/sentinel.conf"
    mkdir -p "$dir"
    sed -e "s/^port 26379\$/port $port/" \
        -e "s|^dir /tmp\$|dir $dir|" \
        -e "s/^sentinel monitor mymaster 127\.0\.0\.1 6379 2\$/sentinel monitor mymaster 127.0.0.1 $MASTER_PORT 2/" \
        "$EXAMPLE_CONF" >"$conf"
    if [[ -n "${DOWN_AFTER_MS:-}" ]]; then
        sed -i "s/^sentinel down-after-milliseconds mymaster [0-9]*\$/sentinel down-after-milliseconds mymaster $DOWN_AFTER_MS/" "$conf"
    fi
    grep -qx "port $port" "$conf" && grep -qx "dir $dir" "$conf" &&
        grep -qx "sentinel monitor mymaster 127.0.0.1 $MASTER_PORT 2" "$conf" &&
        grep -qx 'logfile ""' "$conf" ||
        die "sentinel.conf.example no longer has the lines this script rewrites (port 26379, dir /tmp, logfile \"\", sentinel monitor mymaster 127.0.0.1 6379 2)"
    start "sentinel-$n" "[sentinel-$n]" "" -- "$SENTINEL_BIN" "$conf"
done
for n in 1 2 3; do
    wait_ping "sentinel-$n" "${PIDS[n + 2]}" "${SENTINEL_PORTS[n - 1]}" 10
done

S1=$S1_PORT
cat <<EOF

[demo] ------------------------------------------------------------------------------------------
[demo] Running ($(basename "$SENTINEL_BIN")):
[demo]   master      127.0.0.1:$MASTER_PORT   pid $MASTER_PID
[demo]   replica-1   127.0.0.1:$REPLICA1_PORT   pid $REPLICA1_PID
[demo]   replica-2   127.0.0.1:$REPLICA2_PORT   pid $REPLICA2_PID
[demo]   sentinels   127.0.0.1:$S1_PORT, :$S2_PORT, :$S3_PORT   pids ${PIDS[3]} ${PIDS[4]} ${PIDS[5]}
[demo]   configs     $TMP/s{1,2,3}/sentinel.conf
[demo]
[demo] Ask a sentinel (in another terminal):
[demo]   redis-cli -p $S1 sentinel masters
[demo]   redis-cli -p $S1 sentinel get-master-addr-by-name mymaster
[demo]   redis-cli -p $S1 sentinel replicas mymaster
[demo]   redis-cli -p $S1 sentinel sentinels mymaster
[demo]   redis-cli -p $S1 psubscribe '*'          # every event, live
[demo]
[demo] Make it fail over (quorum 2, down-after $(grep -m1 '^sentinel down-after-milliseconds mymaster' "$TMP/s1/sentinel.conf" | awk '{print $4}') ms):
[demo]   redis-cli -p $MASTER_PORT debug sleep 30    # master stops answering for 30 s
[demo]   kill -9 $MASTER_PID                        # or kill it outright
[demo]   redis-cli -p $S1 sentinel failover mymaster   # or ask for a failover
[demo] then watch +sdown, +odown, +switch-master above, and get-master-addr-by-name again.
[demo]
[demo] Ctrl-C stops everything and removes $TMP.
[demo] ------------------------------------------------------------------------------------------

EOF

# Run until interrupted, or until every sentinel has exited (the Redis servers may come and go:
# killing the master is part of the demo).
declare -A reported=()
while :; do
    running=0
    for n in 1 2 3; do
        pid=${PIDS[n + 2]}
        if alive "$pid"; then
            running=$((running + 1))
        elif [[ -z "${reported[$n]:-}" ]]; then
            reported[$n]=1
            status=0
            wait "$pid" 2>/dev/null || status=$?
            say "sentinel-$n (pid $pid) exited with status $status"
        fi
    done
    ((running > 0)) || die "every sentinel has exited"
    sleep 1 &
    SLEEP_PID=$!
    wait "$SLEEP_PID" || true
    SLEEP_PID=""
done
