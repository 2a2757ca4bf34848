#!/usr/bin/env python3
"""Fake sentinels injected by hellos (issue 9 §5): swift-sentinel and redis-sentinel side by side.

Starts one redis-server master and, monitoring it, one swift-sentinel and one redis-sentinel
(each with its own config in a temporary directory), all on free 127.0.0.1 ports. Injects N fake
sentinels into each through `PUBLISH __sentinel__:hello ...` on its query port: distinct 40-hex
runids at 127.0.0.2:<port>, where nothing listens (connections are refused at once). Then, for a
fixed window, PINGs each sentinel's port every 10 ms (one client per sentinel, both at once) and
reads each daemon's CPU time from /proc/<pid>/stat. Prints PING max/p99/median and CPU % for both
and the ratios swift/redis. Everything it started is killed and the directory removed on exit.

    scripts/bench-fake-sentinels.py [--count 3000] [--seconds 20] [--sentinel-bin PATH]

The machine may be shared: compare the two daemons within one run (the ratios), not across runs.
"""

import argparse
import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_COUNT = 20000
MAX_SECONDS = 120
FAKE_HOST = "127.0.0.2"
FAKE_PORT_BASE = 20000

processes = []  # (name, Popen)
tmp_dir = None


def cleanup():
    for name, proc in reversed(processes):
        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
            proc.terminate()
    deadline = time.time() + 3
    for name, proc in processes:
        try:
            proc.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    processes.clear()
    if tmp_dir and os.path.isdir(tmp_dir):
        shutil.rmtree(tmp_dir, ignore_errors=True)


def on_signal(signum, frame):
    sys.exit(128 + signum)


def free_port(used):
    while True:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in used:
            used.add(port)
            return port


def listening_ports():
    """Ports something listens on (any address), so fakes never point at a live service."""
    ports = set()
    for path in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A":  # LISTEN
                        ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        except OSError:
            pass
    return ports


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg.encode() if isinstance(arg, str) else arg
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class Client:
    """A minimal RESP client: enough for PING, PUBLISH and SENTINEL MASTER."""

    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def close(self):
        self.sock.close()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b"-", b":"):
            return rest.decode()
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("connection closed")
                self.buf += chunk
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data.decode(errors="replace")
        if kind in (b"*", b"%"):
            n = int(rest) * (2 if kind == b"%" else 1)
            return [self.read() for _ in range(max(n, 0))]
        raise ValueError("unexpected reply %r" % line)

    def call(self, *args):
        self.sock.sendall(encode(*args))
        return self.read()


def wait_for_pong(port, what, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            c = Client(port, timeout=1)
            try:
                if c.call("PING") == "PONG":
                    return
            finally:
                c.close()
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("%s on port %d did not answer PING within %ds" % (what, port, timeout))


def start(name, argv, log):
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=tmp_dir)
    processes.append((name, proc))
    return proc


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def other_sentinels(port):
    reply = Client(port).call("SENTINEL", "MASTER", "mymaster")
    if not isinstance(reply, list):
        return "?"
    fields = dict(zip(reply[0::2], reply[1::2]))
    return fields.get("num-other-sentinels", "?")


def inject(name, port, count, master_port, fake_ports, batch=500):
    t0 = time.monotonic()
    c = Client(port, timeout=120)
    try:
        for start_index in range(0, count, batch):
            end = min(count, start_index + batch)
            payload = []
            for i in range(start_index, end):
                runid = "%040x" % (0xFA4E0000000000000000000000000000000000 + i)
                hello = "%s,%d,%s,0,mymaster,127.0.0.1,%d,0" % (FAKE_HOST, fake_ports[i], runid, master_port)
                payload.append(encode("PUBLISH", "__sentinel__:hello", hello))
            c.sock.sendall(b"".join(payload))
            for _ in range(start_index, end):
                c.read()
    finally:
        c.close()
    print("%s: %d hellos answered in %.1f s" % (name, count, time.monotonic() - t0), flush=True)


def measure_pings(port, seconds, interval, out):
    c = Client(port)
    latencies = []
    deadline = time.monotonic() + seconds
    next_at = time.monotonic()
    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        if next_at > now:
            time.sleep(next_at - now)
        t0 = time.monotonic()
        reply = c.call("PING")
        latencies.append((time.monotonic() - t0) * 1000)
        if reply != "PONG":
            raise RuntimeError("PING got %r" % reply)
        next_at = t0 + interval
    c.close()
    out.extend(latencies)


def summary(latencies):
    s = sorted(latencies)
    pick = lambda q: s[min(len(s) - 1, int(q * len(s)))]
    return {"n": len(s), "max": s[-1], "p99": pick(0.99), "p50": pick(0.5)}


def main():
    global tmp_dir
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=3000, help="fake sentinels to inject (max %d)" % MAX_COUNT)
    parser.add_argument("--seconds", type=float, default=20, help="measuring window (max %d)" % MAX_SECONDS)
    parser.add_argument("--settle", type=float, default=3, help="seconds between injection and measuring")
    parser.add_argument("--interval-ms", type=float, default=10, help="PING period per client")
    parser.add_argument("--sentinel-bin", default=os.path.join(ROOT, ".build/release/swift-sentinel"))
    parser.add_argument("--redis-sentinel-bin", default="redis-sentinel")
    args = parser.parse_args()
    if not 0 <= args.count <= MAX_COUNT or not 0 < args.seconds <= MAX_SECONDS:
        parser.error("count must be 0..%d, seconds 0..%d" % (MAX_COUNT, MAX_SECONDS))
    for tool in (args.sentinel_bin, args.redis_sentinel_bin, "redis-server"):
        if not shutil.which(tool):
            parser.error("not found or not executable: %s" % tool)
    # The daemons run in a temporary directory: a relative path must not depend on it.
    if os.sep in args.sentinel_bin:
        args.sentinel_bin = os.path.abspath(args.sentinel_bin)

    atexit.register(cleanup)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    tmp_dir = tempfile.mkdtemp(prefix="bench-fake-sentinels.")

    used = set()
    master_port = free_port(used)
    listening = listening_ports()
    fake_ports = [p for p in range(FAKE_PORT_BASE, 65536) if p not in listening][: args.count]
    if len(fake_ports) < args.count:
        parser.error("not enough unused ports for %d fakes" % args.count)

    log = open(os.path.join(tmp_dir, "processes.log"), "w")
    start("redis-server", ["redis-server", "--port", str(master_port), "--bind", "127.0.0.1", "--save", "",
                           "--appendonly", "no", "--daemonize", "no", "--dir", tmp_dir], log)
    wait_for_pong(master_port, "redis-server")

    daemons = {}
    for name, binary in (("swift-sentinel", args.sentinel_bin), ("redis-sentinel", args.redis_sentinel_bin)):
        port = free_port(used)
        directory = os.path.join(tmp_dir, name)
        os.mkdir(directory)
        conf = os.path.join(directory, "sentinel.conf")
        with open(conf, "w") as f:
            f.write("\n".join([
                "port %d" % port, "bind 127.0.0.1", "daemonize no", "dir %s" % directory,
                'logfile "%s"' % os.path.join(directory, "sentinel.log"),
                "sentinel monitor mymaster 127.0.0.1 %d 2" % master_port,
                "sentinel down-after-milliseconds mymaster 5000", ""]))
        proc = start(name, [binary, conf], log)
        daemons[name] = (port, proc)
    for name, (port, _) in daemons.items():
        wait_for_pong(port, name)

    t0 = time.monotonic()
    threads = [threading.Thread(target=inject, args=(name, port, args.count, master_port, fake_ports))
               for name, (port, _) in daemons.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("injected %d fake sentinels into each in %.1f s" % (args.count, time.monotonic() - t0), flush=True)
    time.sleep(args.settle)
    for name, (port, _) in daemons.items():
        print("%s: num-other-sentinels %s" % (name, other_sentinels(port)), flush=True)

    clock_ticks = os.sysconf("SC_CLK_TCK")
    results = {name: [] for name in daemons}
    start_cpu = {name: cpu_ticks(proc.pid) for name, (_, proc) in daemons.items()}
    wall0 = time.monotonic()
    threads = [threading.Thread(target=measure_pings, args=(port, args.seconds, args.interval_ms / 1000, results[name]))
               for name, (port, _) in daemons.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - wall0
    cpu = {name: 100.0 * (cpu_ticks(proc.pid) - start_cpu[name]) / clock_ticks / wall
           for name, (_, proc) in daemons.items()}
    for name, (_, proc) in daemons.items():
        if proc.poll() is not None:
            raise RuntimeError("%s exited with %s" % (name, proc.returncode))

    stats = {name: summary(results[name]) for name in daemons}
    print("fake sentinels %d, window %.1f s, PING every %g ms" % (args.count, wall, args.interval_ms))
    for name in daemons:
        s = stats[name]
        print("%-15s cpu %5.1f %%  ping max %7.1f ms  p99 %6.2f ms  p50 %5.2f ms  (%d pings)"
              % (name, cpu[name], s["max"], s["p99"], s["p50"], s["n"]))
    sw, rs = stats["swift-sentinel"], stats["redis-sentinel"]
    ratio = lambda a, b: a / b if b > 0 else float("inf")
    print("ratio swift/redis: cpu %.2f  ping max %.2f  p99 %.2f"
          % (ratio(cpu["swift-sentinel"], cpu["redis-sentinel"]), ratio(sw["max"], rs["max"]), ratio(sw["p99"], rs["p99"])))


if __name__ == "__main__":
    main()
