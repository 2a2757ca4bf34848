import Testing

@testable import SentinelCore

/// `Fence` alone: observations in, actions out, a hand clock.
@Suite struct FenceMachineTests {
    static func seen(
        enabled: Bool = true, reachable: Bool = true, converted: Bool = false, voters: Int = 3, sentinels: Int = 1,
        knowsReplicas: Bool = true, listed: Int = 1, inSync: Int = 0, info: Int64 = 0
    ) -> FenceObservation {
        FenceObservation(
            enabled: enabled, primaryReachable: reachable, converted: converted, voters: voters,
            reachableSentinels: sentinels, knowsReplicas: knowsReplicas, replicasListed: listed, replicasInSync: inSync,
            infoTime: info)
    }

    /// A fence raised at 1000 from an isolated observation (INFO replies at 850 and 1000).
    func raised() -> Fence {
        var fence = Fence()
        #expect(fence.evaluated(Self.seen(info: 850), now: 900).isEmpty)
        #expect(fence.evaluated(Self.seen(info: 1000), now: 1000) == [.pause, .raised(Self.seen(info: 1000))])
        return fence
    }

    @Test(arguments: [
        (1, 1, false),  // alone: no other side
        (2, 1, true),  // 1 of 2 is no majority
        (3, 1, true), (3, 2, false), (4, 2, true), (4, 3, false), (5, 2, true), (5, 3, false),
    ])
    func isolatedMeansBelowTheElectionMajority(voters: Int, reachable: Int, isolated: Bool) {
        #expect(Self.seen(voters: voters, sentinels: reachable).isolated == isolated)
    }

    @Test func raisedOnlyWhenALaterInfoAfterTheConfirmPeriodStillSaysSo() {
        var fence = Fence()
        #expect(fence.evaluated(Self.seen(info: 0), now: 0).isEmpty)
        #expect(fence.state == .suspecting(since: 0, info: 0))
        // A later INFO too soon, then the confirm period with no later INFO: not yet.
        #expect(fence.evaluated(Self.seen(info: 50), now: Fence.confirmPeriod - 1).isEmpty)
        #expect(fence.evaluated(Self.seen(info: 0), now: 500).isEmpty)
        // A moment in sync starts the wait again.
        #expect(fence.evaluated(Self.seen(inSync: 1, info: 600), now: 600).isEmpty)
        #expect(fence.state == .idle)
        #expect(fence.evaluated(Self.seen(info: 1000), now: 1000).isEmpty)
        #expect(fence.evaluated(Self.seen(info: 1000), now: 1000 + Fence.confirmPeriod).isEmpty)
        let seen = Self.seen(info: 1000 + Fence.confirmPeriod)
        #expect(fence.evaluated(seen, now: 1000 + Fence.confirmPeriod) == [.pause, .raised(seen)])
        #expect(fence.fencedSince == 1000 + Fence.confirmPeriod)
    }

    @Test func nothingWithoutTheWholeCondition() {
        for seen in [
            Self.seen(enabled: false), Self.seen(reachable: false), Self.seen(sentinels: 2),
            Self.seen(knowsReplicas: false), Self.seen(inSync: 1), Self.seen(voters: 1, sentinels: 1),
        ] {
            var fence = Fence()
            for now in stride(from: Int64(0), through: 5000, by: 100) {
                #expect(fence.evaluated(seen, now: now).isEmpty)
            }
            #expect(fence.state == .idle)
        }
    }

    @Test func watchingWhileIsolatedEvenWithReplicasInSync() {
        var fence = Fence()
        _ = fence.evaluated(Self.seen(inSync: 1), now: 0)
        #expect(fence.watching)
        _ = fence.evaluated(Self.seen(sentinels: 2, inSync: 1), now: 100)
        #expect(!fence.watching)
        _ = fence.evaluated(Self.seen(enabled: false), now: 200)
        #expect(!fence.watching)
    }

    @Test func refreshedEveryRefreshPeriodWhileTheMasterAnswers() {
        var fence = self.raised()
        #expect(fence.evaluated(Self.seen(), now: 1000 + Fence.refreshPeriod - 1).isEmpty)
        #expect(fence.evaluated(Self.seen(), now: 1000 + Fence.refreshPeriod) == [.pause])
        // An unreachable master gets nothing (its pause runs out by itself if it stays away)...
        #expect(fence.evaluated(Self.seen(reachable: false), now: 3000).isEmpty)
        #expect(fence.isFenced)
        // ...and the pause again as soon as it answers.
        #expect(fence.evaluated(Self.seen(), now: 3100) == [.pause])
    }

    @Test func liftedAfterTheMajorityHoldOnly() {
        var fence = self.raised()
        // The peers are asked once; the pause is still renewed during the hold.
        #expect(fence.evaluated(Self.seen(sentinels: 2), now: 2000) == [.askPeers, .pause])
        #expect(fence.evaluated(Self.seen(sentinels: 2), now: 2000 + Fence.majorityHoldPeriod - 1) == [.pause])
        #expect(
            fence.evaluated(Self.seen(sentinels: 2), now: 2000 + Fence.majorityHoldPeriod) == [
                .unpause, .lifted(.majority),
            ])
        #expect(fence.state == .idle)
    }

    @Test func liftedOnceAMajorityOfAnswersConfirmsTheMaster() {
        var fence = self.raised()
        // Before the majority is back, answers count for nothing.
        #expect(fence.peerAnswered("b", agrees: true, majority: 3).isEmpty)
        _ = fence.evaluated(Self.seen(voters: 5, sentinels: 3), now: 2000)
        #expect(fence.peerAnswered("b", agrees: true, majority: 3).isEmpty)
        #expect(fence.peerAnswered("b", agrees: true, majority: 3).isEmpty)  // the same peer twice
        #expect(fence.peerAnswered("c", agrees: true, majority: 3) == [.unpause, .lifted(.majority)])
        #expect(fence.confirmedBy.isEmpty)
    }

    @Test func anotherAddressKeepsTheFenceEvenAfterTheHold() {
        var fence = self.raised()
        _ = fence.evaluated(Self.seen(sentinels: 2), now: 2000)
        #expect(fence.peerAnswered("b", agrees: false, majority: 2).isEmpty)
        #expect(fence.peerAnswered("c", agrees: true, majority: 2).isEmpty)
        #expect(!fence.evaluated(Self.seen(sentinels: 2), now: 2000 + Fence.majorityHoldPeriod).contains(.unpause))
        #expect(fence.isFenced)
        // Cut off again and back: the answers start over.
        _ = fence.evaluated(Self.seen(), now: 7000)
        #expect(!fence.contradicted)
        #expect(fence.evaluated(Self.seen(sentinels: 2), now: 8000) == [.askPeers, .pause])
        #expect(fence.peerAnswered("c", agrees: true, majority: 2) == [.unpause, .lifted(.majority)])
    }

    @Test func theHoldStartsAgainWhenTheMajorityGoesAway() {
        var fence = self.raised()
        _ = fence.evaluated(Self.seen(sentinels: 2), now: 2000)
        _ = fence.evaluated(Self.seen(), now: 3000)
        #expect(fence.evaluated(Self.seen(sentinels: 2), now: 4000) == [.askPeers, .pause])
        #expect(!fence.evaluated(Self.seen(sentinels: 2), now: 2000 + Fence.majorityHoldPeriod).contains(.unpause))
        #expect(
            fence.evaluated(Self.seen(sentinels: 2), now: 4000 + Fence.majorityHoldPeriod) == [
                .unpause, .lifted(.majority),
            ])
    }

    @Test(arguments: [
        (FenceMachineTests.seen(inSync: 1), Fence.LiftReason.replicaInSync),
        (FenceMachineTests.seen(converted: true), .converted),
        (FenceMachineTests.seen(enabled: false), .disabled),
    ])
    func liftedAtOnce(seen: FenceObservation, reason: Fence.LiftReason) {
        var fence = self.raised()
        #expect(fence.evaluated(seen, now: 1100) == [.unpause, .lifted(reason)])
        #expect(!fence.isFenced)
    }

    @Test func refusedStopsUntilTheSettingChanges() {
        var fence = self.raised()
        #expect(fence.pauseRefused() == [.lifted(.refused)])
        #expect(fence.pauseRefused().isEmpty)
        for now in stride(from: Int64(2000), through: 5000, by: 100) {
            #expect(fence.evaluated(Self.seen(), now: now).isEmpty)
        }
        #expect(!fence.watching)
        fence.settingChanged()
        _ = fence.evaluated(Self.seen(info: 6000), now: 6000)
        #expect(fence.evaluated(Self.seen(info: 6200), now: 6200).contains(.pause))
    }

    @Test func forgottenWithoutUnpause() {
        var fence = self.raised()
        #expect(fence.lastPause == 1000)
        #expect(fence.forgotten(.reset) == [.lifted(.reset)])
        #expect(fence == Fence())
        #expect(fence.forgotten(.reset).isEmpty)
    }

    @Test func carriedOverASwitchUntilTheOldMasterIsConverted() {
        var former = FormerPrimaryFence(replica: "127.0.0.1:6379", since: 5000, lastPause: 4900)
        func step(converted: Bool = false, reachable: Bool = true, enabled: Bool = true, now: Int64)
            -> FormerPrimaryFence.Step
        {
            former.evaluated(converted: converted, reachable: reachable, enabled: enabled, limit: 60_000, now: now)
        }
        #expect(step(now: 5000) == .init(actions: [], done: false))
        #expect(step(now: 4900 + Fence.refreshPeriod) == .init(actions: [.pause], done: false))
        #expect(step(reachable: false, now: 6000) == .init(actions: [], done: false))
        #expect(step(now: 6100) == .init(actions: [.pause], done: false))
        #expect(step(converted: true, now: 6200) == .init(actions: [.unpause, .lifted(.converted)], done: true))
        #expect(step(enabled: false, now: 6300) == .init(actions: [.unpause, .lifted(.disabled)], done: true))
        // Never converted: given up after the limit, the pause left to run out.
        #expect(step(now: 5000 + 60_001) == .init(actions: [.lifted(.expired)], done: true))
    }
}
