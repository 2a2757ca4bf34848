import Testing

@testable import SentinelCore

/// Fencing an isolated master (DESIGN.md "Fencing") on one sentinel driven by hand: three
/// sentinels (this one and two peers), quorum 2, down-after 1000, a master with one replica.
@Suite struct FenceTests {
    /// The partition of issue 11 §3 seen from the master's side: both peers and the replica cut
    /// off, the master still answering.
    func isolate(_ w: inout FenceWorld) {
        w.peersUp = [false, false]
        w.replicaLag = 5
    }

    @Test func raisedWhenCutOffFromTheMajorityAndNoReplicaInSync() throws {
        var w = FenceWorld()
        self.isolate(&w)
        let took = try w.expect("+fence-master", within: 5000)
        // Peers are unreachable one ping period plus half down-after after their last reply
        // (≤ 1.5 s), then a second INFO at least 100 ms later must agree: with 50 ms ticks, INFO
        // replies come every 150 ms.
        #expect(took <= 1500 + 150 + 150)
        #expect(
            w.h.events("+fence-master").map(\.message) == [
                "master mymaster 127.0.0.1 6379 #sentinels 1/3 #replicas-in-sync 0/1"
            ])
        #expect(w.h.events("+fence-master").first?.level == .warning)
        #expect(w.pauses == [["CLIENT", "PAUSE", "3000", "WRITE"]])
        #expect(w.h.sentinel.primaries["mymaster"]?.fence.isFenced == true)
    }

    @Test func keptAliveBeforeThePauseRunsOutAndNoHelloIsPublishedMeanwhile() throws {
        var w = FenceWorld()
        self.isolate(&w)
        _ = try w.expect("+fence-master", within: 5000)
        w.h.clearLog()
        // 25 s: past min-link-reconnect-period (15 s) and three hello periods of silence, when
        // a quiet pub/sub connection is closed.
        let times = w.pauseTimes(over: 25_000)
        // Every refresh period (500 ms, the 50 ms tick after it at the latest), far inside the
        // 3000 ms pause: never a moment without a pause.
        #expect(times.count >= 25_000 / (Fence.refreshPeriod + 50))
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= Fence.refreshPeriod && $0 <= Fence.refreshPeriod + 50 })
        #expect(times.first ?? Int64.max <= Fence.refreshPeriod + 50)
        #expect(w.unpauses.isEmpty)
        #expect(w.h.events("-fence-master").isEmpty)
        // PUBLISH is held by a write pause and would hold the renewals behind it; the quiet
        // hello channel does not close the pub/sub connection.
        #expect(!w.primaryCommands.contains { $0.first == "PUBLISH" })
        let link = try #require(w.h.link(of: .primary("mymaster")))
        #expect(!w.h.log.contains { $0 == .close(link, .pubsub) })
    }

    @Test func masterInfoIsPolledFastWhileCutOffFromTheMajority() {
        var w = FenceWorld()
        w.peersUp = [false, false]  // replicas still in sync: no fence, but a close watch
        w.run(ms: 2000)
        w.h.clearLog()
        w.run(ms: 1000)
        let infos = w.primaryCommands.filter { $0 == ["INFO"] }.count
        // INFO goes out on the first tick more than the poll period after the last reply: with
        // 50 ms ticks, every 150 ms (instead of every 10 s).
        #expect(infos >= 1000 / (Fence.pollPeriod + 50))
        // With the majority back, INFO goes back to every 10 s.
        w.peersUp = [true, true]
        w.run(ms: 2000)
        w.h.clearLog()
        w.run(ms: 5000)
        #expect(w.primaryCommands.filter { $0 == ["INFO"] }.count <= 1)
    }

    /// The majority is back: the peers are asked where the master is, and one answer of this
    /// master (with this sentinel, 2 of 3) lifts the fence at once, before their own hellos,
    /// held by the pause, stall their links.
    @Test func liftedAtOnceWhenTheReturningMajorityConfirmsTheMaster() throws {
        var w = FenceWorld()
        self.isolate(&w)
        _ = try w.expect("+fence-master", within: 5000)
        w.h.clearLog()
        w.peersUp = [true, false]  // one peer back: with this sentinel, 2 of 3
        let took = try w.expect("-fence-master", within: 1000)
        #expect(took <= 200)
        let asked = w.h.log.compactMap { action -> [String]? in
            if case .send(_, _, let args, .fenceAsk) = action { return args }
            return nil
        }
        // Asked of every peer with a connected link (the one still cut off never answers).
        #expect(!asked.isEmpty && asked.allSatisfy { $0 == ["SENTINEL", "get-master-addr-by-name", "mymaster"] })
        #expect(w.h.events("-fence-master").map(\.message) == ["master mymaster 127.0.0.1 6379 #majority"])
        #expect(w.unpauses.count == 1)
        #expect(w.h.sentinel.primaries["mymaster"]?.fence.isFenced == false)
    }

    @Test func liftedAfterTheHoldWhenThePeersDoNotSayWhereTheMasterIs() throws {
        var w = FenceWorld()
        w.peerAnswer = .error("ERR unknown command")
        self.isolate(&w)
        _ = try w.expect("+fence-master", within: 5000)
        w.peersUp = [true, false]
        w.run(ms: Fence.majorityHoldPeriod - 500)
        #expect(w.unpauses.isEmpty)
        #expect(w.h.events("-fence-master").isEmpty)
        let took = try w.expect("-fence-master", within: 2000)
        #expect(took <= 500 + 100)
        #expect(w.h.events("-fence-master").map(\.message) == ["master mymaster 127.0.0.1 6379 #majority"])
        #expect(w.unpauses.count == 1)
    }

    /// A returning peer says the master is elsewhere: a failover happened. The fence stays (the
    /// peers' hellos will switch this sentinel, and the fence goes over to the old master).
    @Test func keptWhenAReturningPeerTellsOfAnotherMaster() throws {
        var w = FenceWorld()
        w.peerAnswer = .array([.bulkString("127.0.0.1"), .bulkString("6380")])
        self.isolate(&w)
        _ = try w.expect("+fence-master", within: 5000)
        w.peersUp = [true, true]
        w.run(ms: Fence.majorityHoldPeriod * 2)
        #expect(w.h.events("-fence-master").isEmpty)
        #expect(w.unpauses.isEmpty)
        #expect(w.h.sentinel.primaries["mymaster"]?.fence.contradicted == true)
    }

    @Test func majorityLostAgainDuringTheHoldKeepsTheFence() throws {
        var w = FenceWorld()
        w.peerAnswer = .error("ERR unknown command")
        self.isolate(&w)
        _ = try w.expect("+fence-master", within: 5000)
        w.peersUp = [true, true]
        w.run(ms: 2000)
        w.peersUp = [false, false]
        w.run(ms: Fence.majorityHoldPeriod)
        #expect(w.h.events("-fence-master").isEmpty)
        #expect(w.unpauses.isEmpty)
    }

    @Test func liftedWhenAReplicaIsInSyncAgain() throws {
        var w = FenceWorld()
        self.isolate(&w)
        _ = try w.expect("+fence-master", within: 5000)
        w.replicaLag = 1
        let took = try w.expect("-fence-master", within: 1000)
        #expect(took <= Fence.pollPeriod + 100)
        #expect(w.h.events("-fence-master").map(\.message) == ["master mymaster 127.0.0.1 6379 #replica-in-sync"])
        #expect(w.unpauses.count == 1)
    }

    @Test func liftedWhenTheMasterReportsItIsAReplica() throws {
        var w = FenceWorld()
        self.isolate(&w)
        _ = try w.expect("+fence-master", within: 5000)
        w.primaryRole = "slave"
        _ = try w.expect("-fence-master", within: 1000)
        #expect(w.h.events("-fence-master").map(\.message) == ["master mymaster 127.0.0.1 6379 #converted"])
        #expect(w.unpauses.count == 1)
    }

    /// A hello brings a newer configuration: the master moved to the replica. The old master,
    /// now a replica record, stays fenced (it must take no write before it is turned into a
    /// replica), and is unpaused once it reports `role:slave`.
    @Test func carriedOverASwitchUntilTheOldMasterReportsItIsAReplica() throws {
        var w = FenceWorld()
        self.isolate(&w)
        _ = try w.expect("+fence-master", within: 5000)
        w.h.clearLog()
        w.peersUp = [true, true]
        w.replicaLag = nil
        let hello = HelloMessage(
            sentinelHost: "127.0.0.1", sentinelPort: 26380, runID: FenceWorld.peers[0], currentEpoch: 1,
            primaryName: "mymaster", primaryHost: "127.0.0.1", primaryPort: 6380, primaryConfigEpoch: 1)
        w.h.sentinel.helloReceived(hello.payload, now: w.h.now)
        w.h.collect()
        #expect(w.h.events("+switch-master").count == 1)
        #expect(w.h.events("-fence-master").isEmpty)
        let old = InstanceRef.replica(primary: "mymaster", name: "127.0.0.1:6379")
        let oldLink = try #require(w.h.link(of: old))
        func sent(to link: LinkID) -> [[String]] {
            w.h.log.compactMap { if case .send(link, .command, let args, _) = $0 { args } else { nil } }
        }
        w.run(ms: 5000)
        // Renewed on the old master's new link, no hello published there, nothing to the new master.
        let renewals = sent(to: oldLink).filter { $0 == ["CLIENT", "PAUSE", "3000", "WRITE"] }
        #expect(renewals.count >= 5000 / (Fence.refreshPeriod + 50))
        #expect(!sent(to: oldLink).contains { $0.first == "PUBLISH" })
        #expect(!w.primaryCommands.contains { $0.first == "CLIENT" && $0.count > 1 && $0[1] != "SETNAME" })
        #expect(w.h.events("-fence-master").isEmpty)
        // Converted (by this sentinel or a peer): unpaused.
        w.oldPrimaryRole = "slave"
        _ = try w.expect("-fence-master", within: SentinelConstants.fastInfoPeriod + 200)
        #expect(
            w.h.events("-fence-master").map(\.message) == [
                "slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6380 #converted"
            ])
        // Hellos go out again, after the UNPAUSE on the same connection.
        let commands = sent(to: oldLink)
        let unpause = try #require(commands.firstIndex(of: ["CLIENT", "UNPAUSE"]))
        #expect(!commands[..<unpause].contains { $0.first == "PUBLISH" })
        #expect(w.h.sentinel.primaries["mymaster"]?.formerFence == nil)
        #expect(w.h.sentinel.primaries["mymaster"]?.fence == Fence())
    }

    @Test func noFenceWhileTheReplicaIsInSync() {
        var w = FenceWorld()
        w.peersUp = [false, false]
        for lag: Int64 in [0, 1, 0, 1] {
            w.replicaLag = lag
            w.run(ms: 2000)
        }
        #expect(w.h.events("+fence-master").isEmpty)
        #expect(w.pauses.isEmpty)
    }

    /// A connected replica shows lag 2 for a moment when an acknowledgement comes late: one INFO
    /// saying so is not a replica gone.
    @Test func noFenceForAMomentaryLagOfTwo() {
        var w = FenceWorld()
        w.peersUp = [false, false]
        w.run(ms: 2000)
        w.replicaLag = 2
        w.run(ms: 150)
        w.replicaLag = 0
        w.run(ms: 2000)
        #expect(w.h.events("+fence-master").isEmpty)
        #expect(w.pauses.isEmpty)
    }

    @Test func noFenceWhenTheMasterIsUnreachableToo() {
        var w = FenceWorld()
        w.replicaLag = 5
        w.run(ms: 500)
        w.primaryUp = false
        w.peersUp = [false, false]
        w.run(ms: 3000)
        // Cut off from the majority, but no fast INFO into the silent master's link.
        let infosBefore = w.primaryCommands.filter { $0 == ["INFO"] }.count
        w.run(ms: 3000)
        #expect(w.primaryCommands.filter { $0 == ["INFO"] }.count - infosBefore <= 1)
        #expect(w.h.events("+sdown").contains { $0.message.hasPrefix("master mymaster") })
        #expect(w.h.events("+fence-master").isEmpty)
        #expect(w.pauses.isEmpty)
    }

    @Test func noFenceWhileAMajorityIsReachable() {
        var w = FenceWorld()
        w.peersUp = [true, false]  // one sentinel cut off
        w.replicaLag = 5  // and the replica
        w.run(ms: 6000)
        #expect(w.h.events("+fence-master").isEmpty)
        #expect(w.pauses.isEmpty)
        // Nor when only the replica is cut off.
        w.peersUp = [true, true]
        w.run(ms: 3000)
        #expect(w.h.events("+fence-master").isEmpty)
    }

    @Test func disabledPerMaster() {
        var w = FenceWorld { $0.fenceIsolatedPrimary = false }
        self.isolate(&w)
        w.run(ms: 6000)
        #expect(w.h.events("+fence-master").isEmpty)
        #expect(w.pauses.isEmpty)
    }

    /// A standalone sentinel (no peer known, quorum 1) never fences: there is no other side that
    /// could fail over.
    @Test func standaloneSentinelNeverFences() {
        var w = FenceWorld(peers: 0, quorum: 1)
        w.replicaLag = 5
        w.run(ms: 6000)
        #expect(w.h.events("+fence-master").isEmpty)
        #expect(w.pauses.isEmpty)
        #expect(w.primaryCommands.filter { $0 == ["INFO"] }.count <= 1)
    }

    /// No replica known at all: nothing the other side could promote.
    @Test func noFenceForAMasterWithoutReplicas() {
        var w = FenceWorld()
        w.h.sentinel.primaries["mymaster"]?.replicas = InstanceList()
        w.replicaLag = nil
        w.peersUp = [false, false]
        w.run(ms: 6000)
        #expect(w.h.events("+fence-master").isEmpty)
    }
}
