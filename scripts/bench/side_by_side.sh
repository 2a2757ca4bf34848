#!/usr/bin/env bash
# side_by_side.sh: run the same sentinel_bench.py scenario against redis-sentinel (the reference)
# and a candidate sentinel (by default the project's release build of swift-sentinel), run by run
# interleaved on the same machine, then print one table of medians with candidate/reference ratios.
# README.md beside this file explains the scenarios and how to read the table.
set -u
# The whole script is one { } block, read completely before it runs, so that an update of this
# file during a long run cannot change the run.
{
PROG=side_by_side.sh
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The project root: this script lives in scripts/bench/.
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
# sentinel_bench.py would take the sentinel command from these; here each run names its own.
unset SENTINEL_CMD SENTINEL_CMDS

usage() {
  cat <<'EOF'
Usage: side_by_side.sh [options] SCENARIO... [-- EXTRA sentinel_bench.py ARGS]

Runs each scenario for the reference (redis-sentinel) and for the candidate, alternating run by
run (ABBA order), then prints a markdown table: median per side, candidate/reference ratio, and
which way is better. Everything runs on 127.0.0.1; nothing is left running when it ends.

Scenarios (default runs per side, rough time for both sides together at the defaults):
  failover       kill -9 the master; 3 sentinels, quorum 2, down-after 1000 ms  (3 runs, ~2 min)
  failover-stop  the same with SIGSTOP instead of kill -9                        (3 runs, ~2 min)
  failover-force SENTINEL FAILOVER on a healthy master under writes: lost acked writes (3 runs, ~3 min)
  failover-coordinated  the same, the candidate with SENTINEL FAILOVER mymaster COORDINATED (redis-sentinel
                 has no such option: the reference runs the plain command) (3 runs, ~3 min)
  query          redis-benchmark PING and SENTINEL get-master-addr-by-name        (3 runs, ~1 min)
  scale          one sentinel monitoring M masters: RSS, CPU, sockets             (1 run per M, ~3 min)
  partition      short SIGSTOPs and flapping below down-after: no failover allowed (1 run, ~1 min)
  all            all of the above, in that order                                  (~9 min)
  split          network partition on loopback addresses (root and nft needed; not part of all):
                 master + sentinel1 + writer cut from the rest for 15 s (Jepsen's setup), then
                 replica1 alone, then sentinel3 alone: lost writes, two masters  (1 run, ~3 min)

Options:
  --candidate CMD   the sentinel to measure; "{conf}" in CMD marks the config path, otherwise the
                    path is appended (env CANDIDATE_CMD). Default: swift-sentinel from
                    .build/release/ of this project (make build), or else .build/release/ in the
                    current directory.
  --reference CMD   the reference sentinel (env REFERENCE_CMD; default redis-sentinel)
  --runs N          runs per side, for every scenario given (default: see above)
  --down-after MS   down-after-milliseconds for failover, failover-stop, partition, split (default 1000)
  --masters LIST    M values for scale, comma separated (default 1,50,200)
  --duration S      scale: measuring window per M in seconds (default 20)
  --warmup S        scale: wait before the window in seconds (default 5)
  --requests N      query: redis-benchmark -n (default 200000)
  --clients N       query: redis-benchmark -c (default 50)
  --out DIR         where the results go (must be new or empty; default a fresh side_by_side.XXXXXX
                    in $TMPDIR). The directory is kept: reference/ and candidate/ hold the
                    merged JSON per scenario, */runs/ each run's JSON and log, summary.md the table.
  --fail-fast       stop at the first failed run (the table then shows what ran)
  --keep-tmp        keep the configs and logs of the sentinels and servers (under DIR/tmp)
  -h, --help        this text

Everything after "--" goes to every sentinel_bench.py call (e.g. -- --sentinel-conf-extra 'LINE').
Environment: REDIS_SERVER, REDIS_BENCHMARK (commands for the data nodes and the load generator).

Exit status: 0 all runs succeeded, 1 some run failed, 2 usage or setup error (such as a missing
candidate binary), 130/143 interrupted.

Examples:
  scripts/bench/side_by_side.sh failover
  scripts/bench/side_by_side.sh --runs 7 failover-stop
  scripts/bench/side_by_side.sh --masters 1,50,200,500,1000 --duration 30 scale
  CANDIDATE_CMD='redis-sentinel' scripts/bench/side_by_side.sh --runs 1 query   # self-check
EOF
}

die() {
  echo "$PROG: $*" >&2
  exit 2
}

# ---- arguments -------------------------------------------------------------------------------
CANDIDATE=${CANDIDATE_CMD:-}
REFERENCE=${REFERENCE_CMD:-redis-sentinel}
RUNS=""
DOWN_AFTER=1000
MASTERS=1,50,200
DURATION=20
WARMUP=5
REQUESTS=200000
CLIENTS=50
OUT=""
FAIL_FAST=0
KEEP_TMP=0
EXTRA=()
SCENARIOS=()

need_value() { [ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value (see --help)"; }
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --candidate|--reference|--runs|--down-after|--masters|--duration|--warmup|--requests|--clients|--out)
      need_value "$@"
      case $1 in
        --candidate) CANDIDATE=$2 ;; --reference) REFERENCE=$2 ;; --runs) RUNS=$2 ;;
        --down-after) DOWN_AFTER=$2 ;; --masters) MASTERS=$2 ;; --duration) DURATION=$2 ;;
        --warmup) WARMUP=$2 ;; --requests) REQUESTS=$2 ;; --clients) CLIENTS=$2 ;; --out) OUT=$2 ;;
      esac
      shift 2 ;;
    --*=*) opt=${1%%=*}; set -- "$opt" "${1#*=}" "${@:2}" ;;
    --fail-fast) FAIL_FAST=1; shift ;;
    --keep-tmp) KEEP_TMP=1; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -*) die "unknown option: $1 (see --help)" ;;
    all) SCENARIOS+=(failover failover-stop query scale partition); shift ;;
    failover|failover-stop|failover-force|failover-coordinated|query|scale|partition|split) SCENARIOS+=("$1"); shift ;;
    *) die "unknown scenario: $1 (one of failover, failover-stop, failover-force, failover-coordinated, query, scale, partition, split, all)" ;;
  esac
done
if [ ${#SCENARIOS[@]} -eq 0 ]; then
  usage >&2
  echo >&2
  die "name at least one scenario"
fi
is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }
is_num() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }
[ -z "$RUNS" ] || { is_uint "$RUNS" && [ "$RUNS" -ge 1 ] && [ "$RUNS" -le 100 ]; } || die "--runs must be 1..100"
is_uint "$DOWN_AFTER" && [ "$DOWN_AFTER" -ge 100 ] || die "--down-after must be a whole number of ms, at least 100"
[[ $MASTERS =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--masters must be a comma separated list of numbers, e.g. 1,50,200"
for m in ${MASTERS//,/ }; do
  [ "$m" -ge 1 ] && [ "$m" -le 2000 ] || die "--masters values must be within 1..2000"
done
is_num "$DURATION" || die "--duration must be a number of seconds"
is_num "$WARMUP" || die "--warmup must be a number of seconds"
is_uint "$REQUESTS" && [ "$REQUESTS" -ge 1 ] || die "--requests must be a positive whole number"
is_uint "$CLIENTS" && [ "$CLIENTS" -ge 1 ] || die "--clients must be a positive whole number"

# ---- tools -----------------------------------------------------------------------------------
command -v "$PYTHON" >/dev/null 2>&1 || die "python3 is needed (set PYTHON to use another one)"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is needed"

# resolve_cmd CMD: prints the command with its program as an absolute path, then that path.
# Exit status 1 (and a reason on stdout) when the program does not exist or cannot be run.
resolve_cmd() {
  "$PYTHON" - "$1" <<'PY'
import os, shlex, shutil, sys
cmd = sys.argv[1]
try:
    words = shlex.split(cmd)
except ValueError as e:
    print(f"cannot parse the command ({e})")
    sys.exit(1)
if not words:
    print("the command is empty")
    sys.exit(1)
exe = words[0]
if "/" in exe:
    path = os.path.abspath(exe)
    if not os.path.exists(path):
        print(f"no such file: {path}")
        sys.exit(1)
    if os.path.isdir(path) or not os.access(path, os.X_OK):
        print(f"not an executable file: {path}")
        sys.exit(1)
    words[0] = path
else:
    path = shutil.which(exe)
    if not path:
        print(f"not found in PATH: {exe}")
        sys.exit(1)
# keep {conf} unquoted so that sentinel_bench.py can put the config path there
print(" ".join("{conf}".join(shlex.quote(p) if p else "" for p in w.split("{conf}")) for w in words))
print(path)
PY
}

DEFAULT_BIN_MAIN=$ROOT/.build/release/swift-sentinel
DEFAULT_BIN_CWD=$PWD/.build/release/swift-sentinel
if [ -z "$CANDIDATE" ]; then
  if [ ! -e "$DEFAULT_BIN_MAIN" ] && [ -e "$DEFAULT_BIN_CWD" ]; then
    CANDIDATE="$(printf '%q' "$DEFAULT_BIN_CWD") {conf}"
  else
    CANDIDATE="$(printf '%q' "$DEFAULT_BIN_MAIN") {conf}"
  fi
  CANDIDATE_SOURCE=default
else
  CANDIDATE_SOURCE=given
fi

if ! res=$(resolve_cmd "$CANDIDATE"); then
  {
    echo "$PROG: the candidate sentinel cannot be run: $res"
    echo "  candidate command: $CANDIDATE"
    if [ "$CANDIDATE_SOURCE" = default ]; then
      echo "  looked for: $DEFAULT_BIN_MAIN"
      echo "         and: $DEFAULT_BIN_CWD"
      echo "  Build it first, in the project root: swift build -c release"
    fi
    echo "  Or name the command to measure: --candidate 'PATH/TO/swift-sentinel {conf}' (or CANDIDATE_CMD=...)"
  } >&2
  exit 2
fi
CAND_CMD=$(sed -n 1p <<<"$res")
CAND_BIN=$(sed -n 2p <<<"$res")
res=$(resolve_cmd "$REFERENCE") || die "the reference sentinel cannot be run: $res (command: $REFERENCE)"
REF_CMD=$(sed -n 1p <<<"$res")

first_word() { "$PYTHON" -c 'import shlex,sys; w=shlex.split(sys.argv[1]); print(w[0] if w else "")' "$1"; }
rs=$(first_word "${REDIS_SERVER:-redis-server}")
command -v "$rs" >/dev/null 2>&1 || die "redis-server is needed for the data nodes: '$rs' not found (set REDIS_SERVER)"
for sc in "${SCENARIOS[@]}"; do
  if [ "$sc" = split ]; then
    [ "$(id -u)" -eq 0 ] || die "split needs root: it cuts loopback addresses with an nftables table of its own"
    command -v nft >/dev/null 2>&1 || die "split needs nft: apt-get install -y nftables (make deps installs it)"
  fi
  if [ "$sc" = query ]; then
    rb=$(first_word "${REDIS_BENCHMARK:-redis-benchmark}")
    command -v "$rb" >/dev/null 2>&1 || die "redis-benchmark is needed for query: '$rb' not found (set REDIS_BENCHMARK)"
  fi
done

# ---- output and scratch directories ------------------------------------------------------------
if [ -n "$OUT" ]; then
  if [ -e "$OUT" ]; then
    [ -d "$OUT" ] || die "--out $OUT exists and is not a directory"
    [ -z "$(ls -A "$OUT" 2>/dev/null)" ] || die "--out $OUT is not empty; name a new directory"
  fi
  mkdir -p "$OUT" || die "cannot create $OUT"
  OUT=$(cd "$OUT" && pwd)
else
  OUT=$(mktemp -d "${TMPDIR:-/tmp}/side_by_side.XXXXXX") || die "cannot create a results directory"
fi
mkdir -p "$OUT/reference/runs" "$OUT/candidate/runs" "$OUT/tmp" || die "cannot write to $OUT"
# Every process of a run inherits SIDE_BY_SIDE_RUN_ID=$MARK and runs with its cwd under $MARK;
# that is how the sweep below finds whatever a run might leave behind (and nothing else).
MARK="$OUT/tmp"

CHILD=""
INTERRUPTED=""

proc_alive() {  # a live (not zombie) process?
  local s
  s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$s" ] && [ "$s" != Z ]
}

# sweep CONTEXT: stop any process of this run that is still there (there should be none).
sweep() {
  "$PYTHON" - "$MARK" "$1" <<'PY'
import os, signal, sys, time
mark, context = sys.argv[1], sys.argv[2]
needle = b"SIDE_BY_SIDE_RUN_ID=" + mark.encode()
skip = {os.getpid(), os.getppid()}

def ours():
    found = {}
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) in skip:
            continue
        pid = int(d)
        hit = False
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                hit = needle in f.read().split(b"\0")
        except OSError:
            pass
        if not hit:
            try:
                cwd = os.readlink(f"/proc/{pid}/cwd")
                hit = cwd == mark or cwd.startswith(mark + "/")
            except OSError:
                pass
        if hit:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    found[pid] = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            except OSError:
                found[pid] = "?"
    return found

left = ours()
if left:
    print(f"side_by_side.sh: {len(left)} process(es) still running after {context}; stopping them:",
          file=sys.stderr)
    for pid, cmdline in sorted(left.items()):
        print(f"  pid {pid}: {cmdline[:150]}", file=sys.stderr)
    for sig in (signal.SIGCONT, signal.SIGTERM):
        for pid in left:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and ours():
        time.sleep(0.1)
    for pid in ours():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    sys.exit(1)
PY
}

# sweep_nft: delete a split run's nftables table whose sentinel_bench.py is gone (it deletes its
# own table at exit; this is for a run killed by timeout -k). Only tables named by sentinel_bench.py.
sweep_nft() {
  command -v nft >/dev/null 2>&1 || return 0
  local fam name pid
  while read -r _ fam name; do
    case $name in
      sentinel_bench_split_*)
        pid=${name#sentinel_bench_split_}
        if [[ $pid =~ ^[0-9]+$ ]] && [ ! -e "/proc/$pid" ]; then
          echo "$PROG: deleting the leftover nftables table $fam $name" >&2
          nft delete table "$fam" "$name" 2>/dev/null
        fi ;;
    esac
  done < <(nft list tables 2>/dev/null)
  return 0
}

cleanup() {
  local rc=$?
  trap - EXIT
  trap '' INT TERM HUP   # a second Ctrl-C must not cut the cleanup short
  if [ -n "$CHILD" ] && proc_alive "$CHILD"; then
    echo "$PROG: stopping the benchmark run in progress and every process it started..." >&2
    kill -TERM "$CHILD" 2>/dev/null
    local i
    for ((i = 0; i < 1300; i++)); do
      proc_alive "$CHILD" || break
      sleep 0.1
    done
  fi
  [ -n "$CHILD" ] && wait "$CHILD" 2>/dev/null
  CHILD=""
  sweep "the end of $PROG"
  [ "$(id -u)" -eq 0 ] && sweep_nft
  if [ "$KEEP_TMP" = 1 ]; then
    echo "$PROG: kept the sentinels' and servers' configs and logs under $MARK" >&2
  else
    rm -rf "$MARK"
  fi
  if [ -n "$INTERRUPTED" ]; then
    echo "$PROG: interrupted ($INTERRUPTED); nothing is left running. The finished runs' JSON and logs: $OUT" >&2
  fi
  exit "$rc"
}
on_signal() {
  INTERRUPTED=$1
  exit "$2"
}
trap cleanup EXIT
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGTERM 143' TERM
trap 'on_signal SIGHUP 129' HUP

# ---- plan ------------------------------------------------------------------------------------
runs_for() {
  if [ -n "$RUNS" ]; then echo "$RUNS"; return; fi
  case $1 in failover|failover-stop|failover-force|failover-coordinated|query) echo 3 ;; *) echo 1 ;; esac
}
NM=$(tr ',' '\n' <<<"$MASTERS" | wc -l)
TOTAL=0
EST=0   # rough seconds for both sides
for sc in "${SCENARIOS[@]}"; do
  r=$(runs_for "$sc")
  case $sc in
    failover) TOTAL=$((TOTAL + 2 * r)); EST=$((EST + 2 * r * (16 + 3 * DOWN_AFTER / 1000))) ;;
    failover-stop) TOTAL=$((TOTAL + 2 * r)); EST=$((EST + 2 * r * (17 + 3 * DOWN_AFTER / 1000))) ;;
    failover-force|failover-coordinated) TOTAL=$((TOTAL + 2 * r)); EST=$((EST + 2 * r * 20)) ;;
    query) TOTAL=$((TOTAL + 2 * r)); EST=$((EST + 2 * r * (2 + 3 * REQUESTS / 90000))) ;;
    scale)
      TOTAL=$((TOTAL + 2 * r * NM))
      for m in ${MASTERS//,/ }; do
        EST=$((EST + 2 * r * (${DURATION%.*} + ${WARMUP%.*} + 2 + m / 10)))
      done ;;
    partition) TOTAL=$((TOTAL + 2 * r)); EST=$((EST + 2 * r * (5 + 21 * DOWN_AFTER / 1000))) ;;
    split) TOTAL=$((TOTAL + 2 * r)); EST=$((EST + 2 * r * 80)) ;;
  esac
done

stamp() { date -u +%Y-%m-%dT%H:%M:%SZ; }
loadavg() { cut -d' ' -f1 /proc/loadavg 2>/dev/null; }
reported_version() {  # DIR: what the sentinel said in INFO server during the runs
  "$PYTHON" - "$1" <<'PY'
import json, os, sys
d = sys.argv[1]

def find(x):
    if isinstance(x, dict):
        v = x.get("sentinel_version")
        if isinstance(v, dict) and v.get("redis_version"):
            return v
        x = list(x.values())
    if isinstance(x, list):
        for y in x:
            v = find(y)
            if v:
                return v
    return None

for f in sorted(os.listdir(d)):
    if f.endswith(".json"):
        try:
            with open(os.path.join(d, f)) as fh:
                v = find(json.load(fh))
        except (OSError, ValueError):
            v = None
        if v:
            print(f"; INFO server: redis_version {v.get('redis_version')}, redis_mode {v.get('redis_mode')}")
            break
PY
}
bin_note() {  # modification time of a binary and, for a build inside a git checkout, its commit
  local bin=$1 note mtime age rev
  mtime=$(stat -L -c %Y "$bin" 2>/dev/null) || return 0
  age=$(( $(date +%s) - mtime ))
  if [ "$age" -lt 7200 ]; then age="$((age / 60)) min"
  elif [ "$age" -lt 172800 ]; then age="$((age / 3600)) h"
  else age="$((age / 86400)) days"; fi
  note="modified $(date -u -d "@$mtime" +%Y-%m-%dT%H:%MZ), $age ago"
  case $bin in
    */.build/*)
      rev=$(git -C "${bin%%/.build/*}" describe --always --dirty 2>/dev/null) && note="$note, checkout at $rev" ;;
  esac
  echo "$note"
}
LOAD0=$(loadavg)
START=$(date +%s)
SCEN_TEXT="${SCENARIOS[*]}"
{
  echo "$PROG: $SCEN_TEXT — $TOTAL runs, about $(( (EST + 59) / 60 )) min"
  echo "  reference: $REF_CMD"
  echo "  candidate: $CAND_CMD ($(bin_note "$CAND_BIN"))"
  echo "  results:   $OUT"
} >&2

# ---- running ---------------------------------------------------------------------------------
FAILED=0
STOP=0
DONE=0
PAIR=0
CAND_ONLY=()

# run_one SIDE TITLE PIECE ARGS...: one sentinel_bench.py run for one side.
run_one() {
  local side=$1 title=$2 piece=$3 cmd rc line
  shift 3
  if [ "$side" = reference ]; then cmd=$REF_CMD; else cmd=$CAND_CMD; fi
  local json="$OUT/$side/runs/$piece.json" log="$OUT/$side/runs/$piece.log"
  local harness_opts=(--sentinel-cmd "$cmd" --json)
  # Options only the candidate has (failover-coordinated): the reference runs without them.
  [ "$side" = candidate ] && harness_opts+=("${CAND_ONLY[@]}")
  [ "$KEEP_TMP" = 1 ] && harness_opts+=(--keep-tmp)
  DONE=$((DONE + 1))
  printf '[%d/%d] %s · %s\n' "$DONE" "$TOTAL" "$title" "$side" >&2
  SIDE_BY_SIDE_RUN_ID=$MARK TMPDIR=$MARK timeout -k 120 1800 \
    "$PYTHON" "$HERE/sentinel_bench.py" "$@" "${harness_opts[@]}" "${EXTRA[@]}" \
    </dev/null >"$json" 2>"$log" &
  CHILD=$!
  wait "$CHILD"
  rc=$?
  CHILD=""
  if ! sweep "the $side run $piece"; then
    echo "      FAILED: the run left processes running (listed above); they are stopped now" >&2
    FAILED=$((FAILED + 1))
  fi
  [ "$(id -u)" -eq 0 ] && sweep_nft
  line=$(grep -E '^(FAILOVER|QUERY|SCALE|PARTITION|SPLIT) ' "$log" | tail -n 1)
  [ -n "$line" ] && echo "      $line" >&2
  if [ "$rc" -ne 0 ]; then
    FAILED=$((FAILED + 1))
    {
      case $rc in
        124|137) echo "      FAILED: the run took longer than 30 min and was stopped" ;;
        *) echo "      FAILED (exit status $rc); last lines of $log:" ;;
      esac
      grep -vE '^((FAILOVER|QUERY|SCALE|PARTITION|SPLIT) |[[:space:]]*$)' "$log" | tail -n 12 | sed 's/^/        /'
    } >&2
    [ "$FAIL_FAST" = 1 ] && STOP=1
  fi
}

# pair TITLE PIECE ARGS...: the same run for both sides, alternating which goes first.
pair() {
  [ "$STOP" = 1 ] && return
  PAIR=$((PAIR + 1))
  if [ $((PAIR % 2)) -eq 1 ]; then
    run_one reference "$@"
    [ "$STOP" = 1 ] || run_one candidate "$@"
  else
    run_one candidate "$@"
    [ "$STOP" = 1 ] || run_one reference "$@"
  fi
}

for sc in "${SCENARIOS[@]}"; do
  R=$(runs_for "$sc")
  for ((k = 1; k <= R; k++)); do
    tag=r$(printf '%02d' "$k")
    case $sc in
      failover)
        pair "failover run $k/$R" "failover-D$DOWN_AFTER.$tag" \
          failover --mode kill --down-after "$DOWN_AFTER" --runs 1 ;;
      failover-stop)
        pair "failover-stop run $k/$R" "failover-stop-D$DOWN_AFTER.$tag" \
          failover --mode stop --down-after "$DOWN_AFTER" --runs 1 ;;
      failover-force)
        pair "failover-force run $k/$R" "failover-force-D$DOWN_AFTER.$tag" \
          failover --mode force --down-after "$DOWN_AFTER" --runs 1 ;;
      failover-coordinated)
        CAND_ONLY=(--failover-args COORDINATED)
        pair "failover-coordinated run $k/$R" "failover-coordinated-D$DOWN_AFTER.$tag" \
          failover --mode force --down-after "$DOWN_AFTER" --runs 1
        CAND_ONLY=() ;;
      query)
        pair "query run $k/$R" "query.$tag" query -c "$CLIENTS" -n "$REQUESTS" --runs 1 ;;
      scale)
        for m in ${MASTERS//,/ }; do
          pair "scale M=$m run $k/$R" "scale.M$m.$tag" \
            scale --masters "$m" --duration "$DURATION" --warmup "$WARMUP"
        done ;;
      partition)
        pair "partition run $k/$R" "partition.$tag" partition --down-after "$DOWN_AFTER" ;;
      split)
        pair "split run $k/$R" "split.$tag" split --down-after "$DOWN_AFTER" --runs 1 ;;
    esac
  done
done

# ---- table -----------------------------------------------------------------------------------
"$PYTHON" "$HERE/compare.py" --merge "$OUT/reference" "$OUT/candidate" || die "merging the results failed"
LOAD1=$(loadavg)
ELAPSED=$(( $(date +%s) - START ))
runs_text=""
for sc in "${SCENARIOS[@]}"; do
  runs_text+="${runs_text:+, }$sc $(runs_for "$sc")"
done
{
  echo "## side_by_side: $SCEN_TEXT ($(stamp))"
  echo
  echo "- reference: \`$REF_CMD\`$(reported_version "$OUT/reference")"
  echo "- candidate: \`$CAND_CMD\` ($(bin_note "$CAND_BIN"))$(reported_version "$OUT/candidate")"
  echo "- machine: $(nproc) CPUs, $(uname -sr); 1-min load average $LOAD0 at start, $LOAD1 at end; took $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
  echo "- runs per side: $runs_text; interleaved run by run (ABBA)"
  echo "- ratio = candidate median / reference median. want: lower or higher = which way is better;"
  echo "  ~1 = set by protocol timers, a faithful daemon matches; 0 / all / PASS = must hold on every run."
  "$PYTHON" "$HERE/compare.py" "$OUT/reference" "$OUT/candidate" --labels reference,candidate --ratio
  echo
  if [ "$FAILED" -gt 0 ]; then
    echo "**$FAILED run(s) failed**: see the logs under $OUT/*/runs/."
  fi
} | tee "$OUT/summary.md"
echo >&2
echo "results: $OUT (summary.md = this table; reference/ and candidate/ = JSON, runs/ = each run's JSON and log)" >&2
[ "$STOP" = 1 ] && echo "$PROG: stopped early (--fail-fast) after the first failed run" >&2
if [ "$FAILED" -eq 0 ]; then exit 0; else exit 1; fi
}
