import Testing

@testable import SentinelCore

/// `Failover`'s transitions (SPEC §8.2) as pure functions: each step goes to the next with its
/// data, and a transition asked of another step changes nothing.
@Suite struct FailoverTransitionTests {
    @Test func stepsFollowRedisOrderAndCarryTheirData() {
        var failover = Failover.started(epoch: 7, now: 100)
        #expect(failover == .waitingForElection(epoch: 7, since: 100))
        #expect(failover.state == .waitStart && failover.epoch == 7 && failover.replica == nil)
        failover = failover.elected(now: 200)
        #expect(failover == .selectingReplica(epoch: 7, since: 200))
        failover = failover.selected("127.0.0.1:6380", now: 300)
        #expect(failover == .promoting(replica: "127.0.0.1:6380", epoch: 7, since: 300))
        #expect(failover.replica == "127.0.0.1:6380" && failover.promoted == nil)
        failover = failover.promotionRequested(now: 400)
        #expect(failover == .waitingForPromotion(replica: "127.0.0.1:6380", epoch: 7, since: 400))
        #expect(failover.promoted == nil)
        failover = failover.promoted(now: 500)
        #expect(failover == .reconfiguringReplicas(promoted: "127.0.0.1:6380", epoch: 7, since: 500))
        // Clients are sent to the promoted replica from here on (SPEC §8.6).
        #expect(failover.promoted == "127.0.0.1:6380")
        failover = failover.ended(now: 600)
        #expect(failover == .switching(promoted: "127.0.0.1:6380", epoch: 7, since: 600))
        #expect(failover.state == .updateConfig && failover.since == 600 && failover.isRunning)
    }

    @Test func wireNamesAndOrderAreRedis() {
        let steps: [Failover] = [
            .idle, .waitingForElection(epoch: 1, since: 0), .selectingReplica(epoch: 1, since: 0),
            .promoting(replica: "r", epoch: 1, since: 0), .waitingForPromotion(replica: "r", epoch: 1, since: 0),
            .reconfiguringReplicas(promoted: "r", epoch: 1, since: 0), .switching(promoted: "r", epoch: 1, since: 0),
        ]
        #expect(
            steps.map(\.state.name) == [
                "none", "wait_start", "select_slave", "send_slaveof_noone", "wait_promotion", "reconf_slaves",
                "update_config",
            ])
        #expect(steps.map(\.state) == steps.map(\.state).sorted())
        #expect(steps.map(\.isRunning) == [false, true, true, true, true, true, true])
        #expect(Failover.idle.epoch == nil && Failover.idle.since == 0)
    }

    @Test func transitionsOfOtherStepsChangeNothing() {
        let waiting = Failover.started(epoch: 3, now: 10)
        #expect(waiting.selected("r", now: 20) == waiting)
        #expect(waiting.promotionRequested(now: 20) == waiting)
        #expect(waiting.promoted(now: 20) == waiting)
        #expect(waiting.ended(now: 20) == waiting)
        #expect(Failover.idle.elected(now: 20) == .idle)
        let promoting = Failover.promoting(replica: "r", epoch: 3, since: 10)
        #expect(promoting.elected(now: 20) == promoting)
        #expect(promoting.promoted(now: 20) == promoting)
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
