/// The command scripts of the side-by-side conformance suite (SPEC §13.3). Each line is sent to
/// a real redis-sentinel 7.0.15 and to swift-sentinel; the replies must match after
/// normalisation. Good and bad arguments for every SENTINEL subcommand.
enum ConformanceScripts {
    /// Read-only SENTINEL subcommands on the healthy master `mymaster`, and their errors.
    static func readOnly(primaryPort: Int) -> [[String]] {
        let port = String(primaryPort)
        return [
            ["SENTINEL", "MASTER", "mymaster"], ["SENTINEL", "master", "nosuch"], ["SENTINEL", "MASTER"],
            ["SENTINEL", "MASTER", "a", "b"],
            ["SENTINEL", "REPLICAS", "mymaster"], ["SENTINEL", "SLAVES", "mymaster"],
            ["SENTINEL", "REPLICAS", "nosuch"],
            ["SENTINEL", "SLAVES"], ["SENTINEL", "SENTINELS", "mymaster"], ["SENTINEL", "SENTINELS", "nosuch"],
            ["SENTINEL", "SENTINELS"],
            ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"], ["SENTINEL", "get-master-addr-by-name", "nosuch"],
            ["SENTINEL", "GET-MASTER-ADDR-BY-NAME"],
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", port, "0", "*"],
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", port, "0", "0123456789012345678901234567890123456789"],
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "10.0.0.1", "1", "0", "*"],
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "x", "0", "*"],
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", port, "x", "*"],
            ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", port, "0"],
            ["SENTINEL", "CKQUORUM", "mymaster"], ["SENTINEL", "CKQUORUM", "nosuch"], ["SENTINEL", "CKQUORUM"],
            ["SENTINEL", "MYID"], ["SENTINEL", "MYID", "x"], ["SENTINEL", "PENDING-SCRIPTS"],
            ["SENTINEL", "PENDING-SCRIPTS", "x"],
            ["SENTINEL", "HELP"], ["SENTINEL", "help", "x"], ["SENTINEL", "foo"], ["SENTINEL", "foo", "bar"],
            ["SENTINEL"], ["SENTINEL", ""],
            ["SENTINEL", "INFO-CACHE", "nosuch"], ["SENTINEL", "INFO-CACHE"],
            ["SENTINEL", "SIMULATE-FAILURE", "help"], ["SENTINEL", "SIMULATE-FAILURE", "HELP", "x"],
            ["SENTINEL", "SIMULATE-FAILURE", "crash-after-election", "crash-after-promotion"],
            ["SENTINEL", "SIMULATE-FAILURE", "bad"], ["SENTINEL", "SIMULATE-FAILURE", "crash-after-election", "bad"],
            ["SENTINEL", "SIMULATE-FAILURE", "help"],  // clears the flags set above
            ["SENTINEL", "SIMULATE-FAILURE"],
            ["SENTINEL", "FAILOVER", "nosuch"], ["SENTINEL", "FAILOVER"],
            ["SENTINEL", "FLUSHCONFIG"], ["SENTINEL", "FLUSHCONFIG", "x"],
            ["SeNtInEl", "mAsTeR", "mymaster"],
        ]
    }

    /// SENTINEL DEBUG: every timer set to the value it already has (both sentinels run with
    /// publish-period 200 and info-period 300), then every error.
    static let debug: [[String]] = [
        ["SENTINEL", "DEBUG"],
        [
            "SENTINEL", "DEBUG", "info-period", "300", "ping-period", "1000", "ask-period", "1000", "publish-period",
            "200",
            "default-down-after", "30000", "default-failover-timeout", "180000", "tilt-trigger", "2000",
        ],
        [
            "SENTINEL", "DEBUG", "TILT-PERIOD", "30000", "slave-reconf-timeout", "10000", "min-link-reconnect-period",
            "15000", "election-timeout", "10000", "script-max-runtime", "60000", "script-retry-delay", "30000",
        ],
        ["SENTINEL", "DEBUG"],
        ["SENTINEL", "DEBUG", "ping-period"], ["SENTINEL", "DEBUG", "ping-period", "0"],
        ["SENTINEL", "DEBUG", "ping-period", "-5"], ["SENTINEL", "DEBUG", "ping-period", "abc"],
        ["SENTINEL", "DEBUG", "ping-period", "1000", "foo", "1"], ["SENTINEL", "DEBUG", "foo", "1"],
        ["SENTINEL", "DEBUG", "ping-period", "1000", "ask-period"], ["SENTINEL", "DEBUG", "ping-period", "1.5"],
        ["SENTINEL", "DEBUG"],
    ]

    /// SENTINEL CONFIG: every parameter read and set to its default, then every bad form.
    static let config: [[String]] = [
        ["SENTINEL", "CONFIG", "GET", "*"], ["SENTINEL", "CONFIG", "GET", "announce*"],
        ["SENTINEL", "CONFIG", "GET", "RESOLVE-HOSTNAMES"], ["SENTINEL", "CONFIG", "GET", "nosuch"],
        ["SENTINEL", "CONFIG", "GET", "sentinel-user"], ["SENTINEL", "CONFIG", "GET", "sentinel-pass"],
        ["SENTINEL", "CONFIG", "GET", "announce-port"], ["SENTINEL", "CONFIG", "GET", "announce-ip"],
        ["SENTINEL", "CONFIG", "SET", "resolve-hostnames", "no"],
        ["SENTINEL", "CONFIG", "SET", "announce-hostnames", "NO"],
        ["SENTINEL", "CONFIG", "SET", "announce-ip", ""], ["SENTINEL", "CONFIG", "SET", "announce-port", "0"],
        ["SENTINEL", "CONFIG", "SET", "sentinel-user", ""], ["SENTINEL", "CONFIG", "SET", "sentinel-pass", ""],
        ["SENTINEL", "CONFIG", "GET", "*"],
        ["SENTINEL", "CONFIG", "SET", "resolve-hostnames", "maybe"],
        ["SENTINEL", "CONFIG", "SET", "announce-port", "abc"],
        ["SENTINEL", "CONFIG", "SET", "announce-port", "70000"], ["SENTINEL", "CONFIG", "SET", "announce-port", "-1"],
        ["SENTINEL", "CONFIG", "SET", "nosuch", "1"], ["SENTINEL", "CONFIG", "SET", "loglevel", "debug"],
        ["SENTINEL", "CONFIG", "SET", "announce-port"], ["SENTINEL", "CONFIG", "SET", "announce-port", "0", "x"],
        ["SENTINEL", "CONFIG", "GET"], ["SENTINEL", "CONFIG", "GET", "a", "b"], ["SENTINEL", "CONFIG", "foo", "x"],
        ["SENTINEL", "CONFIG", "foo"], ["SENTINEL", "CONFIG"], ["SENTINEL", "config", "get", "loglevel"],
    ]

    /// MONITOR (every error, then a good one), SET (every option, bad values), RESET, REMOVE on a
    /// second master `side` that nobody listens for (`dead`: a free port).
    static func mutating(primaryPort: Int, dead: Int) -> [[String]] {
        let port = String(primaryPort)
        let deadPort = String(dead)
        return [
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", deadPort, "0"],
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", deadPort, "x"],
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", deadPort, "-1"],
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", "x", "1"],
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", "70000", "1"],
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", "-1", "1"],
            ["SENTINEL", "MONITOR", "side", "not-an-ip", deadPort, "1"],
            ["SENTINEL", "MONITOR", "side", "localhost", deadPort, "1"],
            ["SENTINEL", "MONITOR", "mymaster", "127.0.0.1", port, "1"],
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", deadPort],
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", deadPort, "1", "x"],
            // Port 0 is accepted and never connected to, so `side` stays `master,disconnected`:
            // a refused connect at a dead port shows as connected in swift for the instant
            // before NIO reports it (hiredis sees the refusal synchronously on loopback).
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", "0", "1"],
            ["SENTINEL", "MONITOR", "side", "127.0.0.1", deadPort, "1"],
            ["SENTINEL", "MASTER", "side"],
            ["SENTINEL", "SET", "side", "down-after-milliseconds", "10000"],
            ["SENTINEL", "SET", "side", "failover-timeout", "20000"],
            ["SENTINEL", "SET", "side", "parallel-syncs", "3"],
            ["SENTINEL", "SET", "side", "quorum", "2"],
            ["SENTINEL", "SET", "side", "auth-pass", "secret"],
            ["SENTINEL", "SET", "side", "auth-user", "bob"],
            ["SENTINEL", "SET", "side", "master-reboot-down-after-period", "1000"],
            ["SENTINEL", "SET", "side", "rename-command", "PING", "PONG"],
            ["SENTINEL", "SET", "side", "rename-command", "CONFIG", "CFG", "QUORUM", "3"],
            ["SENTINEL", "SET", "side", "notification-script", "/nonexistent/script.sh"],
            ["SENTINEL", "SET", "side", "client-reconfig-script", "/nonexistent/script.sh"],
            ["SENTINEL", "SET", "side", "notification-script", ""],
            ["SENTINEL", "SET", "side", "down-after-milliseconds", "0"],
            ["SENTINEL", "SET", "side", "down-after-milliseconds", "abc"],
            ["SENTINEL", "SET", "side", "failover-timeout", "-1"],
            ["SENTINEL", "SET", "side", "parallel-syncs", "0"],
            ["SENTINEL", "SET", "side", "quorum", "0"],
            ["SENTINEL", "SET", "side", "quorum", "x"],
            ["SENTINEL", "SET", "side", "master-reboot-down-after-period", "-1"],
            ["SENTINEL", "SET", "side", "foo", "bar"],
            ["SENTINEL", "SET", "side", "quorum", "4", "foo", "1"],
            ["SENTINEL", "SET", "side", "quorum", "2", "parallel-syncs"],
            ["SENTINEL", "SET", "side", "rename-command", "PING"],
            ["SENTINEL", "SET", "side", "quorum"],
            ["SENTINEL", "SET", "side"],
            ["SENTINEL", "SET", "nosuch", "quorum", "1"],
            ["SENTINEL", "SET", "side", "QUORUM", "5", "Parallel-Syncs", "4"],
            ["SENTINEL", "SET", "side", "auth-pass", ""], ["SENTINEL", "SET", "side", "auth-user", ""],
            ["SENTINEL", "MASTER", "side"],
            ["SENTINEL", "FAILOVER", "side"],
            ["SENTINEL", "CKQUORUM", "side"],
            ["SENTINEL", "REPLICAS", "side"], ["SENTINEL", "SENTINELS", "side"],
            ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", "side"],
            ["SENTINEL", "RESET", "side"], ["SENTINEL", "RESET", "nomatch*"], ["SENTINEL", "RESET", "SIDE"],
            ["SENTINEL", "RESET", "s?d[a-z]"], ["SENTINEL", "RESET"],
            ["SENTINEL", "MASTER", "side"],
            ["SENTINEL", "REMOVE", "side"], ["SENTINEL", "REMOVE", "side"], ["SENTINEL", "REMOVE"],
        ]
    }

    /// Valkey 8 names (SPEC §14.2) on swift, the 7.0 names on redis-sentinel.
    static func valkeyAliases(primaryPort: Int) -> [(swift: [String], redis: [String])] {
        let port = String(primaryPort)
        return [
            (["SENTINEL", "PRIMARY", "mymaster"], ["SENTINEL", "MASTER", "mymaster"]),
            (["SENTINEL", "PRIMARY", "nosuch"], ["SENTINEL", "MASTER", "nosuch"]),
            (
                ["SENTINEL", "SET", "mymaster", "primary-reboot-down-after-period", "0"],
                ["SENTINEL", "SET", "mymaster", "master-reboot-down-after-period", "0"]
            ),

            (
                ["SENTINEL", "GET-PRIMARY-ADDR-BY-NAME", "mymaster"],
                ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"]
            ),
            (["SENTINEL", "GET-PRIMARY-ADDR-BY-NAME", "nosuch"], ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", "nosuch"]),
            (
                ["SENTINEL", "IS-PRIMARY-DOWN-BY-ADDR", "127.0.0.1", port, "0", "*"],
                ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", port, "0", "*"]
            ),
        ]
    }

    /// Connection-level commands (SPEC §13.2) that are not SENTINEL.
    static let connection: [[String]] = [
        ["PING"], ["PING", "hello"], ["ping", ""], ["PING", "a", "b"], ["ROLE"], ["ROLE", "x"],
        ["PUBLISH", "foo", "bar"], ["PUBLISH", "__sentinel__:hello", "garbage"],
        ["PUBLISH", "__SENTINEL__:HELLO", "garbage"], ["PUBLISH", "foo"], ["PUBLISH", "a", "b", "c"],
        ["CONFIG", "GET", "x"], ["SET", "a", "b"], ["GET", "a"], ["QUIT", "now"], ["SELECT", "0"], ["RESET"],
        ["DEBUG", "sleep", "0"], ["REPLICAOF", "no", "one"], ["nosuchcommand"], ["nosuchcommand", "a", "b", "c"],
        [""], ["SUBSCRIBE"], ["PSUBSCRIBE"], ["PUBSUB", "CHANNELS"], ["SSUBSCRIBE", "x"], ["SPUBLISH", "x", "y"],
        ["MONITOR"], ["MULTI"], ["EXEC"], ["WAIT", "0", "0"], ["ECHO", "x"], ["TIME"], ["DBSIZE"], ["SAVE"],
        ["HELLO", "4"], ["HELLO", "x"], ["HELLO", "2", "SETNAME"], ["HELLO", "2", "foo"],
        ["HELLO", "2", "SETNAME", "my name"], ["HELLO", "2", "AUTH", "default"],
        ["HELLO", "2", "AUTH", "default", "x"],
        ["HELLO", "2", "SETNAME", "conf"], ["HELLO"],
    ]

    /// The connection-level families (ACL, CLIENT, COMMAND, INFO), one group per family.
    static let connectionFamilies: [String: [[String]]] = [
        "ACL": [
            ["ACL", "WHOAMI"], ["ACL", "USERS"], ["ACL", "LIST"], ["ACL", "CAT"],
            ["ACL", "GETUSER", "default"], ["ACL", "GETUSER", "nosuch"], ["ACL", "DELUSER", "nosuch"],
            ["ACL", "SETUSER", "alice", "on", ">pw", "+@all"], ["ACL", "GETUSER", "alice"],
            ["ACL", "DELUSER", "alice"], ["ACL", "foo"], ["ACL"], ["ACL", "HELP"],
            ["ACL", "DRYRUN", "default", "ping"],
            ["AUTH", "x"], ["AUTH", "default", "x"], ["AUTH", "a", "b", "c"],
        ],
        "CLIENT": [
            ["CLIENT", "GETNAME"], ["CLIENT", "SETNAME", "conf"], ["CLIENT", "GETNAME"], ["CLIENT", "SETNAME", "a b"],
            ["CLIENT", "NO-TOUCH", "on"], ["CLIENT", "foo"], ["CLIENT"], ["CLIENT", "HELP"],
            ["CLIENT", "GETREDIR"], ["CLIENT", "REPLY", "ON"], ["CLIENT", "TRACKINGINFO"],
            ["CLIENT", "KILL", "127.0.0.1:1"], ["CLIENT", "KILL", "USER", "nosuch", "SKIPME", "no"],
        ],
        "COMMAND": [
            ["COMMAND", "COUNT"], ["COMMAND", "INFO", "ping"],
            ["COMMAND", "INFO", "get"], ["COMMAND", "GETKEYS", "ping"], ["COMMAND", "foo"], ["COMMAND", "HELP"],
        ],
    ]
}

extension ConformanceScripts {
    /// Global parameters with non-default values and hostnames (SPEC §13.7, scenario J). Run on
    /// separate topologies: an announced address would confuse a shared peer.
    static func globalConfig(dead: Int) -> [[String]] {
        let port = String(dead)
        return [
            ["SENTINEL", "MONITOR", "host", "localhost", port, "1"],
            ["SENTINEL", "CONFIG", "SET", "resolve-hostnames", "yes"],
            ["SENTINEL", "MONITOR", "nohost", "nosuchhost.invalid", port, "1"],
            ["SENTINEL", "MONITOR", "host", "localhost", port, "1"],
            ["SENTINEL", "CONFIG", "SET", "announce-hostnames", "yes"],
            ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", "host"],
            ["SENTINEL", "MASTER", "host"],
            ["SENTINEL", "CONFIG", "SET", "announce-ip", "10.1.2.3"],
            ["SENTINEL", "CONFIG", "SET", "announce-port", "1234"],
            ["SENTINEL", "CONFIG", "SET", "sentinel-user", "sentuser"],
            ["SENTINEL", "CONFIG", "SET", "sentinel-pass", "sentpass"],
            ["SENTINEL", "CONFIG", "GET", "*"],
            ["SENTINEL", "CONFIG", "GET", "announce-*"],
            ["SENTINEL", "CONFIG", "GET", "SENTINEL-*"],
            ["SENTINEL", "CONFIG", "SET", "Announce-Hostnames", "no"],
            ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", "host"],
            ["SENTINEL", "REMOVE", "host"],
            ["SENTINEL", "FLUSHCONFIG"],
        ]
    }
}

extension ConformanceScripts {
    /// How numbers and addresses are parsed: signs, spaces, overflow, hex, IPv6 and short IPv4
    /// forms (Redis: `getaddrinfo(AI_NUMERICHOST)`, `string2ll` / `strtoll`).
    static let parsing: [[String]] = [
        ["SENTINEL", "MONITOR", "v4", "127.1", "0", "1"], ["SENTINEL", "MASTER", "v4"],
        ["SENTINEL", "MONITOR", "v6", "::1", "0", "1"], ["SENTINEL", "MASTER", "v6"],
        ["SENTINEL", "MONITOR", "v6long", "0:0:0:0:0:0:0:1", "0", "1"], ["SENTINEL", "MASTER", "v6long"],
        ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", "v6long"],
        ["SENTINEL", "MONITOR", "sp", " 127.0.0.1", "0", "1"], ["SENTINEL", "MONITOR", "sp", "127.0.0.1 ", "0", "1"],
        ["SENTINEL", "MONITOR", "q", "127.0.0.1", "0", "2abc"], ["SENTINEL", "MONITOR", "q", "127.0.0.1", "0", " 2"],
        ["SENTINEL", "MONITOR", "q", "127.0.0.1", "0", "+2"], ["SENTINEL", "MONITOR", "q", "127.0.0.1", "+0", "1"],
        ["SENTINEL", "MONITOR", "q", "127.0.0.1", "0x10", "1"], ["SENTINEL", "MONITOR", "q", "127.0.0.1", "00", "1"],
        ["SENTINEL", "MONITOR", "q", "127.0.0.1", "0", "99999999999999999999"],
        ["SENTINEL", "MONITOR", "q", "127.0.0.1", "65535", "1"],
        ["SENTINEL", "MONITOR", "q", "127.0.0.1", "65536", "1"],
        ["SENTINEL", "SET", "v4", "quorum", "1", "quorum", "2"],
        ["SENTINEL", "SET", "v4", "down-after-milliseconds", "10abc"],
        ["SENTINEL", "SET", "v4", "down-after-milliseconds", "+5000"],
        ["SENTINEL", "SET", "v4", "down-after-milliseconds", " 5000"],
        ["SENTINEL", "SET", "v4", "down-after-milliseconds", "9223372036854775807"],
        ["SENTINEL", "SET", "v4", "down-after-milliseconds", "9223372036854775808"],
        ["SENTINEL", "SET", "v4", "failover-timeout", "1e3"], ["SENTINEL", "SET", "v4", "parallel-syncs", "0x2"],
        // 2147483648 is a deliberate difference (README "Hostile input": the config could not load it).
        ["SENTINEL", "SET", "v4", "quorum", "2147483647"], ["SENTINEL", "SET", "v4", "parallel-syncs", "2147483648"],
        ["SENTINEL", "SET", "v4", "master-reboot-down-after-period", "0"],
        ["SENTINEL", "MASTER", "v4"],
        ["SENTINEL", "CONFIG", "SET", "announce-port", "65535"], ["SENTINEL", "CONFIG", "SET", "announce-port", "+1"],
        ["SENTINEL", "CONFIG", "SET", "announce-port", " 1"], ["SENTINEL", "CONFIG", "SET", "announce-port", "0"],
        ["SENTINEL", "CONFIG", "SET", "resolve-hostnames", "YES"],
        ["SENTINEL", "CONFIG", "SET", "resolve-hostnames", "no"],
        ["SENTINEL", "DEBUG", "ping-period", "+1000"], ["SENTINEL", "DEBUG", "ping-period", "01000"],
        ["SENTINEL", "DEBUG", "ping-period", "9223372036854775807"], ["SENTINEL", "DEBUG", "ping-period", "1000"],
        ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.1", "0", "0", "*"],
        ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "+0", "-1", "*"],
        ["SENTINEL", "REMOVE", "v4"], ["SENTINEL", "REMOVE", "v6"], ["SENTINEL", "REMOVE", "v6long"],
        ["SENTINEL", "REMOVE", "q"], ["SENTINEL", "REMOVE", "sp"],
    ]
}

extension ConformanceScripts {
    /// Odd names and values that end up in the rewritten config: spaces, quotes, empty names,
    /// rename-command back to itself (scenario I). Run on a separate pair after `REMOVE mymaster`,
    /// so the rewrite holds a single master.
    static let oddValues: [[String]] = [
        ["SENTINEL", "REMOVE", "mymaster"],
        ["SENTINEL", "MONITOR", "", "127.0.0.1", "0", "1"],
        ["SENTINEL", "MONITOR", "a b", "127.0.0.1", "0", "1"],
        ["SENTINEL", "MASTERS"],
        ["SENTINEL", "REMOVE", ""],
        ["SENTINEL", "SET", "a b", "auth-pass", "p w\"x"],
        ["SENTINEL", "SET", "a b", "auth-user", "u s"],
        ["SENTINEL", "SET", "a b", "rename-command", "PING", "P O"],
        ["SENTINEL", "SET", "a b", "rename-command", "CONFIG", "CONFIG"],
        ["SENTINEL", "SET", "a b", "rename-command", "", "X"],
        ["SENTINEL", "SET", "a b", "rename-command", "PING", "PING"],
        ["SENTINEL", "SET", "a b", "rename-command", "INFO", "i\"n"],
        ["SENTINEL", "CONFIG", "SET", "announce-ip", "1.2.3.4 x\"y"],
        ["SENTINEL", "CONFIG", "SET", "sentinel-user", "u s"],
        ["SENTINEL", "CONFIG", "SET", "sentinel-pass", "p\"w"],
        ["SENTINEL", "CONFIG", "GET", "*"],
        ["SENTINEL", "MASTER", "a b"],
        ["SENTINEL", "FLUSHCONFIG"],
    ]
}
