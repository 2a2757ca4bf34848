import Testing

@testable import SentinelCore

/// The failover rules of SPEC §7–§8 on one sentinel driven by hand.
@Suite struct FailoverTests {
    static let peers = [String(repeating: "b", count: 40), String(repeating: "c", count: 40)]

    /// A sentinel with two peers, two healthy replicas (6380, 6381), master answering until `kill`.
    func setUp(priorities: [Int] = [100, 100], offsets: [Int] = [100, 100], quorum: Int = 2) -> SentinelHarness {
        var h = SentinelHarness(primaries: [SentinelHarness.defaultPrimary(downAfter: 1000, quorum: quorum)])
        for (i, peer) in Self.peers.enumerated() {
            let hello = HelloMessage(
                sentinelHost: "127.0.0.1", sentinelPort: 26380 + i, runID: peer, currentEpoch: 0,
                primaryName: "mymaster",
                primaryHost: "127.0.0.1", primaryPort: 6379, primaryConfigEpoch: 0)
            h.sentinel.helloReceived(hello.payload, now: h.now)
        }
        for _ in 0..<5 {
            h.tick()
            h.answerAll(self.redis(priorities: priorities, offsets: offsets, primaryUp: true))
        }
        h.clearLog()
        return h
    }

    func redis(priorities: [Int], offsets: [Int], primaryUp: Bool, promoted: Int? = nil, primaryDownVotes: Bool = true)
        -> ([String], ReplyTag) -> RESPValue?
    {
        { args, tag in
            switch tag {
            case .ping(.primary), .info(.primary), .hello(.primary):
                return primaryUp
                    ? SentinelHarness.healthy { _ in SentinelHarness.primaryInfo(replicas: [6380, 6381]) }(args, tag)
                    : nil
            case .info(.replica(_, let name)):
                let index = name.hasSuffix("6380") ? 0 : 1
                if promoted == 6380 + index {
                    return .bulkString(SentinelHarness.primaryInfo(runID: String(repeating: "\(index + 2)", count: 40)))
                }
                return .bulkString(
                    SentinelHarness.replicaInfo(
                        runID: String(repeating: "\(index + 2)", count: 40), priority: priorities[index],
                        offset: offsets[index]))
            case .isPrimaryDown:
                // Peers agree the master is down and vote for whoever asks first, or refuse both.
                guard primaryDownVotes else { return .array([.integer(0), .bulkString("*"), .integer(0)]) }
                return .array([.integer(1), .bulkString(args[5]), .integer(Int64(args[4]) ?? 0)])
            default:
                return SentinelHarness.healthy { _ in "" }(args, tag)
            }
        }
    }

    func run(
        _ h: inout SentinelHarness, ms: Int64, priorities: [Int] = [100, 100], offsets: [Int] = [100, 100],
        promoted: Int? = nil, votes: Bool = true
    ) {
        var elapsed: Int64 = 0
        while elapsed < ms {
            h.tick(advance: 50)
            elapsed += 50
            h.answerAll(
                self.redis(
                    priorities: priorities, offsets: offsets, primaryUp: false, promoted: promoted,
                    primaryDownVotes: votes))
        }
    }

    @Test func fullFailoverWithPeersVotingFollowsRedisSequence() {
        var h = self.setUp()
        self.run(&h, ms: 2500)
        let types = h.log.compactMap { action -> String? in
            if case .event(let e) = action, !e.type.isEmpty, e.level >= .notice { return e.type }
            return nil
        }
        let expected = [
            "+sdown", "+odown", "+new-epoch", "+try-failover", "+vote-for-leader", "+elected-leader",
            "+failover-state-select-slave", "+selected-slave", "+failover-state-send-slaveof-noone",
            "+failover-state-wait-promotion",
        ]
        #expect(Array(types.prefix(expected.count)) == expected)
        // Equal priority and offset: the smaller run id wins ("2222..." = 6380).
        #expect(h.events("+selected-slave").first?.message.hasPrefix("slave 127.0.0.1:6380 ") == true)
        let sent = h.log.compactMap { action -> [String]? in
            if case .send(_, _, let args, _) = action { return args }
            return nil
        }
        #expect(sent.contains(["SLAVEOF", "NO", "ONE"]))
        // The replica now reports role:master: promotion, reconfiguration of the other, switch.
        self.run(&h, ms: 3000, promoted: 6380)
        #expect(h.events("+promoted-slave").count == 1)
        #expect(h.sentinel.status(of: "mymaster")?.configEpoch == 1)
        #expect(h.events("+slave-reconf-sent").first?.message.hasPrefix("slave 127.0.0.1:6381 ") == true)
    }

    @Test(arguments: [
        ([100, 50], [100, 100], "6381"),  // lower priority wins
        ([100, 100], [100, 500], "6381"),  // then the greater offset
        ([0, 100], [900, 100], "6381"),  // priority 0 is never chosen
    ])
    func replicaSelectionOrder(priorities: [Int], offsets: [Int], winner: String) {
        var h = self.setUp(priorities: priorities, offsets: offsets)
        self.run(&h, ms: 2500, priorities: priorities, offsets: offsets)
        #expect(h.events("+selected-slave").first?.message.hasPrefix("slave 127.0.0.1:\(winner) ") == true)
    }

    @Test func noEligibleReplicaAbortsAndRetriesOnlyAfterTwiceTheFailoverTimeout() {
        var h = self.setUp(priorities: [0, 0])
        self.run(&h, ms: 3000, priorities: [0, 0])
        #expect(h.events("-failover-abort-no-good-slave").count == 1)
        #expect(h.events("+try-failover").count == 1)
        // failover-timeout is 180 s: no second attempt within 2 × 180 s.
        self.run(&h, ms: 60_000, priorities: [0, 0])
        #expect(h.events("+try-failover").count == 1)
        #expect(h.log.contains { if case .logNextFailoverDelay = $0 { return true } else { return false } })
    }

    @Test func withoutPeerVotesItIsNotElectedAndAborts() {
        var h = self.setUp(quorum: 1)
        // Quorum 1 gives ODOWN alone, but the leader needs a majority of the 3 sentinels.
        self.run(&h, ms: 15_000, votes: false)
        #expect(h.events("+try-failover").count >= 1)
        #expect(h.events("+elected-leader").isEmpty)
        #expect(h.events("-failover-abort-not-elected").count >= 1)
    }

    @Test func voteIsGivenOncePerEpochAndPersistedFirst() {
        var h = self.setUp()
        let env = CommandEnvironment(isExecutable: { _ in false })
        let first = h.sentinel.sentinelCommand(
            ["SENTINEL", "is-master-down-by-addr", "127.0.0.1", "6379", "3", Self.peers[0]], now: h.now,
            environment: env,
            random: &h.random)
        guard case .flushThenReply(let value) = first else {
            Issue.record("a vote must be flushed before the reply: \(first)")
            return
        }
        #expect(value.elements?[1] == .bulkString(Self.peers[0]))
        let second = h.sentinel.sentinelCommand(
            ["SENTINEL", "is-master-down-by-addr", "127.0.0.1", "6379", "3", Self.peers[1]], now: h.now,
            environment: env,
            random: &h.random)
        if case .flushThenReply(let v) = second { #expect(v.elements?[1] == .bulkString(Self.peers[0])) }
        // Voting for another sentinel holds back our own failover (random start delay < 1 s).
        #expect(h.sentinel.primaries["mymaster"]!.failoverStartTime >= h.now)
        #expect(h.sentinel.primaries["mymaster"]!.failoverStartTime < h.now + 1000)
    }
}
