import Testing

@testable import SentinelCore

/// `SENTINEL FAILOVER` beyond Redis (issue 11 §2, §4) on one sentinel driven by hand: the old
/// master demoted once the promotion is acknowledged, the COORDINATED failover's pause, sync
/// wait, promotion, demotion and unpause (or abort), and the loss estimate.
@Suite struct ManualFailoverTests {
    /// What the Redis side answers; `replicaOffset` is 6380's, which the test moves. 6380 becomes
    /// a master when its promotion transaction runs, as a real one does.
    final class Redis {
        var primaryOffset = 500
        var replicaOffset = 100
        var promoted = false
        var pauseRefused = false
        var execFails = false

        var answer: ([String], ReplyTag) -> RESPValue? {
            { args, tag in
                switch tag {
                case .info(.primary), .pausedOffset:
                    return .bulkString(
                        SentinelHarness.primaryInfo(replicas: [6380, 6381], offset: self.primaryOffset))
                case .writesPause:
                    return self.pauseRefused ? .error("ERR unknown command 'CLIENT|PAUSE'") : .simpleString("OK")
                case .promotion:
                    if self.execFails { return .error("EXECABORT Transaction discarded because of previous errors.") }
                    self.promoted = true
                    return .array([.simpleString("OK"), .simpleString("OK"), .integer(0), .integer(0)])
                case .info(.replica(_, let name)):
                    let six380 = name.hasSuffix("6380")
                    let runID = String(repeating: six380 ? "2" : "3", count: 40)
                    if six380 && self.promoted { return .bulkString(SentinelHarness.primaryInfo(runID: runID)) }
                    return .bulkString(
                        SentinelHarness.replicaInfo(runID: runID, offset: six380 ? self.replicaOffset : 50))
                default:
                    return SentinelHarness.healthy { _ in "" }(args, tag)
                }
            }
        }
    }

    /// One sentinel alone (quorum 1: a forced failover needs no votes), a healthy master with
    /// replicas 6380 and 6381.
    func setUp(_ redis: Redis, quorum: Int = 1) -> SentinelHarness {
        var h = SentinelHarness(primaries: [SentinelHarness.defaultPrimary(downAfter: 1000, quorum: quorum)])
        for _ in 0..<5 {
            h.tick()
            h.answerAll(redis.answer)
        }
        h.clearLog()
        return h
    }

    func failover(_ h: inout SentinelHarness, _ words: String...) -> CommandReply {
        h.sentinel.sentinelCommand(
            ["SENTINEL", "FAILOVER"] + words, now: h.now, environment: CommandEnvironment(isExecutable: { _ in false }),
            random: &h.random)
    }

    func run(_ h: inout SentinelHarness, ms: Int64, _ redis: Redis) {
        var elapsed: Int64 = 0
        while elapsed < ms {
            h.tick(advance: 50)
            elapsed += 50
            h.answerAll(redis.answer)
        }
    }

    /// Commands sent to `ref`'s link since the log was cleared (or since `from` in the log).
    func sent(_ h: SentinelHarness, to ref: InstanceRef, from: Int = 0) -> [[String]] {
        let link = h.link(of: ref)
        return h.log[from...].compactMap { action -> [String]? in
            if case .send(let id, .command, let args, _) = action, id == link { return args }
            return nil
        }
    }

    func eventTypes(_ h: SentinelHarness) -> [String] {
        h.log.compactMap { action -> String? in
            if case .event(let e) = action, !e.type.isEmpty, e.level >= .notice { return e.type }
            return nil
        }
    }

    @Test func plainFailoverDemotesTheOldMasterOnceThePromotionIsAcknowledged() throws {
        let redis = Redis()
        var h = self.setUp(redis)
        #expect(self.failover(&h, "mymaster") == .reply(.ok))
        self.run(&h, ms: 300, redis)
        let demote = ["SLAVEOF", "127.0.0.1", "6380"]
        let toPrimary = self.sent(h, to: .primary("mymaster"))
        #expect(toPrimary.contains(demote), "\(toPrimary)")
        // The demotion's transaction disconnects the old master's clients, so they ask again.
        if let at = toPrimary.firstIndex(of: demote) {
            #expect(toPrimary[at...].prefix(4).contains(["CLIENT", "KILL", "TYPE", "normal"]))
        }
        // No pause in a plain failover, so nothing to lift.
        #expect(
            !toPrimary.contains(["CLIENT", "UNPAUSE"]) && !toPrimary.contains { $0.starts(with: ["CLIENT", "PAUSE"]) })
        #expect(
            h.events("+convert-to-slave").map(\.message) == [
                "slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6380"
            ])
        // INFO goes to the promoted replica right after its EXEC, not a period later.
        let toReplica = self.sent(h, to: .replica(primary: "mymaster", name: "127.0.0.1:6380"))
        // SLAVEOF NO ONE in a transaction of its own: its EXEC answers before CONFIG REWRITE.
        let promote = try #require(toReplica.firstIndex(of: ["SLAVEOF", "NO", "ONE"]))
        #expect(
            Array(toReplica[(promote - 1)...].prefix(4)) == [["MULTI"], ["SLAVEOF", "NO", "ONE"], ["EXEC"], ["MULTI"]])
        #expect(toReplica[promote...].contains(["INFO"]), "\(toReplica)")
        self.run(&h, ms: 100, redis)
        #expect(h.events("+promoted-slave").count == 1)
    }

    @Test func aFailedPromotionDemotesNothing() {
        let redis = Redis()
        redis.execFails = true
        var h = self.setUp(redis)
        #expect(self.failover(&h, "mymaster") == .reply(.ok))
        self.run(&h, ms: 500, redis)
        #expect(
            self.sent(h, to: .replica(primary: "mymaster", name: "127.0.0.1:6380")).contains(["SLAVEOF", "NO", "ONE"]))
        #expect(!self.sent(h, to: .primary("mymaster")).contains(["SLAVEOF", "127.0.0.1", "6380"]))
        #expect(h.events("+convert-to-slave").isEmpty)
    }

    @Test func coordinatedFailoverPausesWaitsForTheOffsetPromotesDemotesAndUnpauses() {
        let redis = Redis()
        var h = self.setUp(redis)
        // Half of down-after bounds the pause and the wait, even if this sentinel dies.
        #expect(Sentinel.syncTimeout(h.sentinel.primaries["mymaster"]!.settings) == 500)
        _ = h.sentinel.setCommand(
            ["SENTINEL", "SET", "mymaster", "down-after-milliseconds", "4000"], now: h.now,
            environment: CommandEnvironment(isExecutable: { _ in false }))
        #expect(self.failover(&h, "mymaster", "COORDINATED") == .reply(.ok))
        self.run(&h, ms: 300, redis)
        let toPrimary = self.sent(h, to: .primary("mymaster"))
        #expect(toPrimary.contains(["CLIENT", "PAUSE", "2000", "WRITE"]), "\(toPrimary)")
        #expect(
            h.events("+failover-state-wait-sync").map(\.message) == [
                "slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379 #offset 500"
            ])
        #expect(h.sentinel.primaries["mymaster"]?.failover.state == .waitSync)
        // Behind the paused offset: no promotion yet.
        let mark = h.log.count
        self.run(&h, ms: 1000, redis)
        let replica = InstanceRef.replica(primary: "mymaster", name: "127.0.0.1:6380")
        #expect(!self.sent(h, to: replica).contains(["SLAVEOF", "NO", "ONE"]))
        // The replica is polled every 100 ms while the master's writes wait, and no hello goes
        // to the paused master (a PUBLISH would hold the link until the pause ends).
        #expect(self.sent(h, to: replica, from: mark).count { $0 == ["INFO"] } >= 6)
        #expect(!self.sent(h, to: .primary("mymaster"), from: mark).contains { $0.first == "PUBLISH" })
        redis.replicaOffset = 500
        self.run(&h, ms: 400, redis)
        #expect(
            self.sent(h, to: .replica(primary: "mymaster", name: "127.0.0.1:6380")).contains(["SLAVEOF", "NO", "ONE"]))
        let after = self.sent(h, to: .primary("mymaster"))
        let demotion = after.firstIndex(of: ["SLAVEOF", "127.0.0.1", "6380"])
        let unpause = after.firstIndex(of: ["CLIENT", "UNPAUSE"])
        #expect(demotion != nil && unpause != nil && demotion! < unpause!, "\(after)")
        #expect(
            Array(self.eventTypes(h).drop { $0 != "+selected-slave" }.prefix(9)) == [
                "+selected-slave", "+failover-state-pause-master", "+failover-state-wait-sync",
                "+failover-state-send-slaveof-noone", "+failover-state-wait-promotion", "+convert-to-slave",
                "+unpause-master", "+promoted-slave", "+failover-loss-estimate",
            ])
        // Caught up with the paused master: nothing is lost.
        #expect(h.events("+failover-loss-estimate").first?.message.contains("#bytes-behind 0 ") == true)
    }

    @Test func coordinatedFailoverThatDoesNotCatchUpAbortsAndUnpauses() throws {
        let redis = Redis()
        var h = self.setUp(redis)
        // Down-after 10 s: the failover timeout (3 s) bounds the wait.
        _ = h.sentinel.setCommand(
            ["SENTINEL", "SET", "mymaster", "failover-timeout", "3000", "down-after-milliseconds", "10000"], now: h.now,
            environment: CommandEnvironment(isExecutable: { _ in false }))
        #expect(Sentinel.syncTimeout(h.sentinel.primaries["mymaster"]!.settings) == 3000)
        #expect(self.failover(&h, "mymaster", "coordinated") == .reply(.ok))
        self.run(&h, ms: 2500, redis)
        #expect(h.events("-failover-abort-sync-timeout").isEmpty)
        self.run(&h, ms: 1000, redis)
        #expect(h.events("-failover-abort-sync-timeout").count == 1)
        let toPrimary = self.sent(h, to: .primary("mymaster"))
        let pause = try #require(toPrimary.firstIndex { $0.starts(with: ["CLIENT", "PAUSE"]) })
        let unpause = try #require(toPrimary.firstIndex(of: ["CLIENT", "UNPAUSE"]))
        #expect(pause < unpause && !toPrimary[pause..<unpause].contains { $0.first == "PUBLISH" })
        #expect(h.events("+unpause-master").count == 1)
        // Everything as it was: no promotion, the master still the master, no failover flags.
        #expect(
            !self.sent(h, to: .replica(primary: "mymaster", name: "127.0.0.1:6380")).contains(["SLAVEOF", "NO", "ONE"]))
        let primary = h.sentinel.primaries["mymaster"]
        #expect(primary?.failover == .idle && primary?.failoverKind == .automatic)
        #expect(primary?.instance.flags.isDisjoint(with: [.failoverInProgress, .forceFailover]) == true)
        #expect(primary?.replicas.allSatisfy { !$0.flags.contains(.promoted) } == true)
        #expect(primary?.instance.address.port == 6379)
    }

    @Test func aMasterThatRefusesThePauseAbortsTheCoordinatedFailover() {
        let redis = Redis()
        redis.pauseRefused = true
        var h = self.setUp(redis)
        #expect(self.failover(&h, "mymaster", "COORDINATED") == .reply(.ok))
        self.run(&h, ms: 300, redis)
        #expect(h.events("-failover-abort-pause-refused").count == 1)
        #expect(h.sentinel.primaries["mymaster"]?.failover == .idle)
        #expect(
            !self.sent(h, to: .replica(primary: "mymaster", name: "127.0.0.1:6380")).contains(["SLAVEOF", "NO", "ONE"]))
    }

    @Test func coordinatedNeedsTheMasterAndTheWordIsChecked() {
        // Quorum 2 alone: the master goes SDOWN but never ODOWN, so no failover starts by itself.
        var h = self.setUp(Redis(), quorum: 2)
        #expect(self.failover(&h, "mymaster", "sideways") == .error(.syntax))
        // The master stops answering: SDOWN (down-after 1 s, after the forced reconnect at half
        // of it), and no pause is possible.
        var elapsed: Int64 = 0
        while elapsed < 3000 {
            h.tick(advance: 50)
            elapsed += 50
            h.answerAll { args, tag in
                if case .primary = tag.ref { return nil }
                return Redis().answer(args, tag)
            }
        }
        #expect(h.sentinel.primaries["mymaster"]?.instance.flags.contains(.sDown) == true)
        #expect(self.failover(&h, "mymaster", "COORDINATED") == .error(.primaryUnreachable))
        #expect(ReplyError.primaryUnreachable.message.hasPrefix("NOREACH "))
        // The command table lets exactly one more word through, and COMMAND keeps 7.0's arity.
        let table = CommandTable.sentinel
        #expect(table.lookup(["SENTINEL", "FAILOVER", "m", "COORDINATED"]).isFound)
        #expect(!table.lookup(["SENTINEL", "FAILOVER", "m", "COORDINATED", "x"]).isFound)
        #expect(!table.lookup(["SENTINEL", "FAILOVER"]).isFound)
        #expect(table.command("sentinel")?.subcommand("failover")?.arity == 3)
    }

    @Test func lossEstimateComparesTheMastersLastOffsetWithThePromotedReplicas() {
        let redis = Redis()
        redis.primaryOffset = 1000
        redis.replicaOffset = 400
        var h = self.setUp(redis)
        #expect(self.failover(&h, "mymaster") == .reply(.ok))
        self.run(&h, ms: 300, redis)
        #expect(
            h.events("+failover-loss-estimate").map(\.message) == [
                "slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379 #bytes-behind 600 #master-offset 1000 #slave-offset 400"
            ])
        #expect(EventPayload.bytesBehind(5, 9) == 0 && EventPayload.bytesBehind(UInt64.max, 0) == UInt64.max)
    }
}

extension CommandTable.Lookup {
    fileprivate var isFound: Bool {
        if case .found = self { return true }
        return false
    }
}

extension ReplyTag {
    /// The instance a tag is about, for answers that depend on it.
    fileprivate var ref: InstanceRef? {
        switch self {
        case .ping(let r), .info(let r), .hello(let r), .isPrimaryDown(let r), .promotion(let r), .writesPause(let r),
            .pausedOffset(let r), .fencePause(let r), .fenceAsk(let r):
            r
        case .ignore, .subscribe: nil
        }
    }
}
