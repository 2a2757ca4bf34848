/// One monitored instance: a master, a replica or a peer sentinel (SPEC §4.1).
///
/// One record type for all three, as Redis's `sentinelRedisInstance`: the detection rules, the
/// reply maps and the event text treat them alike, and the fields that only one kind uses stay at
/// their defaults for the others.
///
/// The plain values the tick reads for every instance on every pass live in `timers`, read as
/// `instance.flags` through the dynamic member: one copy that does not touch the record's
/// strings (no reference counting), and no field listed twice.
@dynamicMemberLookup
struct Instance: Sendable {
    /// Masters: the configured name; replicas: `ip:port`; sentinels: the runid.
    var name: String
    var address: InstanceAddress
    var runID: String?
    var timers: InstanceTimers

    var sDownSinceTime: Int64 = 0
    var oDownSinceTime: Int64 = 0

    // INFO (masters and replicas, SPEC §5.5).
    var infoCache: String?
    var primaryLinkUp = false
    var replicaPrimaryHost: String?
    var replicaPrimaryPort = 0
    var replicaConfChangeTime: Int64
    var replicaPriority = 100
    var replicaReplOffset: UInt64 = 0
    var replicaAnnounced = 1
    /// Replicas: when the reconfiguration SLAVEOF was sent (SPEC §8.2).
    var replicaReconfSentTime: Int64 = 0

    // Sentinels (SPEC §6.3).
    var lastHelloTime: Int64 = 0
    var lastPrimaryDownReplyTime: Int64
    var leader: String?
    var leaderEpoch: UInt64 = 0

    init(flags: InstanceFlags, name: String, address: InstanceAddress, link: LinkID, downAfter: Int64, now: Int64) {
        self.name = name
        self.address = address
        self.timers = InstanceTimers(
            flags: flags, link: link, downAfter: downAfter,
            roleReported: flags.contains(.replica) ? .replica : .primary,
            roleReportedTime: now)
        self.replicaConfChangeTime = now
        self.lastPrimaryDownReplyTime = now
    }

    subscript<Value>(dynamicMember field: WritableKeyPath<InstanceTimers, Value>) -> Value {
        get { self.timers[keyPath: field] }
        set { self.timers[keyPath: field] = newValue }
    }

    var kind: InstanceKind {
        if self.flags.contains(.primary) { return .primary }
        if self.flags.contains(.replica) { return .replica }
        return .sentinel
    }
}

/// The plain values of an `Instance` that the tick reads for every instance on every pass.
struct InstanceTimers: Sendable {
    var flags: InstanceFlags
    var link: LinkID
    var downAfter: Int64
    var lastPubTime: Int64 = 0
    /// A hello must go out on the next tick, whatever `lastPubTime` says (see `forceHelloUpdate`).
    var helloForced = false
    var infoRefresh: Int64 = 0
    var primaryLinkDownTime: Int64 = 0
    var roleReported: ReportedRole
    var roleReportedTime: Int64
    var primaryRebootSinceTime: Int64 = 0
}

/// A monitored master with its replicas and the other sentinels that watch it (SPEC §4.1).
struct Primary: Sendable {
    var instance: Instance
    var settings: PrimarySettings
    /// Ordered by discovery, which keeps replies and the simulation deterministic; found by name
    /// (`ip:port`) in O(1).
    var replicas = InstanceList()
    /// Ordered by discovery; found by runid and by address in O(1).
    var sentinels = InstanceList()

    /// The failover of this master, step by step (SPEC §8.2, `Failover`).
    var failover: Failover = .idle
    /// When the last failover started (`failover_start_time`): a new one waits 2 × failover-timeout
    /// after it, and a vote for a peer moves it on (SPEC §7.2, §8.1). Kept after a failover.
    var failoverStartTime: Int64 = 0
    /// The `failoverStartTime` the "Next failover delay" line was logged for.
    var failoverDelayLoggedFor: Int64 = -1
    /// How the running failover was asked for; `.automatic` when none runs.
    var failoverKind: FailoverKind = .automatic
    /// `master_repl_offset` from the master's last INFO (0 before one): the loss estimate's
    /// reference (issue 11 §4).
    var lastKnownOffset: UInt64 = 0

    /// Fencing this master when this sentinel is isolated with it (`Fence`, beyond Redis).
    var fence = Fence()
    /// The old master still fenced after a switch, until it reports `role:slave`.
    var formerFence: FormerPrimaryFence?
    /// From the master's last INFO: its `slaveN:` lines with a state, and those in sync
    /// (`ReplicaSync.isInSync(maxLag:)` with `Fence.maxInSyncLag`).
    var replicasListed = 0
    var replicasInSync = 0

    var name: String { self.settings.name }

    /// SPEC §6.4: this sentinel plus the peers whose last reply said the master is down.
    var downVotes: Int { 1 + self.sentinels.count { $0.flags.contains(.primaryDown) } }

    // No `replicaIndex`/`sentinelIndex` methods here: called through `PrimaryTable`'s accessors
    // (`self.masters[name]?.replicaIndex(x)`) they copied the whole `Primary` on every lookup,
    // which was most of the tick's cost per instance. Use `replicas.index(of:)`, a projection.
}
