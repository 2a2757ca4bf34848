import Testing

@testable import SentinelCore

/// Issue 9 §2: addresses and ids are checked where they enter (hellos, INFO `slaveN`,
/// `IS-MASTER-DOWN-BY-ADDR`, the config), and whatever is persisted loads again.
@Suite struct HostilePeerInputTests {
    static let peer = String(repeating: "b", count: 40)

    static func hello(
        host: String = "127.0.0.1", port: String = "26380", runID: String = Self.peer, epoch: String = "0",
        primaryHost: String = "127.0.0.1", primaryPort: String = "6379", configEpoch: String = "0"
    ) -> String {
        "\(host),\(port),\(runID),\(epoch),mymaster,\(primaryHost),\(primaryPort),\(configEpoch)"
    }

    /// Each of these was taken by Redis 7.0 and by us before: a port that trapped when the link
    /// was built (and made the rewritten config refuse to load), a run id that wrote an ACL user
    /// into the config, a master address that would have been switched to.
    static let hostileHellos = [
        Self.hello(port: "65536"), Self.hello(port: "99999"), Self.hello(port: "-1"), Self.hello(port: "0"),
        Self.hello(runID: "x\n user hacker on nopass +@all"),
        Self.hello(runID: String(repeating: "g", count: 40)),
        Self.hello(runID: String(repeating: "b", count: 39)),
        Self.hello(runID: String(repeating: "b", count: 41)),
        Self.hello(host: "127.0.0.1 user"), Self.hello(host: "evil\nhost"), Self.hello(host: ""),
        Self.hello(host: String(repeating: "a", count: 256)),
        Self.hello(primaryHost: "10.0.0.1\nsentinel monitor x", configEpoch: "5"),
        Self.hello(primaryPort: "70000", configEpoch: "5"), Self.hello(primaryPort: "0", configEpoch: "5"),
    ]

    @Test(arguments: Self.hostileHellos)
    func hostileHelloIsDroppedWhole(payload: String) throws {
        var h = SentinelHarness()
        h.sentinel.helloReceived(payload, now: h.now)
        h.collect()
        #expect(h.sentinel.primaries["mymaster"]!.sentinels.isEmpty)
        #expect(!h.log.contains(.flushConfig) && !h.log.contains(.flushConfigLater))
        #expect(h.events("+switch-master").isEmpty)
        #expect(h.sentinel.status(of: "mymaster")?.configEpoch == 0)
        _ = try PersistedConfig.reload(h.sentinel)
    }

    @Test func hostnamesAndIPv6AreStillPeers() throws {
        var h = SentinelHarness(settings: { $0.resolveHostnames = true })
        h.sentinel.helloReceived(Self.hello(host: "sentinel-1.example_net"), now: h.now)
        h.sentinel.helloReceived(Self.hello(host: "::1", runID: String(repeating: "C", count: 40)), now: h.now)
        h.collect()
        #expect(h.sentinel.primaries["mymaster"]!.sentinels.map(\.address.host) == ["sentinel-1.example_net", "::1"])
        let reloaded = try PersistedConfig.reload(h.sentinel)
        #expect(reloaded.primaries[0].knownSentinels.map(\.address.host) == ["sentinel-1.example_net", "::1"])
    }

    @Test func hostileReplicaLinesInInfoAreSkipped() {
        var h = SentinelHarness(settings: { $0.resolveHostnames = true })
        h.tick()
        let info = [
            "# Replication", "role:master",
            "slave0:ip=127.0.0.1,port=65536,state=online,offset=1,lag=0",
            "slave1:ip=127.0.0.1,port=-5,state=online,offset=1,lag=0",
            "slave2:ip=bad host\nsentinel monitor x 1.2.3.4 1 1,port=6380,state=online,offset=1,lag=0",
            "slave3:ip=,port=6381,state=online,offset=1,lag=0",
            "slave4:ip=127.0.0.1,port=6382,state=online,offset=1,lag=0",
        ].joined(separator: "\r\n")
        h.answerAll(SentinelHarness.healthy { _ in info })
        #expect(h.sentinel.primaries["mymaster"]!.replicas.map(\.name) == ["127.0.0.1:6382"])
    }

    @Test func voteRequestForSomethingThatIsNotARunIDIsAnsweredWithoutAVote() {
        var h = SentinelHarness()
        for runID in ["x\nuser hacker", String(repeating: "z", count: 40), ""] {
            let reply = h.sentinel.sentinelCommand(
                ["SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "6379", "7", runID], now: h.now,
                environment: SentinelCommandTests.environment, random: &h.random)
            guard case .reply(let value) = reply else {
                Issue.record("no vote means nothing to flush: \(reply)")
                continue
            }
            #expect(value.elements?[1] == .bulkString("*"))
        }
        // The epoch is still adopted, as Redis does before it looks at the run id.
        #expect(h.sentinel.currentEpoch == 0 || h.sentinel.currentEpoch == 7)
        #expect(h.events("+vote-for-leader").isEmpty)
    }

    @Test func peerReplyNamingSomethingThatIsNotARunIDCountsNoVote() {
        var h = FailoverTests().setUp()
        let peerRef = InstanceRef.sentinel(primary: "mymaster", runID: FailoverTests.peers[0])
        h.sentinel.isPrimaryDownReplyReceived(
            .array([.integer(1), .bulkString("evil\nline"), .integer(1)]), ref: peerRef, now: h.now)
        #expect(h.sentinel.instance(peerRef)?.leader == nil)
        #expect(h.sentinel.instance(peerRef)?.flags.contains(.primaryDown) == true)
    }

    /// Values an admin can set (SET, MONITOR) that Redis writes unquoted and then cannot read
    /// back as themselves: quoted only when needed, so ordinary files stay byte-identical.
    @Test func oddValuesAreQuotedInTheRewriteAndLoadAgain() throws {
        var settings = PrimarySettings(
            name: "my master\n\"x'", address: InstanceAddress(host: "127.0.0.1", port: 6379), quorum: 2)
        settings.authPass = "pa ss\nuser hacker on nopass +@all"
        settings.authUser = "'"
        settings.renamedCommands = [RenamedCommand(command: "CONFIG", renamed: "my config")]
        var h = SentinelHarness(primaries: [settings])
        h.sentinel.settings.sentinelPass = "two words"
        let text = PersistedConfig.text(h.sentinel)
        #expect(!text.contains("\nuser hacker"))
        let reloaded = try parseConfig(text)
        #expect(reloaded.primaries.map(\.name) == [settings.name])
        #expect(reloaded.primaries.first?.authPass == settings.authPass)
        #expect(reloaded.primaries.first?.authUser == "'")
        #expect(reloaded.primaries.first?.renamedCommands == settings.renamedCommands)
        #expect(reloaded.sentinel.sentinelPass == "two words")
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("user ") && $0.contains("hacker") })
    }

    @Test func ordinaryValuesAreWrittenBareAsRedisDoes() {
        #expect(ConfigSyntax.argument("mymaster") == "mymaster")
        #expect(ConfigSyntax.argument("127.0.0.1") == "127.0.0.1")
        #expect(ConfigSyntax.argument("/usr/local/bin/notify.sh") == "/usr/local/bin/notify.sh")
        #expect(ConfigSyntax.argument("p@ss{w0rd}") == "p@ss{w0rd}")
        #expect(ConfigSyntax.argument("") == "\"\"")
        #expect(ConfigSyntax.argument("a b") == "\"a b\"")
        #expect(ConfigSyntax.argument("it's") == "\"it's\"")
    }

    @Test func configRefusesAKnownSentinelWithoutARunID() {
        let error = configError(
            """
            sentinel monitor mymaster 127.0.0.1 6379 2
            sentinel known-sentinel mymaster 127.0.0.1 26380 hacker
            """)
        #expect(error?.reason == "Malformed Sentinel id in known-sentinel option.")
    }

    /// Times set by `SENTINEL SET` above 2^31 come back as themselves (Redis's `atoi` truncated).
    @Test func largeTimesLoadAsThemselves() throws {
        let config = try parseConfig(
            """
            sentinel monitor mymaster 127.0.0.1 6379 2
            sentinel down-after-milliseconds mymaster 1000000000000000000
            sentinel failover-timeout mymaster 9223372036854775807
            sentinel master-reboot-down-after-period mymaster 4294967296
            """)
        #expect(config.primaries[0].downAfter == 1_000_000_000_000_000_000)
        #expect(config.primaries[0].failoverTimeout == .max)
        #expect(config.primaries[0].primaryRebootDownAfterPeriod == 4_294_967_296)
    }
}
