#!/usr/bin/env python3
"""redis-py's Sentinel client against swift-sentinel (SPEC §16): discovery, reads and writes
through master_for / slave_for, a forced failover, then the same through the new master.

Run by ClientLibraryIntegrationTests (it starts 1 master, 2 replicas, 3 sentinels):

    redis_py_failover.py --sentinels 26379,26380,26381 --master-port 6379 --replica-ports 6380,6381

Exits 0 when every check passed; otherwise prints what failed and exits 1.
"""

import argparse
import sys
import time

import redis
from redis.sentinel import Sentinel

HOST = "127.0.0.1"
NAME = "mymaster"


def check(condition, message):
    if not condition:
        print(f"FAIL: {message}", flush=True)
        sys.exit(1)
    print(f"ok: {message}", flush=True)


def responses(client, method, *args):
    """A SENTINEL command's parsed reply: redis-py ≥ 6 returns only True unless return_responses."""
    try:
        return getattr(client, method)(*args, return_responses=True)
    except TypeError:
        return getattr(client, method)(*args)


def address(reply):
    """GET-MASTER-ADDR-BY-NAME as redis-py parses it, (b"ip", port), as ("ip", port)."""
    if not reply:
        return None
    host, port = reply
    return (host.decode() if isinstance(host, bytes) else host, int(port))


def wait_for(what, produce, timeout=30.0, interval=0.2):
    """Polls produce() until it returns something truthy; fails after timeout."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = produce()
            if value:
                return value
        except (redis.RedisError, OSError) as error:  # a sentinel or server mid-change
            last_error = error
        time.sleep(interval)
    check(False, f"{what} within {timeout} s (last error: {last_error!r})")


def discovery(sentinel, master_port, replica_ports, label):
    """discover_master / discover_slaves through redis-py's parsing of SENTINEL MASTERS / SLAVES."""
    master = sentinel.discover_master(NAME)
    check(master == (HOST, master_port), f"{label}: discover_master {master} is ({HOST}, {master_port})")
    expected = sorted((HOST, port) for port in replica_ports)
    replicas = wait_for(
        f"{label}: discover_slaves to list both replicas",
        lambda: sorted(sentinel.discover_slaves(NAME)) == expected and sentinel.discover_slaves(NAME),
    )
    check(sorted(replicas) == expected, f"{label}: discover_slaves {sorted(replicas)} is {expected}")
    # The parsed state redis-py relies on: int fields, flags, num-other-sentinels.
    state = responses(sentinel.sentinels[0], "sentinel_master", NAME)
    check(state["is_master"] and not state["is_sdown"] and not state["is_odown"], f"{label}: master flags {state['flags']}")
    check(state["num-other-sentinels"] == 2, f"{label}: num-other-sentinels {state['num-other-sentinels']} is 2")
    check(state["num-slaves"] == 2 and state["quorum"] == 2, f"{label}: num-slaves 2 and quorum 2")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentinels", required=True, help="comma-separated sentinel ports")
    parser.add_argument("--master-port", type=int, required=True)
    parser.add_argument("--replica-ports", required=True, help="comma-separated replica ports")
    args = parser.parse_args()
    sentinel_ports = [int(p) for p in args.sentinels.split(",")]
    replica_ports = [int(p) for p in args.replica_ports.split(",")]
    addresses = [(HOST, port) for port in sentinel_ports]

    # min_other_sentinels=2: redis-py then also checks num-other-sentinels from SENTINEL MASTERS.
    sentinel = Sentinel(addresses, socket_timeout=2, min_other_sentinels=2)
    wait_for("the sentinels to know each other", lambda: sentinel.discover_master(NAME))
    discovery(sentinel, args.master_port, replica_ports, "RESP2")
    resp3 = Sentinel(addresses, socket_timeout=2, min_other_sentinels=2, sentinel_kwargs={"protocol": 3})
    discovery(resp3, args.master_port, replica_ports, "RESP3")

    master = sentinel.master_for(NAME, socket_timeout=2)
    check(master.set("conformance:key", "before") is True, "SET through master_for")
    check(master.get("conformance:key") == b"before", "GET through master_for")
    replica = sentinel.slave_for(NAME, socket_timeout=2)
    wait_for("the write to reach a replica", lambda: replica.get("conformance:key") == b"before")

    # A forced failover through a sentinel connection (SPEC §8.9).
    check(sentinel.sentinels[0].sentinel_failover(NAME) is True, "SENTINEL FAILOVER answered OK")
    new_master = wait_for(
        "discover_master to return a replica's address",
        lambda: (lambda address: address if address != (HOST, args.master_port) else None)(
            sentinel.discover_master(NAME)),
        timeout=45,
    )
    check(new_master[1] in replica_ports, f"the new master {new_master} is one of the replicas")
    for other in sentinel.sentinels[1:]:
        wait_for(
            f"sentinel {other.connection_pool.connection_kwargs['port']} to switch too",
            lambda other=other: address(responses(other, "sentinel_get_master_addr_by_name", NAME)) == new_master,
        )
    role = redis.Redis(host=HOST, port=new_master[1], socket_timeout=2).execute_command("ROLE")
    check(role[0] == b"master", f"ROLE of the new master is {role[0]!r}")

    # master_for resolves again on a new connection: writes go to the new master.
    wait_for("SET through master_for after the failover", lambda: master.set("conformance:key", "after"))
    check(master.get("conformance:key") == b"after", "GET through master_for after the failover")
    check(master.connection_pool.get_master_address() == new_master, "master_for uses the new address")
    print("PASS", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
