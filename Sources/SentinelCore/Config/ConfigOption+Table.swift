/// The standard configs of Redis 7.0.15 (`static_configs` of `src/config.c`, TLS build), with
/// their aliases; this is the list `CONFIG GET *` shows on redis-server 7.0.15 plus the hidden
/// debug configs. SPEC §3.4: a sentinel accepts every one of them.
extension ConfigOption {
    private static let intMax: Int64 = 2_147_483_647
    private static let intMin: Int64 = -2_147_483_648
    private static let uintMax: Int64 = 4_294_967_295
    private static let longMax = Int64.max
    /// `ULLONG_MAX` as a bit pattern.
    private static let ullongMax: Int64 = -1

    private static func bool(_ name: String, alias: String? = nil, _ value: Bool, rejectsYes: String? = nil) -> Self {
        Self(name: name, alias: alias, kind: .bool(default: value, rejectsYes: rejectsYes))
    }

    private static func string(
        _ name: String, alias: String? = nil, _ value: String?, emptyIsNull: Bool, check: StringCheck = .none
    ) -> Self {
        Self(name: name, alias: alias, kind: .string(default: value, emptyIsNull: emptyIsNull, check: check))
    }

    private static func choice(
        _ name: String, _ names: [String], default value: String, values: [Int64]? = nil, bitflags: Bool = false
    ) -> Self {
        let numbers = values ?? names.indices.map { Int64($0) }
        let pairs = zip(names, numbers).map { (name: $0, value: $1) }
        let defaultValue = pairs.first(where: { $0.name == value })?.value ?? 0
        return Self(
            name: name, alias: nil, kind: .enumeration(values: pairs, default: defaultValue, bitflags: bitflags))
    }

    private static func number(
        _ name: String, alias: String? = nil, _ lower: Int64, _ upper: Int64, _ value: Int64,
        unsigned: Bool = false, memory: Bool = false, percent: Bool = false, octal: Bool = false
    ) -> Self {
        let numeric = ConfigNumeric(
            lower: lower, upper: upper, defaultValue: value, isUnsigned: unsigned, isMemory: memory,
            isPercent: percent, isOctal: octal)
        return Self(name: name, alias: alias, kind: .numeric(numeric))
    }

    private static func special(_ name: String, alias: String? = nil, _ special: Special) -> Self {
        Self(name: name, alias: alias, kind: .special(special))
    }

    private static let protectedAction = ["no", "yes", "local"]

    /// Every standard config, in the order the rewriter emits new lines (Redis itself uses the
    /// order of a hash table with a random seed, so any fixed order is as faithful).
    static let all: [ConfigOption] = [
        // Bool configs.
        .bool("rdbchecksum", true),
        .bool("daemonize", false),
        .bool("io-threads-do-reads", false),
        .bool("always-show-logo", false),
        .bool("protected-mode", true),
        .bool("rdbcompression", true),
        .bool("rdb-del-sync-files", false),
        .bool("activerehashing", true),
        .bool("stop-writes-on-bgsave-error", true),
        .bool("set-proc-title", true),
        .bool("dynamic-hz", true),
        .bool("lazyfree-lazy-eviction", false),
        .bool("lazyfree-lazy-expire", false),
        .bool("lazyfree-lazy-server-del", false),
        .bool("lazyfree-lazy-user-del", false),
        .bool("lazyfree-lazy-user-flush", false),
        .bool("repl-disable-tcp-nodelay", false),
        .bool("repl-diskless-sync", true),
        .bool("aof-rewrite-incremental-fsync", true),
        .bool("no-appendfsync-on-rewrite", false),
        .bool("cluster-require-full-coverage", true),
        .bool("rdb-save-incremental-fsync", true),
        .bool("aof-load-truncated", true),
        .bool("aof-use-rdb-preamble", true),
        .bool("aof-timestamp-enabled", false),
        .bool("cluster-replica-no-failover", alias: "cluster-slave-no-failover", false),
        .bool("replica-lazy-flush", alias: "slave-lazy-flush", false),
        .bool("replica-serve-stale-data", alias: "slave-serve-stale-data", true),
        .bool("replica-read-only", alias: "slave-read-only", true),
        .bool("replica-ignore-maxmemory", alias: "slave-ignore-maxmemory", true),
        .bool("jemalloc-bg-thread", true),
        .bool(
            "activedefrag", false,
            rejectsYes: "Active defragmentation cannot be enabled: it requires a Redis server compiled with a "
                + "modified Jemalloc like the one shipped by default with the Redis source distribution"),
        .bool("syslog-enabled", false),
        .bool("cluster-enabled", false),
        .bool("appendonly", false),
        .bool("cluster-allow-reads-when-down", false),
        .bool("cluster-allow-pubsubshard-when-down", true),
        .bool("crash-log-enabled", true),
        .bool("crash-memcheck-enabled", true),
        .bool("use-exit-on-panic", false),
        .bool("disable-thp", true),
        .bool("cluster-allow-replica-migration", true),
        .bool("replica-announced", true),
        .bool("latency-tracking", true),
        .bool("aof-disable-auto-gc", false),
        .bool("replica-ignore-disk-write-errors", false),
        // String configs.
        .string("aclfile", "", emptyIsNull: false),
        .string("unixsocket", nil, emptyIsNull: true),
        .string("pidfile", nil, emptyIsNull: true),
        .string("replica-announce-ip", alias: "slave-announce-ip", nil, emptyIsNull: true),
        .string("masteruser", nil, emptyIsNull: true),
        .string("cluster-announce-ip", nil, emptyIsNull: true),
        .string("cluster-config-file", "nodes.conf", emptyIsNull: false),
        .string("cluster-announce-hostname", nil, emptyIsNull: true, check: .hostname),
        .string("syslog-ident", "redis", emptyIsNull: false),
        .string("dbfilename", "dump.rdb", emptyIsNull: false, check: .dbFilename),
        .string("appendfilename", "appendonly.aof", emptyIsNull: false, check: .aofFilename),
        .string("appenddirname", "appendonlydir", emptyIsNull: false, check: .aofDirname),
        .string("server_cpulist", nil, emptyIsNull: true),
        .string("bio_cpulist", nil, emptyIsNull: true),
        .string("aof_rewrite_cpulist", nil, emptyIsNull: true),
        .string("bgsave_cpulist", nil, emptyIsNull: true),
        .string("ignore-warnings", "", emptyIsNull: false),
        .string(
            "proc-title-template", "{title} {listen-addr} {server-mode}", emptyIsNull: false,
            check: .procTitleTemplate),
        .string("bind-source-addr", nil, emptyIsNull: true),
        .string("logfile", "", emptyIsNull: false),
        .string("masterauth", nil, emptyIsNull: true),
        .string("requirepass", nil, emptyIsNull: true),
        // Enum configs.
        .choice("supervised", ["upstart", "systemd", "auto", "no"], default: "no"),
        .choice(
            "syslog-facility",
            ["user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"],
            default: "local0"),
        .choice("repl-diskless-load", ["disabled", "on-empty-db", "swapdb"], default: "disabled"),
        .choice("loglevel", ["debug", "verbose", "notice", "warning", "nothing"], default: "notice"),
        .choice(
            "maxmemory-policy",
            [
                "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu",
                "allkeys-random", "noeviction",
            ], default: "noeviction"),
        .choice("appendfsync", ["everysec", "always", "no"], default: "everysec"),
        .choice("oom-score-adj", ["no", "yes", "relative", "absolute"], default: "no", values: [0, 1, 1, 2]),
        .choice("acl-pubsub-default", ["allchannels", "resetchannels"], default: "resetchannels"),
        .choice("sanitize-dump-payload", ["no", "yes", "clients"], default: "no"),
        .choice("enable-protected-configs", Self.protectedAction, default: "no"),
        .choice("enable-debug-command", Self.protectedAction, default: "no"),
        .choice("enable-module-command", Self.protectedAction, default: "no"),
        .choice("cluster-preferred-endpoint-type", ["ip", "hostname", "unknown-endpoint"], default: "ip"),
        .choice("propagation-error-behavior", ["ignore", "panic", "panic-on-replicas"], default: "ignore"),
        .choice(
            "shutdown-on-sigint", ["default", "save", "nosave", "now", "force"], default: "default",
            values: [0, 1, 2, 4, 8], bitflags: true),
        .choice(
            "shutdown-on-sigterm", ["default", "save", "nosave", "now", "force"], default: "default",
            values: [0, 1, 2, 4, 8], bitflags: true),
        // Integer configs.
        .number("databases", 1, Self.intMax, 16),
        .number("port", 0, 65535, 6379),
        .number("io-threads", 1, 128, 1),
        .number("auto-aof-rewrite-percentage", 0, Self.intMax, 100),
        .number("cluster-replica-validity-factor", alias: "cluster-slave-validity-factor", 0, Self.intMax, 10),
        .number("list-max-listpack-size", alias: "list-max-ziplist-size", Self.intMin, Self.intMax, -2),
        .number("tcp-keepalive", 0, Self.intMax, 300),
        .number("cluster-migration-barrier", 0, Self.intMax, 1),
        .number("active-defrag-cycle-min", 1, 99, 1),
        .number("active-defrag-cycle-max", 1, 99, 25),
        .number("active-defrag-threshold-lower", 0, 1000, 10),
        .number("active-defrag-threshold-upper", 0, 1000, 100),
        .number("lfu-log-factor", 0, Self.intMax, 10),
        .number("lfu-decay-time", 0, Self.intMax, 1),
        .number("replica-priority", alias: "slave-priority", 0, Self.intMax, 100),
        .number("repl-diskless-sync-delay", 0, Self.intMax, 5),
        .number("maxmemory-samples", 1, Self.intMax, 5),
        .number("maxmemory-eviction-tenacity", 0, 100, 10),
        .number("timeout", 0, Self.intMax, 0),
        .number("replica-announce-port", alias: "slave-announce-port", 0, 65535, 0),
        .number("tcp-backlog", 0, Self.intMax, 511),
        .number("cluster-port", 0, 65535, 0),
        .number("cluster-announce-bus-port", 0, 65535, 0),
        .number("cluster-announce-port", 0, 65535, 0),
        .number("cluster-announce-tls-port", 0, 65535, 0),
        .number("repl-timeout", 1, Self.intMax, 60),
        .number("repl-ping-replica-period", alias: "repl-ping-slave-period", 1, Self.intMax, 10),
        .number("list-compress-depth", 0, Self.intMax, 0),
        .number("rdb-key-save-delay", Self.intMin, Self.intMax, 0),
        .number("key-load-delay", Self.intMin, Self.intMax, 0),
        .number("active-expire-effort", 1, 10, 1),
        .number("hz", 0, Self.intMax, 10),
        .number("min-replicas-to-write", alias: "min-slaves-to-write", 0, Self.intMax, 0),
        .number("min-replicas-max-lag", alias: "min-slaves-max-lag", 0, Self.intMax, 10),
        .number("watchdog-period", 0, Self.intMax, 0),
        .number("shutdown-timeout", 0, Self.intMax, 10),
        .number("repl-diskless-sync-max-replicas", 0, Self.intMax, 0),
        .number("maxclients", 1, Self.uintMax, 10000, unsigned: true),
        .number("unixsocketperm", 0, 0o777, 0, unsigned: true, octal: true),
        .number("socket-mark-id", 0, Self.uintMax, 0, unsigned: true),
        .number("active-defrag-max-scan-fields", 1, Self.longMax, 1000),
        .number("slowlog-max-len", 0, Self.longMax, 128),
        .number("acllog-max-len", 0, Self.longMax, 128),
        .number("busy-reply-threshold", alias: "lua-time-limit", 0, Self.longMax, 5000),
        .number("cluster-node-timeout", 0, Self.longMax, 15000),
        .number("slowlog-log-slower-than", -1, Self.longMax, 10000),
        .number("latency-monitor-threshold", 0, Self.longMax, 0),
        .number("proto-max-bulk-len", 1024 * 1024, Self.longMax, 512 * 1024 * 1024, memory: true),
        .number("stream-node-max-entries", 0, Self.longMax, 100),
        .number("repl-backlog-size", 1, Self.longMax, 1024 * 1024, memory: true),
        .number("maxmemory", 0, Self.ullongMax, 0, unsigned: true, memory: true),
        .number("cluster-link-sendbuf-limit", 0, Self.ullongMax, 0, unsigned: true, memory: true),
        .number("hash-max-listpack-entries", alias: "hash-max-ziplist-entries", 0, Self.longMax, 512, unsigned: true),
        .number("set-max-intset-entries", 0, Self.longMax, 512, unsigned: true),
        .number("zset-max-listpack-entries", alias: "zset-max-ziplist-entries", 0, Self.longMax, 128, unsigned: true),
        .number("active-defrag-ignore-bytes", 1, Self.longMax, 100 << 20, unsigned: true, memory: true),
        .number(
            "hash-max-listpack-value", alias: "hash-max-ziplist-value", 0, Self.longMax, 64, unsigned: true,
            memory: true),
        .number("stream-node-max-bytes", 0, Self.longMax, 4096, unsigned: true, memory: true),
        .number(
            "zset-max-listpack-value", alias: "zset-max-ziplist-value", 0, Self.longMax, 64, unsigned: true,
            memory: true),
        .number("hll-sparse-max-bytes", 0, Self.longMax, 3000, unsigned: true, memory: true),
        .number("tracking-table-max-keys", 0, Self.longMax, 1_000_000, unsigned: true),
        .number("client-query-buffer-limit", 1024 * 1024, Self.longMax, 1 << 30, unsigned: true, memory: true),
        .number("maxmemory-clients", -100, Self.longMax, 0, memory: true, percent: true),
        .number("repl-backlog-ttl", 0, Self.longMax, 3600),
        .number("auto-aof-rewrite-min-size", 0, Self.longMax, 64 << 20, memory: true),
        .number("loading-process-events-interval-bytes", 1024, Self.intMax, 2 << 20),
        // TLS configs (SPEC §3.5).
        .number("tls-port", 0, 65535, 0),
        .number("tls-session-cache-size", 0, Self.intMax, 20 * 1024),
        .number("tls-session-cache-timeout", 0, Self.intMax, 300),
        .bool("tls-cluster", false),
        .bool("tls-replication", false),
        .choice("tls-auth-clients", ["no", "yes", "optional"], default: "yes"),
        .bool("tls-prefer-server-ciphers", false),
        .bool("tls-session-caching", true),
        .string("tls-cert-file", nil, emptyIsNull: true),
        .string("tls-key-file", nil, emptyIsNull: true),
        .string("tls-key-file-pass", nil, emptyIsNull: true),
        .string("tls-client-cert-file", nil, emptyIsNull: true),
        .string("tls-client-key-file", nil, emptyIsNull: true),
        .string("tls-client-key-file-pass", nil, emptyIsNull: true),
        .string("tls-dh-params-file", nil, emptyIsNull: true),
        .string("tls-ca-cert-file", nil, emptyIsNull: true),
        .string("tls-ca-cert-dir", nil, emptyIsNull: true),
        .string("tls-protocols", nil, emptyIsNull: true),
        .string("tls-ciphers", nil, emptyIsNull: true),
        .string("tls-ciphersuites", nil, emptyIsNull: true),
        // Special configs.
        .special("dir", .dir),
        .special("save", .save),
        .special("client-output-buffer-limit", .clientOutputBufferLimit),
        .special("oom-score-adj-values", .oomScoreAdjValues),
        .special("notify-keyspace-events", .notifyKeyspaceEvents),
        .special("bind", .bind),
        .special("replicaof", alias: "slaveof", .replicaOf),
        .special("latency-tracking-info-percentiles", .latencyPercentiles),
    ]

    /// Lower-cased name or alias to the option.
    static let byName: [String: ConfigOption] = {
        var table: [String: ConfigOption] = [:]
        for option in Self.all {
            table[option.name] = option
            if let alias = option.alias { table[alias] = option }
        }
        return table
    }()

    /// `lookupConfig`: the option named `name` or one of its aliases, any case.
    static func named(_ name: String) -> ConfigOption? {
        Self.byName[name.lowercased()]
    }
}
