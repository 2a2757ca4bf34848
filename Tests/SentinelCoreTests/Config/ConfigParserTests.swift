import Testing

@testable import SentinelCore

/// A config text and the error redis-sentinel 7.0.15 printed for it.
struct ConfigErrorCase: Sendable, CustomTestStringConvertible {
    var text: String
    var lineNumber: Int
    var line: String
    var reason: String
    var testDescription: String { self.text }

    init(_ text: String, _ lineNumber: Int, _ line: String, _ reason: String) {
        self.text = text
        self.lineNumber = lineNumber
        self.line = line
        self.reason = reason
    }
}

/// Parses with no file-system access: every script is executable unless named `/nonexistent`.
func parseConfig(_ text: String, extraArguments: [String] = []) throws(ConfigError) -> ParsedConfig {
    try ConfigParser.parse(
        text, fileName: "/etc/sentinel.conf", extraArguments: extraArguments,
        isExecutable: { !$0.hasPrefix("/nonexistent") }, environment: .permissive)
}

/// The error `text` fails with, or `nil`.
func configError(_ text: String, extraArguments: [String] = []) -> ConfigError? {
    do {
        _ = try parseConfig(text, extraArguments: extraArguments)
        return nil
    } catch {
        return error
    }
}

/// SPEC §3.1–§3.5: loading `sentinel.conf`.
@Suite struct ConfigParserTests {
    static let monitor = "sentinel monitor m 127.0.0.1 6379 2\n"

    // MARK: - The fatal error text

    /// Captured from redis-sentinel 7.0.15 (stderr, `cat -A` showed exactly these lines):
    /// config `# c`, `sentinel monitor m 127.0.0.1 6379 2`, `  foo bar  `.
    @Test func fatalMessageIsRedisText() throws {
        let error = try #require(configError("# c\nsentinel monitor m 127.0.0.1 6379 2\n  foo bar  \n"))
        #expect(
            error.fatalMessage
                == "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n"
                + ">>> 'foo bar'\nBad directive or wrong number of arguments\n")
        #expect(error.fileName == "/etc/sentinel.conf")
        #expect(error.kind == .badLine)
    }

    /// A sentinel directive is applied after the file, but Redis reports its own line.
    @Test func sentinelErrorNamesItsOwnLine() throws {
        let text = "# c\nsentinel down-after-milliseconds nosuchmaster 100\nsentinel monitor m 127.0.0.1 6379 2\n\n"
        let error = try #require(configError(text))
        #expect(error.lineNumber == 2)
        #expect(error.line == "sentinel down-after-milliseconds nosuchmaster 100")
        #expect(error.reason == "No such master with specified name.")
    }

    @Test func afterLoadingErrorHasNoLine() {
        let error = ConfigError(
            fileName: "f", lineNumber: 0, line: "", reason: "Can't open the log file: Permission denied",
            kind: .afterLoading)
        #expect(
            error.fatalMessage
                == "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: Permission denied\n")
    }

    // MARK: - Every error message

    /// Each case was run through redis-sentinel 7.0.15; line numbers, lines and reasons are its
    /// output.
    static let errorCases: [ConfigErrorCase] = [
        // Generic directives.
        .init("foo", 1, "foo", "Bad directive or wrong number of arguments"),
        .init("foo bar", 1, "foo bar", "Bad directive or wrong number of arguments"),
        .init("user", 1, "user", "Bad directive or wrong number of arguments"),
        .init("include a b", 1, "include a b", "Bad directive or wrong number of arguments"),
        .init("rename-command PING", 1, "rename-command PING", "Bad directive or wrong number of arguments"),
        .init(
            "list-max-ziplist-entries 1 2", 1, "list-max-ziplist-entries 1 2",
            "Bad directive or wrong number of arguments"),
        .init("port \"28000", 1, "port \"28000", "Unbalanced quotes in configuration line"),
        .init("port '28000", 1, "port '28000", "Unbalanced quotes in configuration line"),
        .init("port \"28000\"x", 1, "port \"28000\"x", "Unbalanced quotes in configuration line"),
        .init("port abc", 1, "port abc", "argument couldn't be parsed into an integer"),
        .init("port 99999", 1, "port 99999", "argument must be between 0 and 65535 inclusive"),
        .init("port -1", 1, "port -1", "argument must be between 0 and 65535 inclusive"),
        .init("port 1 2", 1, "port 1 2", "wrong number of arguments"),
        .init("port", 1, "port", "wrong number of arguments"),
        .init("port 080", 1, "port 080", "argument couldn't be parsed into an integer"),
        .init("port +80", 1, "port +80", "argument couldn't be parsed into an integer"),
        .init("port ' 80'", 1, "port ' 80'", "argument couldn't be parsed into an integer"),
        .init("port ''", 1, "port ''", "argument couldn't be parsed into an integer"),
        .init("tcp-keepalive 1.5", 1, "tcp-keepalive 1.5", "argument couldn't be parsed into an integer"),
        .init(
            "loglevel loud", 1, "loglevel loud",
            "argument(s) must be one of the following: debug, verbose, notice, warning"),
        .init("daemonize maybe", 1, "daemonize maybe", "argument must be 'yes' or 'no'"),
        .init("appendonly maybe", 1, "appendonly maybe", "argument must be 'yes' or 'no'"),
        .init("logfile a b", 1, "logfile a b", "wrong number of arguments"),
        .init("requirepass a b", 1, "requirepass a b", "wrong number of arguments"),
        .init(
            "enable-debug-command maybe", 1, "enable-debug-command maybe",
            "argument(s) must be one of the following: no, yes, local"),
        .init(
            "syslog-facility local9", 1, "syslog-facility local9",
            "argument(s) must be one of the following: user, local0, local1, local2, local3, local4, local5, local6, local7"
        ),
        .init("maxclients abc", 1, "maxclients abc", "argument couldn't be parsed into an integer"),
        .init("maxclients 0", 1, "maxclients 0", "argument must be between 1 and 4294967295 inclusive"),
        .init("maxclients -1", 1, "maxclients -1", "argument must be between 1 and 4294967295 inclusive"),
        .init("timeout -1", 1, "timeout -1", "argument must be between 0 and 2147483647 inclusive"),
        .init("timeout 99999999999", 1, "timeout 99999999999", "argument must be between 0 and 2147483647 inclusive"),
        .init("tcp-keepalive -1", 1, "tcp-keepalive -1", "argument must be between 0 and 2147483647 inclusive"),
        .init("hz -1", 1, "hz -1", "argument must be between 0 and 2147483647 inclusive"),
        .init("io-threads 0", 1, "io-threads 0", "argument must be between 1 and 128 inclusive"),
        .init("maxmemory 10xb", 1, "maxmemory 10xb", "argument must be a memory value"),
        .init("maxmemory -1", 1, "maxmemory -1", "argument must be a memory value"),
        .init(
            "repl-backlog-size 0", 1, "repl-backlog-size 0",
            "argument must be between 1 and 9223372036854775807 inclusive"),
        .init(
            "proto-max-bulk-len 1k", 1, "proto-max-bulk-len 1k",
            "argument must be between 1048576 and 9223372036854775807 inclusive"),
        .init(
            "maxmemory-clients 200%", 1, "maxmemory-clients 200%", "percentage argument must be less or equal to 100"),
        .init("maxmemory-clients -5", 1, "maxmemory-clients -5", "argument must be a memory or percent value"),
        .init("maxmemory-clients 10x", 1, "maxmemory-clients 10x", "argument must be a memory or percent value"),
        .init("unixsocketperm 999", 1, "unixsocketperm 999", "argument couldn't be parsed as an octal number"),
        .init("unixsocketperm 7777", 1, "unixsocketperm 7777", "argument must be between 0 and 777 inclusive"),
        .init(
            "loading-process-events-interval-bytes 10", 1, "loading-process-events-interval-bytes 10",
            "argument must be between 1024 and 2147483647 inclusive"),
        .init("acllog-max-len 0128", 1, "acllog-max-len 0128", "argument couldn't be parsed into an integer"),
        .init("save 900", 1, "save 900", "Invalid save parameters"),
        .init("save 0 1", 1, "save 0 1", "Invalid save parameters"),
        .init("save 900 -1", 1, "save 900 -1", "Invalid save parameters"),
        .init("save 900 x", 1, "save 900 x", "Invalid save parameters"),
        .init("save 900 1 300", 1, "save 900 1 300", "Invalid save parameters"),
        .init("save \"\" 1", 1, "save \"\" 1", "Invalid save parameters"),
        .init(
            "bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", 1, "bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
            "Too many bind addresses specified."),
        .init("replicaof 1.2.3.4", 1, "replicaof 1.2.3.4", "wrong number of arguments"),
        .init("replicaof 1.2.3.4 99999", 1, "replicaof 1.2.3.4 99999", "Invalid master port"),
        .init("replicaof 1.2.3.4 x", 1, "replicaof 1.2.3.4 x", "Invalid master port"),
        .init(
            "oom-score-adj-values 1 2 3000", 1, "oom-score-adj-values 1 2 3000",
            "Invalid oom-score-adj-values, elements must be between -2000 and 2000."),
        .init(
            "oom-score-adj-values 1 2 x", 1, "oom-score-adj-values 1 2 x",
            "Invalid oom-score-adj-values, elements must be between -2000 and 2000."),
        .init("oom-score-adj-values 1 2", 1, "oom-score-adj-values 1 2", "wrong number of arguments"),
        .init(
            "client-output-buffer-limit master 0 0 0", 1, "client-output-buffer-limit master 0 0 0",
            "Invalid client class specified in buffer limit configuration."),
        .init(
            "client-output-buffer-limit foo 0 0 0", 1, "client-output-buffer-limit foo 0 0 0",
            "Invalid client class specified in buffer limit configuration."),
        .init(
            "client-output-buffer-limit normal 1x 0 0", 1, "client-output-buffer-limit normal 1x 0 0",
            "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
        .init(
            "client-output-buffer-limit normal 0 0 -1", 1, "client-output-buffer-limit normal 0 0 -1",
            "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
        .init(
            "client-output-buffer-limit normal 0 0", 1, "client-output-buffer-limit normal 0 0",
            "Wrong number of arguments in buffer limit configuration."),
        .init(
            "latency-tracking-info-percentiles 101", 1, "latency-tracking-info-percentiles 101",
            "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"),
        .init(
            "latency-tracking-info-percentiles -1", 1, "latency-tracking-info-percentiles -1",
            "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"),
        .init(
            "latency-tracking-info-percentiles nan", 1, "latency-tracking-info-percentiles nan",
            "Invalid latency-tracking-info-percentiles parameters"),
        .init(
            "latency-tracking-info-percentiles 50 abc", 1, "latency-tracking-info-percentiles 50 abc",
            "Invalid latency-tracking-info-percentiles parameters"),
        .init("dbfilename a/b", 1, "dbfilename a/b", "dbfilename can't be a path, just a filename"),
        .init("appendfilename ''", 1, "appendfilename ''", "appendfilename can't be empty"),
        .init("appenddirname a/b", 1, "appenddirname a/b", "appenddirname can't be a path, just a dirname"),
        .init(
            "shutdown-on-sigint save nosave", 1, "shutdown-on-sigint save nosave",
            "shutdown options SAVE and NOSAVE can't be used simultaneously"),
        .init(
            "shutdown-on-sigint", 1, "shutdown-on-sigint",
            "argument(s) must be one of the following: default, save, nosave, now, force"),
        .init(
            "shutdown-on-sigint bogus", 1, "shutdown-on-sigint bogus",
            "argument(s) must be one of the following: default, save, nosave, now, force"),
        .init(
            "notify-keyspace-events Q", 1, "notify-keyspace-events Q",
            "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
        .init(
            "cluster-announce-hostname a_b", 1, "cluster-announce-hostname a_b",
            "Hostnames may only contain alphanumeric characters, hyphens or dots"),
        .init(
            "proc-title-template '{foo}'", 1, "proc-title-template '{foo}'",
            "template format is invalid or contains unknown variables"),
        .init(
            "activedefrag yes", 1, "activedefrag yes",
            "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified "
                + "Jemalloc like the one shipped by default with the Redis source distribution"),
        .init("a.b", 1, "a.b", "Module config specified without value"),
        .init("rename-command NOSUCH foo", 1, "rename-command NOSUCH foo", "No such command in rename-command"),
        .init("rename-command config ''", 1, "rename-command config ''", "No such command in rename-command"),
        // Sentinel directives.
        .init("sentinel foo", 1, "sentinel foo", "Unrecognized sentinel configuration statement."),
        .init(
            "sentinel monitor m 127.0.0.1 6379", 1, "sentinel monitor m 127.0.0.1 6379",
            "Unrecognized sentinel configuration statement."),
        .init(
            "sentinel monitor m localhost 6379 2", 1, "sentinel monitor m localhost 6379 2",
            "Can't resolve instance hostname."),
        .init(
            "sentinel monitor m 127.0.0.1 6379 0", 1, "sentinel monitor m 127.0.0.1 6379 0",
            "Quorum must be 1 or greater."),
        .init(
            "sentinel monitor m 127.0.0.1 70000 2", 1, "sentinel monitor m 127.0.0.1 70000 2", "Invalid port number."),
        .init("sentinel monitor m 127.0.0.1 -1 2", 1, "sentinel monitor m 127.0.0.1 -1 2", "Invalid port number."),
        .init(
            "sentinel monitor m 127.0.0.1 6379 2\nsentinel monitor m 127.0.0.1 6380 2", 2,
            "sentinel monitor m 127.0.0.1 6380 2", "Duplicate master name."),
        .init(
            "sentinel resolve-hostnames maybe", 1, "sentinel resolve-hostnames maybe",
            "Please specify yes or no for the resolve-hostnames option."),
        .init(
            "sentinel announce-hostnames maybe", 1, "sentinel announce-hostnames maybe",
            "Please specify yes or no for the announce-hostnames option."),
        .init(
            "sentinel deny-scripts-reconfig maybe", 1, "sentinel deny-scripts-reconfig maybe",
            "Please specify yes or no for the deny-scripts-reconfig options."),
        .init("sentinel myid abc", 1, "sentinel myid abc", "Malformed Sentinel id in myid option."),
        .init(
            Self.monitor + "sentinel master-reboot-down-after-period m -1", 2,
            "sentinel master-reboot-down-after-period m -1", "negative time parameter."),
        .init(
            Self.monitor + "sentinel down-after-milliseconds m -5", 2, "sentinel down-after-milliseconds m -5",
            "negative or zero time parameter."),
        .init(
            Self.monitor + "sentinel down-after-milliseconds m abc", 2, "sentinel down-after-milliseconds m abc",
            "negative or zero time parameter."),
        .init(
            Self.monitor + "sentinel down-after-milliseconds m -4294967296", 2,
            "sentinel down-after-milliseconds m -4294967296", "negative or zero time parameter."),
        .init(
            Self.monitor + "sentinel failover-timeout m 0", 2, "sentinel failover-timeout m 0",
            "negative or zero time parameter."),
        .init(
            Self.monitor + "sentinel known-replica m localhost 6380", 2, "sentinel known-replica m localhost 6380",
            "Can't resolve instance hostname."),
        .init(
            Self.monitor + "sentinel known-replica m 127.0.0.1 6380\nsentinel known-replica m 127.0.0.1 6380", 3,
            "sentinel known-replica m 127.0.0.1 6380", "Duplicate hostname and port for replica."),
        .init(
            Self.monitor + "sentinel known-replica m 127.0.0.1 6380\nsentinel known-slave m 127.1 6380", 3,
            "sentinel known-slave m 127.1 6380", "Duplicate hostname and port for replica."),
        .init(
            Self.monitor
                + "sentinel known-sentinel m 127.0.0.1 6380 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nsentinel known-sentinel m 127.0.0.2 6380 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            3, "sentinel known-sentinel m 127.0.0.2 6380 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "Duplicate runid for sentinel."),
        .init(
            Self.monitor + "sentinel known-sentinel m localhost 6380 abc", 2,
            "sentinel known-sentinel m localhost 6380 abc", "Can't resolve instance hostname."),
        .init(
            Self.monitor + "sentinel known-sentinel m 127.0.0.1 99999 abc", 2,
            "sentinel known-sentinel m 127.0.0.1 99999 abc", "Invalid port number."),
        .init(
            Self.monitor + "sentinel rename-command m PING PONG\nsentinel rename-command m PING PANG", 3,
            "sentinel rename-command m PING PANG", "Same command renamed multiple times with rename-command."),
        .init(
            Self.monitor + "sentinel rename-command m PING PONG\nsentinel rename-command m ping PANG", 3,
            "sentinel rename-command m ping PANG", "Same command renamed multiple times with rename-command."),
        .init(
            Self.monitor + "sentinel notification-script m /nonexistent", 2,
            "sentinel notification-script m /nonexistent", "Notification script seems non existing or non executable."),
        .init(
            Self.monitor + "sentinel client-reconfig-script m /nonexistent", 2,
            "sentinel client-reconfig-script m /nonexistent",
            "Client reconfiguration script seems non existing or non executable."),
        .init(
            Self.monitor + "sentinel auth-pass m", 2, "sentinel auth-pass m",
            "Unrecognized sentinel configuration statement."),
        .init(
            Self.monitor + "sentinel down-after-milliseconds m 10 20", 2, "sentinel down-after-milliseconds m 10 20",
            "Unrecognized sentinel configuration statement."),
        .init(
            "sentinel auth-pass nosuch x", 1, "sentinel auth-pass nosuch x", "No such master with specified name."),
    ]

    @Test(arguments: Self.errorCases)
    func errorMessage(_ errorCase: ConfigErrorCase) throws {
        let error = try #require(configError(errorCase.text + "\n"))
        #expect(error.reason == errorCase.reason)
        #expect(error.lineNumber == errorCase.lineNumber)
        #expect(error.line == errorCase.line)
        #expect(error.kind == .badLine)
    }

    /// Generic errors stop the load before any sentinel line is applied.
    @Test func genericErrorComesBeforeSentinelErrors() throws {
        let error = try #require(configError("sentinel foo\nport abc\n"))
        #expect(error.lineNumber == 2)
    }

    /// The first failing line of a pass wins, and pre-monitor lines are applied first.
    @Test func passOrderDecidesWhichErrorIsReported() throws {
        let error = try #require(configError("sentinel monitor m localhost 6379 2\nsentinel myid short\n"))
        #expect(error.lineNumber == 2)
        #expect(error.reason == "Malformed Sentinel id in myid option.")
    }

    // MARK: - Accepted lines

    /// Each of these loaded without error in redis-sentinel 7.0.15.
    static let acceptedLines = [
        "PORT 28000", "loglevel WARNING", "protected-mode YES", "bind 127.0.0.1 ::1", "bind", "tls-port 0",
        "tls-replication yes", "tls-cert-file /x", "save 900 1", "save", "save \"\"", "appendonly yes",
        "requirepass foo", "list-max-ziplist-entries 10", "lua-replicate-commands yes", "slaveof 1.2.3.4 5",
        "slave-priority 10", "hz 5000", "maxmemory 1gb", "maxmemory 99999999999999999999",
        "repl-diskless-sync-delay 0", "enable-protected-configs yes", "enable-debug-command local", "io-threads 2",
        "pidfile /tmp/x.pid", "bind-source-addr 1.2.3.4", "a.b c", "a.b c d", "loadmodule /nonexist.so",
        "aclfile /nonexist", "unixsocket /tmp/x", "user bob on >x +@all", "rename-command ping pong",
        "replicaof no one", "replicaof NO ONE", "latency-tracking-info-percentiles ''", "notify-keyspace-events ''",
        "use-exit-on-panic yes", "rdb-key-save-delay -5", "key-load-delay 10", "watchdog-period 0",
        "cluster-enabled yes", "sentinel", "SENTINEL resolve-hostnames no", "tls-auth-clients optional",
        "tls-cluster yes", "tls-ca-cert-file /ca.crt", "tls-key-file-pass x", "tls-dh-params-file /dh",
        "tls-protocols \"TLSv1.2 TLSv1.3\"", "tls-session-cache-size 100", "key-load-delay 1500",
        "loading-process-events-interval-bytes 1024",
    ]

    @Test(arguments: Self.acceptedLines)
    func acceptedLine(_ line: String) {
        #expect(configError(Self.monitor + line + "\n") == nil)
    }

    /// Sentinel directives whose odd values 7.0.15 accepts (atoi / strtoull semantics).
    static let acceptedSentinelLines = [
        "sentinel master-reboot-down-after-period m 100", "sentinel primary-reboot-down-after-period m 100",
        "sentinel down-after-milliseconds m 99999999999", "sentinel parallel-syncs m -3",
        "sentinel known-sentinel m 127.0.0.1 6380",
        "sentinel known-sentinel m 127.0.0.1 6380 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
            + "sentinel known-sentinel m 127.0.0.1 6380 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "sentinel notification-script m /bin/true",
        "sentinel config-epoch m abc", "sentinel leader-epoch m -1", "sentinel current-epoch -1",
        "sentinel announce-port abc", "sentinel announce-port 99999", "sentinel monitor n 127.0.0.1 0 2",
        "sentinel monitor n 127.0.0.1 abc 2", "sentinel monitor n ::1 6379 2x", "sentinel known-sentinel nosuch 1 2",
    ]

    @Test(arguments: Self.acceptedSentinelLines)
    func acceptedSentinelLine(_ line: String) {
        #expect(configError(Self.monitor + line + "\n") == nil)
    }
}
