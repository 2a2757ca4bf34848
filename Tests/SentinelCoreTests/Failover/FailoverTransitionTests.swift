import Testing

@testable import SentinelCore

/// `Failover`'s transitions (SPEC §8.2) as pure functions: each step goes to the next with its
/// data, and a transition asked of another step changes nothing.
@Suite struct FailoverTransitionTests {
    @Test func stepsFollowRedisOrderCarryTheirDataAndAskForRedisActions() {
        var (failover, actions) = Failover.start(epoch: 7, now: 100)
        #expect(failover == .waitingForElection(epoch: 7, since: 100))
        #expect(actions == [.announceEpoch(7), .event(.tryFailover)])
        #expect(failover.state == .waitStart && failover.epoch == 7 && failover.replica == nil)
        actions = failover.electionCounted(isLeader: true, forced: false, startTime: 100, electionTimeout: 10, now: 200)
        #expect(failover == .selectingReplica(epoch: 7, since: 200))
        #expect(
            actions == [
                .event(.electedLeader), .crashIfSimulated(.crashAfterElection), .event(.failoverStateSelectReplica),
            ])
        let replica = "127.0.0.1:6380"
        actions = failover.replicaSelected(replica, kind: .automatic, now: 300)
        #expect(failover == .promoting(replica: replica, epoch: 7, since: 300))
        #expect(
            actions == [
                .replicaEvent(.selectedReplica, replica: replica), .markPromoted(replica: replica),
                .replicaEvent(.failoverStateSendReplicaOfNoOne, replica: replica),
            ])
        #expect(failover.replica == replica && failover.promoted == nil)
        // The link is up: SLAVEOF NO ONE is asked for, the step waits until it went out.
        actions = failover.promotionLinkChecked(linkUp: true, failoverTimeout: 1000, now: 350)
        #expect(actions == [.sendReplicaOfNoOne(replica: replica)] && failover.since == 300)
        actions = failover.promotionRequested(now: 400)
        #expect(failover == .waitingForPromotion(replica: replica, epoch: 7, since: 400))
        #expect(actions == [.replicaEvent(.failoverStateWaitPromotion, replica: replica)])
        #expect(failover.promoted == nil)
        actions = failover.promotionObserved(now: 500)
        #expect(failover == .reconfiguringReplicas(promoted: replica, epoch: 7, since: 500))
        #expect(
            actions == [
                .adoptConfigEpoch(7), .replicaEvent(.promotedReplica, replica: replica),
                .estimateLoss(promoted: replica), .crashIfSimulated(.crashAfterPromotion),
                .event(.failoverStateReconfigureReplicas),
                .reconfigureClients(promoted: replica), .forceHello,
            ])
        // Clients are sent to the promoted replica from here on (SPEC §8.6).
        #expect(failover.promoted == replica)
        actions = failover.reconfigurationChecked(
            notReconfigured: 1, promotedDown: false, failoverTimeout: 1000, now: 550)
        #expect(actions.isEmpty && failover.state == .reconfReplicas)
        actions = failover.reconfigurationChecked(
            notReconfigured: 0, promotedDown: false, failoverTimeout: 1000, now: 600)
        #expect(failover == .switching(promoted: replica, epoch: 7, since: 600))
        #expect(actions == [.event(.failoverEnd)])
        #expect(failover.state == .updateConfig && failover.since == 600 && failover.isRunning)
    }

    @Test func forcedFailoverGoesOnWithoutTheElection() {
        var failover = Failover.waitingForElection(epoch: 2, since: 0)
        #expect(
            failover.electionCounted(isLeader: false, forced: false, startTime: 0, electionTimeout: 10, now: 10).isEmpty
        )
        #expect(failover.state == .waitStart)
        _ = failover.electionCounted(isLeader: false, forced: true, startTime: 0, electionTimeout: 10, now: 50)
        #expect(failover == .selectingReplica(epoch: 2, since: 50))
    }

    @Test func abortsUpToWaitPromotionWithTheirEventAndClearTheChosenReplica() {
        var waiting = Failover.waitingForElection(epoch: 2, since: 0)
        // The election timeout counts from the start time, strictly after it.
        #expect(
            waiting.electionCounted(isLeader: false, forced: false, startTime: 5, electionTimeout: 10, now: 15).isEmpty)
        let notElected = waiting.electionCounted(
            isLeader: false, forced: false, startTime: 5, electionTimeout: 10, now: 16)
        #expect(notElected == [.event(.failoverAbortNotElected), .clearFailover(promoted: nil)] && waiting == .idle)

        var selecting = Failover.selectingReplica(epoch: 2, since: 0)
        #expect(
            selecting.replicaSelected(nil, kind: .automatic, now: 1) == [
                .event(.failoverAbortNoGoodReplica), .clearFailover(promoted: nil),
            ])
        #expect(selecting == .idle)

        var promoting = Failover.promoting(replica: "r", epoch: 2, since: 100)
        #expect(promoting.promotionLinkChecked(linkUp: false, failoverTimeout: 50, now: 150).isEmpty)
        #expect(
            promoting.promotionLinkChecked(linkUp: false, failoverTimeout: 50, now: 151) == [
                .event(.failoverAbortReplicaTimeout), .clearFailover(promoted: "r"),
            ])
        #expect(promoting == .idle)

        var waitingPromotion = Failover.waitingForPromotion(replica: "r", epoch: 2, since: 100)
        #expect(waitingPromotion.promotionWaitChecked(failoverTimeout: 50, now: 150).isEmpty)
        #expect(
            waitingPromotion.promotionWaitChecked(failoverTimeout: 50, now: 151) == [
                .event(.failoverAbortReplicaTimeout), .clearFailover(promoted: "r"),
            ])
        #expect(waitingPromotion == .idle)
    }

    @Test func coordinatedStepsPauseWaitForTheOffsetAndAbortWithTheirEvents() {
        var failover = Failover.selectingReplica(epoch: 3, since: 0)
        #expect(
            failover.replicaSelected("r", kind: .coordinated, now: 10) == [
                .replicaEvent(.selectedReplica, replica: "r"), .markPromoted(replica: "r"),
                .event(.failoverStatePausePrimary), .pauseWrites,
            ])
        #expect(failover == .pausingWrites(replica: "r", epoch: 3, since: 10) && failover.replica == "r")
        #expect(
            failover.writesPaused(offset: 700, now: 20) == [
                .replicaOffsetEvent(.failoverStateWaitSync, replica: "r", offset: 700)
            ])
        #expect(failover == .waitingForSync(replica: "r", offset: 700, epoch: 3, since: 20))
        #expect(failover.syncChecked(replicaOffset: 699, timeout: 100, now: 120).isEmpty)
        var caughtUp = failover
        #expect(
            caughtUp.syncChecked(replicaOffset: 700, timeout: 100, now: 120) == [
                .replicaEvent(.failoverStateSendReplicaOfNoOne, replica: "r")
            ])
        #expect(caughtUp == .promoting(replica: "r", epoch: 3, since: 120))
        // Strictly after the timeout, from the start of the wait.
        #expect(
            failover.syncChecked(replicaOffset: 699, timeout: 100, now: 121) == [
                .event(.failoverAbortSyncTimeout), .clearFailover(promoted: "r"),
            ])
        #expect(failover == .idle)
        // A refused pause (no offset to rely on), or none answered in time, aborts too.
        var refused = Failover.pausingWrites(replica: "r", epoch: 3, since: 10)
        #expect(
            refused.writesPaused(offset: nil, now: 20) == [
                .event(.failoverAbortPauseRefused), .clearFailover(promoted: "r"),
            ])
        var silent = Failover.pausingWrites(replica: "r", epoch: 3, since: 10)
        #expect(silent.syncChecked(replicaOffset: 0, timeout: 50, now: 60).isEmpty)
        #expect(silent.syncChecked(replicaOffset: 0, timeout: 50, now: 61).count == 2 && silent == .idle)
    }

    @Test func anAcknowledgedPromotionDemotesTheOldMasterOfAManualFailoverOnly() {
        let waiting = Failover.waitingForPromotion(replica: "r", epoch: 3, since: 0)
        var copy = waiting
        #expect(copy.promotionAcknowledged(ok: true, kind: .automatic) == [.refreshInfo(replica: "r")])
        #expect(
            copy.promotionAcknowledged(ok: true, kind: .forced) == [
                .demoteOldPrimary(promoted: "r"), .refreshInfo(replica: "r"),
            ])
        #expect(
            copy.promotionAcknowledged(ok: true, kind: .coordinated) == [
                .demoteOldPrimary(promoted: "r"), .unpauseWrites, .refreshInfo(replica: "r"),
            ])
        #expect(copy.promotionAcknowledged(ok: false, kind: .forced).isEmpty)
        // An input, not a step: the step waits for role:master in INFO as in Redis.
        #expect(copy == waiting)
    }

    @Test func reconfigurationEndsAtTheTimeoutWithABestEffortForTheRest() {
        var failover = Failover.reconfiguringReplicas(promoted: "r", epoch: 4, since: 100)
        // Nothing while the promoted replica is down, timeout or not.
        #expect(
            failover.reconfigurationChecked(notReconfigured: 2, promotedDown: true, failoverTimeout: 50, now: 500)
                .isEmpty)
        #expect(failover.state == .reconfReplicas)
        let actions = failover.reconfigurationChecked(
            notReconfigured: 2, promotedDown: false, failoverTimeout: 50, now: 151)
        #expect(
            actions == [
                .event(.failoverEndForTimeout), .event(.failoverEnd), .reconfigureRemainingReplicas(promoted: "r"),
            ])
        #expect(failover == .switching(promoted: "r", epoch: 4, since: 151))
    }

    @Test func wireNamesAndOrderAreRedis() {
        let steps: [Failover] = [
            .idle, .waitingForElection(epoch: 1, since: 0), .selectingReplica(epoch: 1, since: 0),
            .pausingWrites(replica: "r", epoch: 1, since: 0),
            .waitingForSync(replica: "r", offset: 9, epoch: 1, since: 0),
            .promoting(replica: "r", epoch: 1, since: 0), .waitingForPromotion(replica: "r", epoch: 1, since: 0),
            .reconfiguringReplicas(promoted: "r", epoch: 1, since: 0), .switching(promoted: "r", epoch: 1, since: 0),
        ]
        #expect(
            steps.map(\.state.name) == [
                "none", "wait_start", "select_slave", "pause_master", "wait_sync", "send_slaveof_noone",
                "wait_promotion", "reconf_slaves", "update_config",
            ])
        #expect(steps.map(\.state) == steps.map(\.state).sorted())
        #expect(steps.map(\.isRunning) == [false] + Array(repeating: true, count: 8))
        #expect(Failover.idle.epoch == nil && Failover.idle.since == 0)
    }

    @Test func inputsForOtherStepsChangeNothingAndAskNothing() {
        let waiting = Failover.waitingForElection(epoch: 3, since: 10)
        var copy = waiting
        #expect(copy.replicaSelected("r", kind: .coordinated, now: 20).isEmpty && copy == waiting)
        #expect(copy.promotionLinkChecked(linkUp: true, failoverTimeout: 0, now: 20).isEmpty && copy == waiting)
        #expect(copy.promotionRequested(now: 20).isEmpty && copy == waiting)
        #expect(copy.promotionWaitChecked(failoverTimeout: 0, now: 99).isEmpty && copy == waiting)
        #expect(copy.promotionObserved(now: 20).isEmpty && copy == waiting)
        #expect(copy.writesPaused(offset: 5, now: 20).isEmpty && copy == waiting)
        #expect(copy.syncChecked(replicaOffset: 9, timeout: 0, now: 99).isEmpty && copy == waiting)
        #expect(copy.promotionAcknowledged(ok: true, kind: .forced).isEmpty && copy == waiting)
        #expect(
            copy.reconfigurationChecked(notReconfigured: 0, promotedDown: false, failoverTimeout: 0, now: 99).isEmpty)
        #expect(copy == waiting)
        var idle = Failover.idle
        #expect(idle.electionCounted(isLeader: true, forced: true, startTime: 0, electionTimeout: 0, now: 20).isEmpty)
        #expect(idle == .idle)
        let promoting = Failover.promoting(replica: "r", epoch: 3, since: 10)
        copy = promoting
        #expect(copy.electionCounted(isLeader: true, forced: false, startTime: 0, electionTimeout: 0, now: 20).isEmpty)
        #expect(copy.promotionObserved(now: 20).isEmpty && copy == promoting)
    }
}

/// `LeaderElection` (SPEC §7.3 `sentinelGetLeader`): majority of the voters and the quorum, the
/// peers' leader first among equals, our own vote leading only with strictly more.
@Suite struct LeaderElectionTests {
    @Test func winnerNeedsAMajorityOfVotersAndTheQuorum() {
        var election = LeaderElection(peerVotes: ["a", "a"])
        election.countOwnVote("a")
        #expect(election.winner(voters: 5, quorum: 2) == "a")  // 3 of 5
        #expect(election.winner(voters: 6, quorum: 2) == nil)  // 3 of 6 is no majority
        #expect(election.winner(voters: 5, quorum: 4) == nil)  // majority but under the quorum
    }

    @Test func peersLeaderIsTheFirstCountedAmongEquals() {
        let election = LeaderElection(peerVotes: ["b", "a", "a", "b"])
        #expect(election.leading?.runID == "b" && election.leading?.votes == 2)
        #expect(LeaderElection(peerVotes: []).leading == nil)
    }

    @Test func ownVoteLeadsOnlyWithStrictlyMoreVotes() {
        // a counted first with 1, then b with 2: our vote for a makes a tie, b stays ahead.
        var tie = LeaderElection(peerVotes: ["a", "b", "b"])
        tie.countOwnVote("a")
        #expect(tie.leading?.runID == "b")
        var ahead = LeaderElection(peerVotes: ["a", "b"])
        ahead.countOwnVote("b")
        #expect(ahead.leading?.runID == "b" && ahead.leading?.votes == 2)
        var alone = LeaderElection(peerVotes: [])
        alone.countOwnVote("me")
        #expect(alone.winner(voters: 1, quorum: 1) == "me")
        #expect(alone.winner(voters: 3, quorum: 1) == nil)
    }
}
