#!/usr/bin/env python3
"""mass_failover.py -- many masters failing at once, redis-sentinel and swift-sentinel side by side.

Setup per side: M masters with one replica each (real redis-server on 127.0.0.1), S sentinels
(quorum Q) monitoring all of them. Once every sentinel sees every master with its replica and
the other sentinels, K masters get `kill -9` at the same moment. Measured from the kill, per
killed master: the first `+switch-master` on any sentinel. Also counted: `+tilt` entries,
`-failover-abort-*`, config saves ("new configuration saved on disk" in the logs), and the
slowest PING answered by each sentinel while it works (a blocked event loop shows here).

  python3 scripts/bench/mass_failover.py                        # both sides, 200 masters, 100 killed
  python3 scripts/bench/mass_failover.py --masters 300 --kill 150 --runs 2
  python3 scripts/bench/mass_failover.py --only swift            # one side

The candidate is `.build/release/swift-sentinel` unless --candidate says otherwise; the
reference is `redis-sentinel` from PATH. Only 127.0.0.1 and ports 27000-29999 are used; every
process is started in its own process group and stopped at exit, Ctrl-C included; every wait has
a deadline. No third-party Python packages.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"
PORT_MIN, PORT_MAX = 27000, 29999
PROCS = []
TMP_DIRS = []


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---- RESP over raw sockets -------------------------------------------------------------------

def encode(args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Incomplete(Exception):
    pass


def parse(buf, pos):
    nl = buf.find(b"\r\n", pos)
    if nl < 0:
        raise Incomplete()
    t = buf[pos]
    line = bytes(buf[pos + 1:nl])
    pos = nl + 2
    if t in (43, 45):  # + -
        text = line.decode("utf-8", "replace")
        return (text if t == 43 else RuntimeError(text)), pos
    if t == 58:
        return int(line), pos
    if t == 36:
        n = int(line)
        if n < 0:
            return None, pos
        if len(buf) < pos + n + 2:
            raise Incomplete()
        return bytes(buf[pos:pos + n]).decode("utf-8", "replace"), pos + n + 2
    if t in (42, 62):
        n = int(line)
        if n < 0:
            return None, pos
        items = []
        for _ in range(n):
            item, pos = parse(buf, pos)
            items.append(item)
        return items, pos
    raise RuntimeError(f"unexpected RESP type {chr(t)!r}")


class Client:
    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = bytearray()

    def read(self):
        while True:
            try:
                value, used = parse(self.buf, 0)
                del self.buf[:used]
                return value
            except (Incomplete, IndexError):
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("connection closed")
                self.buf += chunk

    def call(self, *args):
        self.sock.sendall(encode(args))
        value = self.read()
        if isinstance(value, RuntimeError):
            raise value
        return value

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# ---- processes and ports ---------------------------------------------------------------------

def free_ports(count, taken):
    ports = []
    for port in range(PORT_MIN, PORT_MAX + 1):
        if len(ports) == count:
            break
        if port in taken:
            continue
        s = socket.socket()
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((HOST, port))
            ports.append(port)
        except OSError:
            pass
        finally:
            s.close()
    if len(ports) < count:
        raise SystemExit(f"only {len(ports)} free ports in {PORT_MIN}-{PORT_MAX}, need {count}")
    taken.update(ports)
    return ports


def start(argv, cwd, logfile):
    out = open(logfile, "ab")
    proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    out.close()
    PROCS.append(proc)
    return proc


def stop_all():
    for proc in PROCS:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGCONT)
                os.killpg(proc.pid, signal.SIGTERM)
            except OSError:
                pass
    deadline = time.monotonic() + 3
    for proc in PROCS:
        try:
            proc.wait(max(0.05, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
    PROCS.clear()


def cleanup():
    stop_all()
    if os.environ.get("MASS_FAILOVER_KEEP") != "1":
        for d in TMP_DIRS:
            shutil.rmtree(d, ignore_errors=True)


def wait_for(what, deadline, check, interval=0.1):
    last = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, RuntimeError, ConnectionError) as error:
            last = error
        time.sleep(interval)
    raise SystemExit(f"timed out waiting for {what}" + (f" (last error: {last})" if last else ""))


def ping_ok(port):
    c = Client(port, timeout=1.0)
    try:
        return c.call("PING") == "PONG"
    finally:
        c.close()


# ---- one run ---------------------------------------------------------------------------------

class Events(threading.Thread):
    """PSUBSCRIBE * on one sentinel; records (monotonic time, channel, message)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.client = Client(port, timeout=None)
        self.client.sock.sendall(encode(["PSUBSCRIBE", "*"]))
        self.client.read()
        self.events = []
        self.lock = threading.Lock()

    def run(self):
        try:
            while True:
                msg = self.client.read()
                if isinstance(msg, list) and len(msg) == 4 and msg[0] == "pmessage":
                    with self.lock:
                        self.events.append((time.monotonic(), msg[2], msg[3]))
        except (OSError, ConnectionError, RuntimeError):
            return

    def snapshot(self):
        with self.lock:
            return list(self.events)


class Pinger(threading.Thread):
    """PINGs one sentinel every 20 ms; keeps the slowest answer."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.slowest = 0.0
        self.stopped = threading.Event()

    def run(self):
        client = Client(self.port, timeout=30)
        try:
            while not self.stopped.is_set():
                t0 = time.monotonic()
                client.call("PING")
                self.slowest = max(self.slowest, time.monotonic() - t0)
                time.sleep(0.02)
        except (OSError, ConnectionError, RuntimeError):
            self.slowest = float("inf")
        finally:
            client.close()


def one_run(side, command, a):
    work = tempfile.mkdtemp(prefix=f"mass_failover.{side}.")
    TMP_DIRS.append(work)
    taken = set()
    ports = free_ports(2 * a.masters + a.sentinels, taken)
    masters, replicas, sentinel_ports = ports[:a.masters], ports[a.masters:2 * a.masters], ports[2 * a.masters:]
    redis = {}
    log(f"{side}: starting {a.masters} masters and {a.masters} replicas")
    for i, (mp, rp) in enumerate(zip(masters, replicas)):
        for port, extra in ((mp, []), (rp, ["--replicaof", HOST, str(mp)])):
            d = os.path.join(work, f"redis-{port}")
            os.mkdir(d)
            argv = ["redis-server", "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                    "--daemonize", "no", "--repl-diskless-sync-delay", "0", "--dir", d] + extra
            redis[port] = start(argv, d, os.path.join(d, "redis.log"))
    deadline = time.monotonic() + 60
    for port in masters + replicas:
        wait_for(f"redis {port}", deadline, lambda p=port: ping_ok(p))
    log(f"{side}: starting {a.sentinels} sentinels ({command})")
    sentinel_dirs = []
    for port in sentinel_ports:
        d = os.path.join(work, f"sentinel-{port}")
        os.mkdir(d)
        sentinel_dirs.append(d)
        lines = [f"port {port}", f"bind {HOST}", "daemonize no", f"dir {d}", f"logfile {d}/sentinel.log"]
        for i, mp in enumerate(masters):
            lines += [f"sentinel monitor m{i} {HOST} {mp} {a.quorum}",
                      f"sentinel down-after-milliseconds m{i} {a.down_after}",
                      f"sentinel failover-timeout m{i} {a.failover_timeout}"]
        conf = os.path.join(d, "sentinel.conf")
        with open(conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        argv = command.replace("{conf}", conf).split() if "{conf}" in command else command.split() + [conf]
        start(argv, d, os.path.join(d, "stdout.log"))
    deadline = time.monotonic() + 30
    for port in sentinel_ports:
        wait_for(f"sentinel {port}", deadline, lambda p=port: ping_ok(p))

    setup_start = time.monotonic()

    def all_known(port):
        c = Client(port)
        try:
            rows = c.call("SENTINEL", "MASTERS")
        finally:
            c.close()
        if len(rows) != a.masters:
            return False
        for row in rows:
            fields = dict(zip(row[::2], row[1::2]))
            if (fields.get("num-slaves") != "1" or fields.get("num-other-sentinels") != str(a.sentinels - 1)
                    or fields.get("flags") != "master"):
                return False
        return True

    deadline = time.monotonic() + a.setup_timeout
    for port in sentinel_ports:
        wait_for(f"sentinel {port} to know every replica and peer", deadline, lambda p=port: all_known(p), 0.5)
    setup_seconds = time.monotonic() - setup_start
    log(f"{side}: all sentinels know {a.masters} masters, their replicas and peers after {setup_seconds:.1f} s")
    time.sleep(a.settle)

    listeners = [Events(p) for p in sentinel_ports]
    pingers = [Pinger(p) for p in sentinel_ports]
    for t in listeners + pingers:
        t.start()
    time.sleep(0.5)
    killed = {f"m{i}": masters[i] for i in range(a.kill)}
    log(f"{side}: kill -9 of {a.kill} masters")
    t_kill = time.monotonic()
    for name, port in killed.items():
        os.kill(redis[port].pid, signal.SIGKILL)

    def switched():
        done = {}
        for listener in listeners:
            for t, channel, message in listener.snapshot():
                if channel == "+switch-master":
                    name = message.split(" ")[0]
                    if name in killed and name not in done:
                        done[name] = t - t_kill
                    elif name in killed:
                        done[name] = min(done[name], t - t_kill)
        return done

    deadline = t_kill + a.timeout
    while time.monotonic() < deadline and len(switched()) < a.kill:
        time.sleep(0.2)
    done = switched()
    time.sleep(1.0)
    for p in pingers:
        p.stopped.set()
    for p in pingers:
        p.join(5)
    events = [e for listener in listeners for e in listener.snapshot()]

    def count(channel, after=None):
        return sum(1 for t, c, _ in events if c == channel and (after is None or t >= after))

    saves = 0
    for d in sentinel_dirs:
        try:
            with open(os.path.join(d, "sentinel.log"), errors="replace") as f:
                saves += sum(1 for line in f if "new configuration saved on disk" in line)
        except OSError:
            pass
    times = sorted(done.values())
    result = {
        "side": side,
        "masters": a.masters,
        "killed": a.kill,
        "switched": len(done),
        "median_s": round(statistics.median(times), 3) if times else None,
        "max_s": round(times[-1], 3) if times else None,
        "p90_s": round(times[int(0.9 * (len(times) - 1))], 3) if times else None,
        "tilt": count("+tilt"),
        "aborts": sum(1 for _, c, _ in events if c.startswith("-failover-abort")),
        "sdown_sentinel": sum(1 for _, c, m in events if c == "+sdown" and m.startswith("sentinel ")),
        "config_saves": saves,
        "slowest_ping_ms": round(max(p.slowest for p in pingers) * 1000, 1),
        "setup_s": round(setup_seconds, 1),
    }
    stop_all()
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--masters", type=int, default=200)
    p.add_argument("--kill", type=int, default=100)
    p.add_argument("--sentinels", type=int, default=3)
    p.add_argument("--quorum", type=int, default=2)
    p.add_argument("--down-after", type=int, default=1000)
    p.add_argument("--failover-timeout", type=int, default=10000)
    p.add_argument("--timeout", type=float, default=180, help="seconds to wait for every switch")
    p.add_argument("--setup-timeout", type=float, default=180)
    p.add_argument("--settle", type=float, default=3.0, help="seconds between setup and the kill")
    p.add_argument("--runs", type=int, default=1, help="runs per side, interleaved")
    p.add_argument("--only", choices=["redis", "swift"])
    p.add_argument("--candidate", default=None, help="candidate command ({conf} = config path)")
    p.add_argument("--reference", default="redis-sentinel")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    if a.kill > a.masters:
        raise SystemExit("--kill must not exceed --masters")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    candidate = a.candidate or os.path.join(root, ".build", "release", "swift-sentinel")
    if a.only != "redis" and not a.candidate and not os.access(candidate, os.X_OK):
        raise SystemExit(f"no candidate at {candidate}: run `make build` first")
    for tool in ["redis-server"] + ([] if a.only == "swift" else [a.reference.split()[0]]):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found in PATH")

    def on_signal(signum, frame):
        cleanup()
        sys.exit(128 + signum)

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)
    sides = [("redis", a.reference), ("swift", candidate)]
    if a.only:
        sides = [s for s in sides if s[0] == a.only]
    results = []
    try:
        for run in range(a.runs):
            order = sides if run % 2 == 0 else list(reversed(sides))
            for side, command in order:
                r = one_run(side, command, a)
                r["run"] = run + 1
                log(json.dumps(r))
                results.append(r)
    finally:
        cleanup()
    if a.json:
        print(json.dumps(results, indent=2))
        return
    keys = ["switched", "median_s", "p90_s", "max_s", "tilt", "aborts", "sdown_sentinel", "config_saves",
            "slowest_ping_ms", "setup_s"]
    print(f"## mass failover: {a.masters} masters, {a.kill} killed at once, {a.sentinels} sentinels "
          f"(quorum {a.quorum}), down-after {a.down_after}, failover-timeout {a.failover_timeout}\n")
    print("| metric | " + " | ".join(f"{r['side']} run {r['run']}" for r in results) + " |")
    print("|---|" + "---|" * len(results))
    for k in keys:
        print(f"| {k} | " + " | ".join(str(r[k]) for r in results) + " |")
    medians = {s: [r["median_s"] for r in results if r["side"] == s and r["median_s"] is not None] for s, _ in sides}
    if len(sides) == 2 and medians["redis"] and medians["swift"]:
        ratio = statistics.median(medians["swift"]) / statistics.median(medians["redis"])
        print(f"\nmedian switch time, swift/redis: {ratio:.2f}")
    ok = all(r["switched"] == r["killed"] and r["tilt"] == 0 for r in results if r["side"] == "swift")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
