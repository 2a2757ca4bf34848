import Testing

@testable import SentinelCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One INFO text and what `InfoReply.parse` must make of it.
struct InfoCase: Sendable, CustomTestStringConvertible {
    var label: String
    var text: String
    var expected: InfoReply

    init(_ label: String, _ text: String, _ expected: InfoReply) {
        self.label = label
        self.text = text
        self.expected = expected
    }

    var testDescription: String { self.label }
}

/// SPEC §5.5: INFO parsing as Redis 7.0's `sentinelRefreshInstanceInfo`.
@Suite struct InfoReplyTests {
    static let primaryRunID = "a1952a197959e67574608bd69c2a749155a9fb9f"
    static let replicaRunID = "2746627a509bd3e271d909953f71fc5be3a93245"
    static let runID = "0123456789abcdef0123456789abcdef01234567"

    static let captured: [InfoCase] = [
        InfoCase(
            "master with an online replica",
            InfoCaptures.primary,
            InfoReply(
                runID: Self.primaryRunID,
                replicas: [InstanceAddress(host: "127.0.0.1", port: 28432)],
                role: .primary,
                primaryReplOffset: 68,
                replicaSync: [ReplicaSync(online: true, lag: 1)]
            )
        ),
        InfoCase(
            "replica with its link up",
            InfoCaptures.replica,
            InfoReply(
                runID: Self.replicaRunID,
                role: .replica,
                primaryHost: "127.0.0.1",
                primaryPort: 28431,
                primaryLinkUp: true,
                replicaPriority: 100,
                replicaReplOffset: 68,
                replicaAnnounced: 1,
                primaryReplOffset: 68
            )
        ),
        InfoCase(
            "replica whose master is down, priority 0, not announced",
            InfoCaptures.replicaPrimaryDown,
            InfoReply(
                runID: Self.replicaRunID,
                primaryLinkDownTime: 5000,
                role: .replica,
                primaryHost: "127.0.0.1",
                primaryPort: 28431,
                primaryLinkUp: false,
                replicaPriority: 0,
                replicaReplOffset: 96,
                replicaAnnounced: 0,
                primaryReplOffset: 96
            )
        ),
        InfoCase(
            "master waiting for bgsave (Replication section)",
            InfoCaptures.primaryDuringSync,
            InfoReply(
                replicas: [InstanceAddress(host: "127.0.0.1", port: 28434)], role: .primary, primaryReplOffset: 0,
                replicaSync: [ReplicaSync(online: false, lag: 0)])
        ),
        InfoCase(
            "replica before its first sync: master_link_down_since_seconds:-1",
            InfoCaptures.replicaDuringSync,
            InfoReply(
                primaryLinkDownTime: -1000,
                role: .replica,
                primaryHost: "127.0.0.1",
                primaryPort: 28433,
                primaryLinkUp: false,
                replicaPriority: 100,
                replicaReplOffset: 1,
                replicaAnnounced: 1,
                primaryReplOffset: 0
            )
        ),
    ]

    @Test(arguments: Self.captured)
    func parsesCapturedInfo(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let replicaLines: [InfoCase] = [
        InfoCase(
            "old format",
            "slave0:10.0.0.5,6380,online\r\n",
            InfoReply(replicas: [InstanceAddress(host: "10.0.0.5", port: 6380)])
        ),
        InfoCase("old format without a state", "slave0:10.0.0.5,6380\r\n", InfoReply()),
        InfoCase("old format without a port", "slave0:10.0.0.5\r\n", InfoReply()),
        InfoCase(
            "old format, empty ip and garbage port",
            "slave3:,x,online",
            InfoReply(replicas: [InstanceAddress(host: "", port: 0)])
        ),
        InfoCase(
            "new format without anything after the port",
            "slave0:ip=1.2.3.4,port=6380",
            InfoReply(replicas: [InstanceAddress(host: "1.2.3.4", port: 6380)])
        ),
        InfoCase(
            "new format, port before ip, IPv6",
            "slave1:port=7000,ip=::1,state=online",
            InfoReply(
                replicas: [InstanceAddress(host: "::1", port: 7000)], replicaSync: [ReplicaSync(online: true, lag: nil)]
            )
        ),
        InfoCase(
            "new format without a port", "slave0:ip=1.2.3.4,state=online",
            InfoReply(replicaSync: [ReplicaSync(online: true, lag: nil)])),
        InfoCase(
            "new format, port inside the ip value",
            "slave0:ip=1.2.port=7.3,state=online",
            InfoReply(
                replicas: [InstanceAddress(host: "1.2.port=7.3", port: 7)],
                replicaSync: [ReplicaSync(online: true, lag: nil)])
        ),
        InfoCase(
            "several replicas in order, duplicates kept",
            "slave0:ip=a,port=1\r\nslave1:ip=b,port=2\r\nslave10:ip=a,port=1\r\n",
            InfoReply(replicas: [
                InstanceAddress(host: "a", port: 1),
                InstanceAddress(host: "b", port: 2),
                InstanceAddress(host: "a", port: 1),
            ])
        ),
        InfoCase(
            "not replica lines",
            "slave_expires_tracked_keys:0\r\nslaveX:ip=a,port=1\r\nslave0\r\nmem_clients_slaves:0\r\n",
            InfoReply()
        ),
        InfoCase(
            "only `slave` and a digit are checked before the colon",
            "slave9z:ip=h,port=+12x",
            InfoReply(replicas: [InstanceAddress(host: "h", port: 12)])
        ),
    ]

    @Test(arguments: Self.replicaLines)
    func parsesReplicaLines(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let runIDs: [InfoCase] = [
        InfoCase("exactly 40", "run_id:\(Self.runID)\r\n", InfoReply(runID: Self.runID)),
        InfoCase("39 is ignored", "run_id:\(Self.runID.dropLast())\r\n", InfoReply()),
        InfoCase("longer is cut to 40", "run_id:\(Self.runID)ffff\r\n", InfoReply(runID: Self.runID)),
        InfoCase("not at the line start", " run_id:\(Self.runID)\r\n", InfoReply()),
        InfoCase(
            "the last one wins",
            "run_id:\(Self.runID)\r\nrun_id:\(Self.primaryRunID)",
            InfoReply(runID: Self.primaryRunID)
        ),
    ]

    @Test(arguments: Self.runIDs)
    func parsesRunID(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let linkDownTimes: [InfoCase] = [
        InfoCase("seconds to ms", "master_link_down_since_seconds:12", InfoReply(primaryLinkDownTime: 12_000)),
        InfoCase("digits then garbage", "master_link_down_since_seconds:12abc", InfoReply(primaryLinkDownTime: 12_000)),
        InfoCase("leading space", "master_link_down_since_seconds: 3", InfoReply(primaryLinkDownTime: 3000)),
        InfoCase("garbage", "master_link_down_since_seconds:abc", InfoReply()),
        InfoCase("empty value is not matched", "master_link_down_since_seconds:", InfoReply()),
        InfoCase(
            "any byte instead of the colon", "master_link_down_since_secondsX7", InfoReply(primaryLinkDownTime: 7000)),
        InfoCase(
            "huge: strtoll saturates, ×1000 wraps",
            "master_link_down_since_seconds:99999999999999999999",
            InfoReply(primaryLinkDownTime: -1000)
        ),
        InfoCase(
            "no role needed, the last one wins",
            "master_link_down_since_seconds:1\r\nmaster_link_down_since_seconds:2\r\n",
            InfoReply(primaryLinkDownTime: 2000)
        ),
    ]

    @Test(arguments: Self.linkDownTimes)
    func parsesPrimaryLinkDownTime(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let roles: [InfoCase] = [
        InfoCase("master", "role:master\r\n", InfoReply(role: .primary)),
        InfoCase("slave", "role:slave\r\n", InfoReply(role: .replica)),
        InfoCase("prefix match, master", "role:masterful\r\n", InfoReply(role: .primary)),
        InfoCase("prefix match, slave", "role:slaves\r\n", InfoReply(role: .replica)),
        InfoCase("unknown role", "role:sentinel\r\n", InfoReply()),
        InfoCase("case matters", "ROLE:master\r\nrole:Slave\r\n", InfoReply()),
        InfoCase("the last one wins", "role:slave\r\nrole:master\r\n", InfoReply(role: .primary)),
    ]

    @Test(arguments: Self.roles)
    func parsesRole(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let replicaFields: [InfoCase] = [
        InfoCase(
            "ignored without role:slave",
            "master_host:h\r\nmaster_port:1\r\nmaster_link_status:up\r\nslave_priority:1\r\n"
                + "slave_repl_offset:1\r\nreplica_announced:1\r\n",
            InfoReply()
        ),
        InfoCase(
            "ignored before the role:slave line",
            "master_host:h\r\nrole:slave\r\nmaster_port:1\r\n",
            InfoReply(role: .replica, primaryPort: 1)
        ),
        InfoCase(
            "ignored after a later role:master line, earlier ones kept",
            "role:slave\r\nmaster_port:1\r\nrole:master\r\nslave_priority:5\r\n",
            InfoReply(role: .primary, primaryPort: 1)
        ),
        InfoCase(
            "empty values",
            "role:slave\r\nmaster_host:\r\nmaster_port:\r\nmaster_link_status:\r\nslave_priority:\r\n"
                + "slave_repl_offset:\r\nreplica_announced:\r\n",
            InfoReply(
                role: .replica,
                primaryHost: "",
                primaryPort: 0,
                primaryLinkUp: false,
                replicaPriority: 0,
                replicaReplOffset: 0,
                replicaAnnounced: 0
            )
        ),
        InfoCase(
            "host is the rest of the line",
            "role:slave\r\nmaster_host: my-host.example:1 \r\n",
            InfoReply(role: .replica, primaryHost: " my-host.example:1 ")
        ),
        InfoCase("link UP", "role:slave\r\nmaster_link_status:UP", InfoReply(role: .replica, primaryLinkUp: true)),
        InfoCase("link Up", "role:slave\r\nmaster_link_status:Up", InfoReply(role: .replica, primaryLinkUp: true)),
        InfoCase("link `up `", "role:slave\r\nmaster_link_status:up ", InfoReply(role: .replica, primaryLinkUp: false)),
        InfoCase("link upx", "role:slave\r\nmaster_link_status:upx", InfoReply(role: .replica, primaryLinkUp: false)),
        InfoCase(
            "atoi on malformed numbers",
            "role:slave\r\nmaster_port: 42x\r\nslave_priority:abc\r\nreplica_announced:yes\r\n",
            InfoReply(role: .replica, primaryPort: 42, replicaPriority: 0, replicaAnnounced: 0)
        ),
        InfoCase(
            "atoi on huge numbers: 64-bit strtol truncated to int",
            "role:slave\r\nmaster_port:4294967297\r\nslave_priority:99999999999999999999\r\n"
                + "replica_announced:-4294967296\r\n",
            InfoReply(role: .replica, primaryPort: 1, replicaPriority: -1, replicaAnnounced: 0)
        ),
        InfoCase(
            "negative priority",
            "role:slave\r\nslave_priority:-5\r\n",
            InfoReply(role: .replica, replicaPriority: -5)
        ),
        InfoCase(
            "strtoull offset: -1",
            "role:slave\r\nslave_repl_offset:-1\r\n",
            InfoReply(role: .replica, replicaReplOffset: UInt64.max)
        ),
        InfoCase(
            "strtoull offset: max",
            "role:slave\r\nslave_repl_offset:18446744073709551615\r\n",
            InfoReply(role: .replica, replicaReplOffset: UInt64.max)
        ),
        InfoCase(
            "strtoull offset: overflow saturates",
            "role:slave\r\nslave_repl_offset:18446744073709551616\r\n",
            InfoReply(role: .replica, replicaReplOffset: UInt64.max)
        ),
        InfoCase(
            "strtoull offset: digits then garbage",
            "role:slave\r\nslave_repl_offset:123abc\r\n",
            InfoReply(role: .replica, replicaReplOffset: 123)
        ),
        InfoCase(
            "slave_read_repl_offset is not slave_repl_offset",
            "role:slave\r\nslave_read_repl_offset:9\r\n",
            InfoReply(role: .replica)
        ),
    ]

    @Test(arguments: Self.replicaFields)
    func parsesReplicaFields(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    static let lineEndings: [InfoCase] = [
        InfoCase("empty text", "", InfoReply()),
        InfoCase(
            "a real replica INFO with \\n line endings is one line",
            InfoCaptures.replica.split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n"),
            InfoReply()
        ),
        InfoCase(
            "a line with \\n inside is matched on its start",
            "role:slave\nmaster_host:h\r\nmaster_port:5\nslave_priority:7\r\n",
            InfoReply(role: .replica, primaryPort: 5)
        ),
        InfoCase(
            "a \\n-only master_host line swallows the rest",
            "role:slave\r\nmaster_host:h\nmaster_port:5",
            InfoReply(role: .replica, primaryHost: "h\nmaster_port:5")
        ),
        InfoCase(
            "the text ends at NUL",
            "role:slave\r\nmaster_port:5\u{0}\r\nslave_priority:7\r\n",
            InfoReply(role: .replica, primaryPort: 5)
        ),
        InfoCase(
            "lone \\r is not a separator",
            "role:slave\rmaster_port:5\r\n",
            InfoReply(role: .replica)
        ),
    ]

    @Test(arguments: Self.lineEndings)
    func handlesLineEndings(_ info: InfoCase) {
        #expect(InfoReply.parse(info.text) == info.expected)
    }

    @Test func splitsLikeSdssplitlen() {
        let split = { (text: String) in
            InfoReply.splitLines(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(split("") == [])
        #expect(split("a") == ["a"])
        #expect(split("a\r\n") == ["a", ""])
        #expect(split("a\r\n\r\nb") == ["a", "", "b"])
        #expect(split("\r\r\n\n") == ["\r", "\n"])
    }

    static let numbers = [
        "", "0", "42", "  42", "\t\n\u{0B}\u{0C}\r 7", "+5", "-5", "--5", "+-5", "- 5", "12abc", "abc", "0x1A",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967297",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "-18446744073709551615", "-18446744073709551616",
        "99999999999999999999999999", "-1", "007", "1 2",
    ]

    #if canImport(Glibc) || canImport(Darwin)
        /// The Swift parsers agree with the C library they imitate.
        @Test(arguments: Self.numbers)
        func numberParsingMatchesLibc(_ text: String) {
            let bytes = Array(text.utf8)
            #expect(LibcNumberParsing.atoi(bytes) == Int(atoi(text)))
            #expect(LibcNumberParsing.strtoll(bytes) == Int64(strtoll(text, nil, 10)))
            #expect(LibcNumberParsing.strtoull(bytes) == UInt64(strtoull(text, nil, 10)))
        }
    #endif
}
