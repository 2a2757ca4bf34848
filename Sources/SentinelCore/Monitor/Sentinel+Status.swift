/// A read-only view of one master's state, for the simulation, metrics and tests (not a wire format).
public struct MasterStatus: Equatable, Sendable {
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
    public func status(of name: String) -> MasterStatus? {
        guard let master = self.masters[name] else { return nil }
        return MasterStatus(
            name: name, address: master.instance.address, currentAddress: self.currentAddress(of: master),
            flags: master.instance.flags, failoverState: master.failover.state,
            failoverEpoch: master.failover.epoch ?? 0,
            configEpoch: master.settings.configEpoch, quorum: master.settings.quorum,
            downVotes: master.downVotes,
            promotedReplica: master.failover.replica.flatMap { name in
                master.replicas.instance(named: name)?.address
            },
            replicas: master.replicas.map(\.address), sentinels: master.sentinels.count)
    }
}
