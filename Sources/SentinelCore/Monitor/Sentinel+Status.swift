/// A read-only view of one master's state, for the simulation, metrics and tests (not a wire format).
public struct PrimaryStatus: Equatable, Sendable {
    public var name: String
    /// The configured address (the old master until the switch at the end of a failover).
    public var address: InstanceAddress
    /// What `GET-MASTER-ADDR-BY-NAME` answers (SPEC §13.3).
    public var currentAddress: InstanceAddress
    public var flags: InstanceFlags
    public var failoverState: FailoverState
    public var failoverEpoch: UInt64
    public var configEpoch: UInt64
    public var quorum: Int
    /// Self plus the peers whose last reply said the master is down (SPEC §6.4).
    public var downVotes: Int
    /// The replica being promoted, if any.
    public var promotedReplica: InstanceAddress?
    public var replicas: [InstanceAddress]
    public var sentinels: Int
}

extension Sentinel {
    public func status(of name: String) -> PrimaryStatus? {
        guard let primary = self.primaries[name] else { return nil }
        return PrimaryStatus(
            name: name, address: primary.instance.address, currentAddress: self.currentAddress(of: primary),
            flags: primary.instance.flags, failoverState: primary.failover.state,
            failoverEpoch: primary.failover.epoch ?? 0,
            configEpoch: primary.settings.configEpoch, quorum: primary.settings.quorum,
            downVotes: primary.downVotes,
            promotedReplica: primary.failover.replica.flatMap { name in
                primary.replicas.instance(named: name)?.address
            },
            replicas: primary.replicas.map(\.address), sentinels: primary.sentinels.count)
    }
}
