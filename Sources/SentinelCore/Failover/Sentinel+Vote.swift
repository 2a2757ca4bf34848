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
            self.emitRaw(.warning, "+new-epoch", master: name, String(self.currentEpoch))
        }
        guard let master = self.masters[name] else { return (nil, 0) }
        if master.settings.leaderEpoch < epoch && self.currentEpoch <= epoch {
            self.masters[name]!.settings.leader = runID
            self.masters[name]!.settings.leaderEpoch = self.currentEpoch
            self.actions.append(.flushConfig)
            self.emitRaw(.warning, "+vote-for-leader", master: name, "\(runID) \(self.currentEpoch)")
            // Voting for someone else holds back our own failover for 2 × failover-timeout.
            if runID != self.myID {
                self.masters[name]!.failoverStartTime =
                    now + Int64.random(in: 0..<SentinelConstants.maxDesync, using: &random)
            }
        }
        let settings = self.masters[name]!.settings
        return (settings.leader, settings.leaderEpoch)
    }
}
