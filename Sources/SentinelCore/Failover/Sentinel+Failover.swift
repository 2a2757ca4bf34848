/// Failover hooks called by the timer and the INFO handler (SPEC §8). The failover itself is the
/// next issue's work: until then a sentinel detects, gossips and votes, but never starts one.
extension Sentinel {
    /// SPEC §8.1. Not implemented yet: never starts a failover.
    mutating func startFailoverIfNeeded(_ name: String, now: Int64, random: inout some RandomNumberGenerator) -> Bool {
        false
    }

    /// SPEC §8.2. Nothing to run while no failover can start.
    mutating func failoverStateMachine(_ name: String, now: Int64, random: inout some RandomNumberGenerator) {}

    /// SPEC §8.2 `wait_promotion`: unreachable while no failover can start.
    mutating func promotionObserved(_ ref: InstanceRef, now: Int64) {}

    /// SPEC §8.5: unreachable while no failover can start.
    mutating func reconfigurationProgress(_ ref: InstanceRef, info: InfoReply, now: Int64) {}

    /// SPEC §8.6: unreachable while no failover can start.
    mutating func switchToPromotedReplica(_ name: String, now: Int64) {}

    /// SPEC §12: client-reconfig-script jobs come with the script runner.
    mutating func clientReconfigured(_ name: String, role: String, from: InstanceAddress, to: InstanceAddress) {}
}
