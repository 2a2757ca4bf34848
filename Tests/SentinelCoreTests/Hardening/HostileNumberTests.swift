import Testing

@testable import SentinelCore

/// Issue 9 §1: every number a client, a peer or the config can set, at the edges of its type,
/// then a failover through the core. Before the one rule (`Saturating.swift`) several of these
/// trapped: `downAfter * 10` in replica selection, `timeout * 2` before a failover,
/// `infoPeriod * 3`, `currentEpoch += 1` after a peer announced `UInt64.max`.
@Suite struct HostileNumberTests {
    static let edges = ["9223372036854775807", "-9223372036854775808", "18446744073709551615", "-1", "0", "1"]
    static let setOptions = [
        "down-after-milliseconds", "failover-timeout", "parallel-syncs", "quorum", "master-reboot-down-after-period",
    ]

    let failover = FailoverTests()

    func command(_ h: inout SentinelHarness, _ args: [String]) -> CommandReply {
        let reply = h.sentinel.sentinelCommand(
            ["SENTINEL"] + args, now: h.now, environment: SentinelCommandTests.environment, random: &h.random)
        h.collect()
        return reply
    }

    func isError(_ reply: CommandReply) -> Bool {
        switch reply {
        case .reply(let value), .afterFlush(let value), .flushThenReply(let value): value.isError
        }
    }

    /// Kills the master, runs `ms` of ticks, then lets the replica at 6380 report `role:master`.
    func driveFailover(_ h: inout SentinelHarness, ms: Int64 = 6_000) {
        self.failover.run(&h, ms: ms)
        self.failover.run(&h, ms: 4_000, promoted: 6380)
    }

    @Test(arguments: Self.setOptions, Self.edges)
    func setOptionAtTheEdgeThenFailover(option: String, value: String) throws {
        var h = self.failover.setUp()
        let reply = self.command(&h, ["SET", "mymaster", option, value])
        let number = Int64(value)
        // What Redis accepts is accepted: a positive long long (zero too for the reboot period),
        // except a quorum `atoi` could not read back (see `PrimaryOption.quorum`).
        var accepted = number.map { option == "master-reboot-down-after-period" ? $0 >= 0 : $0 > 0 } ?? false
        if option == "quorum", let number, number > Int32.max { accepted = false }
        #expect(self.isError(reply) == !accepted, "SET \(option) \(value)")
        self.driveFailover(&h)
        // A forced failover must not trap either, whatever the settings now say.
        _ = self.command(&h, ["FAILOVER", "mymaster"])
        self.driveFailover(&h)
        try self.expectReloads(h)
    }

    @Test(arguments: SentinelTimers.debugFields.map(\.0))
    func debugFieldAtTheMaximumThenFailover(field: String) throws {
        var h = self.failover.setUp()
        #expect(!self.isError(self.command(&h, ["DEBUG", field, "9223372036854775807"])))
        #expect(h.sentinel.timers[keyPath: SentinelTimers.debugFields.first { $0.0 == field }!.1] == .max)
        for bad in ["0", "-1", "18446744073709551615", "-9223372036854775808"] {
            #expect(self.isError(self.command(&h, ["DEBUG", field, bad])), "DEBUG \(field) \(bad)")
        }
        // A forced failover selects with `infoPeriod * 3` / `pingPeriod * 5`; an automatic one
        // goes through every timer of the tick.
        _ = self.command(&h, ["FAILOVER", "mymaster"])
        self.driveFailover(&h)
        self.driveFailover(&h, ms: 12_000)
        try self.expectReloads(h)
    }

    /// A huge down-after is a failure detector that never fires, not a broken replica selection:
    /// Redis's `down_after_period * 10` wraps negative there and answers NOGOODSLAVE.
    @Test func hugeDownAfterStillAllowsAForcedFailover() {
        var h = self.failover.setUp()
        _ = self.command(&h, ["SET", "mymaster", "down-after-milliseconds", "1000000000000000000"])
        self.failover.run(&h, ms: 5_000)
        #expect(h.events("+sdown").isEmpty)
        #expect(!self.isError(self.command(&h, ["FAILOVER", "mymaster"])))
        self.failover.run(&h, ms: 2_000)
        self.failover.run(&h, ms: 4_000, promoted: 6380)
        #expect(h.events("+promoted-slave").count == 1)
        #expect(h.events("+failover-state-reconf-slaves").count == 1)
    }

    /// A huge failover-timeout: the first failover runs; a retry after it is held back for ever
    /// (the 2 × failover-timeout guard saturates) instead of trapping in `timeout * 2`.
    @Test func hugeFailoverTimeoutHoldsOnlyTheRetryBack() {
        var h = self.failover.setUp(priorities: [0, 0])
        _ = self.command(&h, ["SET", "mymaster", "failover-timeout", "9223372036854775807"])
        self.failover.run(&h, ms: 3_000, priorities: [0, 0])
        #expect(h.events("+try-failover").count == 1)
        #expect(h.events("-failover-abort-no-good-slave").count == 1)
        self.failover.run(&h, ms: 60_000, priorities: [0, 0])
        #expect(h.events("+try-failover").count == 1)
    }

    /// A peer announcing epoch `UInt64.max`: adopted and persisted as Redis does, and the next
    /// failover runs at epoch 0 (Redis's `current_epoch++` wraps) instead of trapping.
    @Test func epochAtTheMaximumWrapsOnTheNextFailover() throws {
        var h = self.failover.setUp()
        let hello = HelloMessage(
            sentinelHost: "127.0.0.1", sentinelPort: 26380, runID: FailoverTests.peers[0],
            currentEpoch: .max, primaryName: "mymaster", primaryHost: "127.0.0.1", primaryPort: 6379,
            primaryConfigEpoch: 0)
        h.sentinel.helloReceived(hello.payload, now: h.now)
        h.collect()
        #expect(h.sentinel.currentEpoch == .max)
        try self.expectReloads(h)
        #expect(!self.isError(self.command(&h, ["FAILOVER", "mymaster"])))
        #expect(h.sentinel.currentEpoch == 0)
        #expect(h.events("+new-epoch").last?.message == "0")
        self.failover.run(&h, ms: 2_000)
        self.failover.run(&h, ms: 4_000, promoted: 6380)
        #expect(h.events("+promoted-slave").count == 1)
        #expect(h.sentinel.status(of: "mymaster")?.configEpoch == 0)
        try self.expectReloads(h)
    }

    /// `IS-MASTER-DOWN-BY-ADDR` with epoch -1 is `(uint64_t)-1` in Redis: adopted, voted at,
    /// persisted; the next failover wraps.
    @Test func voteRequestAtEpochMinusOne() throws {
        var h = self.failover.setUp()
        let reply = self.command(
            &h, ["IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "6379", "-1", FailoverTests.peers[0]])
        guard case .flushThenReply(let value) = reply, let parts = value.elements, parts.count == 3 else {
            Issue.record("unexpected reply \(reply)")
            return
        }
        #expect(parts[1] == .bulkString(FailoverTests.peers[0]))
        #expect(parts[2] == .integer(-1))
        #expect(h.sentinel.currentEpoch == .max)
        try self.expectReloads(h)
        _ = self.command(&h, ["FAILOVER", "mymaster"])
        #expect(h.sentinel.currentEpoch == 0)
        self.driveFailover(&h)
    }

    @Test func configEpochAtTheMaximumLoadsAndWraps() throws {
        let config = try parseConfig(
            """
            sentinel myid \(SentinelHarness.myID)
            sentinel monitor mymaster 127.0.0.1 6379 2
            sentinel current-epoch 18446744073709551615
            sentinel config-epoch mymaster 18446744073709551615
            sentinel leader-epoch mymaster -1
            """)
        #expect(config.sentinel.currentEpoch == .max)
        var h = SentinelHarness(
            primaries: config.primaries, settings: { $0.currentEpoch = config.sentinel.currentEpoch })
        #expect(h.sentinel.currentEpoch == .max)
        h.tick()
        h.answerAll(SentinelHarness.healthy { _ in SentinelHarness.primaryInfo(replicas: [6380]) })
        h.tick()
        h.answerAll(
            SentinelHarness.healthy { ref in
                if case .primary = ref { return SentinelHarness.primaryInfo(replicas: [6380]) }
                return SentinelHarness.replicaInfo(runID: String(repeating: "2", count: 40))
            })
        #expect(!self.isError(self.command(&h, ["FAILOVER", "mymaster"])))
        #expect(h.sentinel.currentEpoch == 0)
        try self.expectReloads(h)
    }

    /// What the sentinel would write loads again as the same settings.
    func expectReloads(_ h: SentinelHarness, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reloaded = try PersistedConfig.reload(h.sentinel)
        let persisted = h.sentinel.persistedPrimaries().map { settings -> PrimarySettings in
            var settings = settings
            settings.leader = nil  // not persisted, as in Redis
            return settings
        }
        #expect(reloaded.primaries == persisted, sourceLocation: sourceLocation)
        // The load takes the largest of current-epoch and every config-epoch (SPEC §3.2), as Redis.
        let loadedEpoch = persisted.map(\.configEpoch).reduce(h.sentinel.currentEpoch, max)
        #expect(reloaded.sentinel.currentEpoch == loadedEpoch, sourceLocation: sourceLocation)
        #expect(reloaded.sentinel.myID == h.sentinel.myID, sourceLocation: sourceLocation)
    }
}

/// The config a sentinel writes, read back by the parser: the loop every restart goes through.
enum PersistedConfig {
    static func text(_ sentinel: Sentinel, original: String = "") -> String {
        ConfigRewriter.rewrite(
            original: original, server: sentinel.server, sentinel: sentinel.persistedSettings,
            primaries: sentinel.persistedPrimaries(), defaultDownAfter: sentinel.timers.defaultDownAfter,
            defaultFailoverTimeout: sentinel.timers.defaultFailoverTimeout, absoluteDir: "/DIR", aclUsers: nil)
    }

    static func reload(_ sentinel: Sentinel) throws -> ParsedConfig {
        try parseConfig(Self.text(sentinel))
    }
}
