/// Votes (SPEC §7.2).
extension Sentinel {
    /// `sentinelVoteLeader`: at most one vote per epoch per master, first come first served.
    /// Returns the stored vote (runid, epoch), which may be an earlier one.
    mutating func voteLeader(
        _ name: String, epoch: UInt64, runID: String, now: Int64, random: inout some RandomNumberGenerator
    ) -> (leader: String?, epoch: UInt64) {
        if epoch > self.currentEpoch {
            self.currentEpoch = epoch
            self.actions.append(.flushConfig)
            self.emit(.newEpoch, .epoch(self.currentEpoch), master: name)
        }
        // The epoch only, not a copy of the master: changing the record while a copy is held
        // would copy its lists of replicas and sentinels.
        guard let leaderEpoch = self.masters[name]?.settings.leaderEpoch else { return (nil, 0) }
        if leaderEpoch < epoch && self.currentEpoch <= epoch {
            self.masters[name]?.settings.leader = runID
            self.masters[name]?.settings.leaderEpoch = self.currentEpoch
            self.actions.append(.flushConfig)
            self.emit(.voteForLeader, .vote(leader: runID, epoch: self.currentEpoch), master: name)
            // Voting for someone else holds back our own failover for 2 × failover-timeout.
            if runID != self.myID {
                self.masters[name]?.failoverStartTime =
                    now + Int64.random(in: 0..<SentinelConstants.maxDesync, using: &random)
            }
        }
        return (self.masters[name]?.settings.leader, self.masters[name]?.settings.leaderEpoch ?? 0)
    }
}
