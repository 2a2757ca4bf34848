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
            self.emit(.newEpoch, .epoch(self.currentEpoch), primary: name)
        }
        // The epoch only, not a copy of the master: changing the record while a copy is held
        // would copy its lists of replicas and sentinels.
        guard let leaderEpoch = self.primaries[name]?.settings.leaderEpoch else { return (nil, 0) }
        if leaderEpoch < epoch && self.currentEpoch <= epoch {
            self.primaries[name]?.settings.leader = runID
            self.primaries[name]?.settings.leaderEpoch = self.currentEpoch
            self.actions.append(.flushConfig)
            self.emit(.voteForLeader, .vote(leader: runID, epoch: self.currentEpoch), primary: name)
            // Voting for someone else holds back our own failover for 2 × failover-timeout.
            if runID != self.myID {
                self.primaries[name]?.failoverStartTime =
                    now + Int64.random(in: 0..<SentinelConstants.maxDesync, using: &random)
            }
        }
        return (self.primaries[name]?.settings.leader, self.primaries[name]?.settings.leaderEpoch ?? 0)
    }
}
