/// Every Sentinel event (SPEC §11.3): its name, which is also its pub/sub channel, and the level
/// Redis logs it at. The one table of both; call sites name the case, never the text or level.
public enum EventType: String, CaseIterable, Sendable {
    // Monitoring (SPEC §6, §9).
    case monitor = "+monitor"
    case unmonitor = "-monitor"
    case set = "+set"
    case resetPrimary = "+reset-master"
    case replica = "+slave"
    case sentinel = "+sentinel"
    case sdown = "+sdown"
    case sdownEnded = "-sdown"
    case odown = "+odown"
    case odownEnded = "-odown"
    case reboot = "+reboot"
    case roleChange = "+role-change"
    case roleChangeIncoherent = "-role-change"
    case convertToReplica = "+convert-to-slave"
    case fixReplicaConfig = "+fix-slave-config"
    case commandLinkReconnection = "-cmd-link-reconnection"
    case pubsubLinkReconnection = "-pubsub-link-reconnection"
    case tilt = "+tilt"
    case tiltEnded = "-tilt"
    // Gossip (SPEC §5.7).
    case newEpoch = "+new-epoch"
    case sentinelAddressSwitch = "+sentinel-address-switch"
    case sentinelAddressUpdate = "+sentinel-address-update"
    case sentinelInvalidAddress = "+sentinel-invalid-addr"
    case configUpdateFrom = "+config-update-from"
    // Election and failover (SPEC §7, §8).
    case voteForLeader = "+vote-for-leader"
    case tryFailover = "+try-failover"
    case electedLeader = "+elected-leader"
    case failoverStateSelectReplica = "+failover-state-select-slave"
    case selectedReplica = "+selected-slave"
    case failoverStateSendReplicaOfNoOne = "+failover-state-send-slaveof-noone"
    case failoverStateWaitPromotion = "+failover-state-wait-promotion"
    case promotedReplica = "+promoted-slave"
    case failoverStateReconfigureReplicas = "+failover-state-reconf-slaves"
    case replicaReconfigurationSent = "+slave-reconf-sent"
    case replicaReconfigurationSentBestEffort = "+slave-reconf-sent-be"
    case replicaReconfigurationSentTimeout = "-slave-reconf-sent-timeout"
    case replicaReconfigurationInProgress = "+slave-reconf-inprog"
    case replicaReconfigurationDone = "+slave-reconf-done"
    case failoverEnd = "+failover-end"
    case failoverEndForTimeout = "+failover-end-for-timeout"
    case switchPrimary = "+switch-master"
    case failoverAbortNotElected = "-failover-abort-not-elected"
    case failoverAbortNoGoodReplica = "-failover-abort-no-good-slave"
    case failoverAbortReplicaTimeout = "-failover-abort-slave-timeout"
    // Scripts (SPEC §12).
    case scriptChild = "+script-child"
    case scriptChildEnded = "-script-child"
    case scriptError = "-script-error"
    case scriptTimeout = "-script-timeout"
    // Beyond Redis: the manual failover that loses nothing (issue 11 §2, §4).
    case failoverStatePausePrimary = "+failover-state-pause-master"
    case failoverStateWaitSync = "+failover-state-wait-sync"
    case failoverAbortPauseRefused = "-failover-abort-pause-refused"
    case failoverAbortSyncTimeout = "-failover-abort-sync-timeout"
    case unpausePrimary = "+unpause-master"
    case failoverLossEstimate = "+failover-loss-estimate"
    // Fencing (beyond Redis, DESIGN.md "Fencing").
    case fenceRaised = "+fence-master"
    case fenceLifted = "-fence-master"

    /// The wire name: the log line's first word and the pub/sub channel.
    public var name: String { self.rawValue }

    /// The level Redis 7.0.15 logs it at (`sentinelEvent`'s first argument at each call site).
    public var level: LogLevel {
        switch self {
        case .roleChange, .roleChangeIncoherent:
            .verbose
        case .commandLinkReconnection, .pubsubLinkReconnection, .scriptChild, .scriptChildEnded:
            .debug
        case .replica, .sentinel, .reboot, .convertToReplica, .fixReplicaConfig, .sentinelAddressSwitch,
            .sentinelAddressUpdate, .sentinelInvalidAddress, .failoverStateSendReplicaOfNoOne,
            .failoverStateWaitPromotion, .replicaReconfigurationSent, .replicaReconfigurationSentBestEffort,
            .replicaReconfigurationSentTimeout, .replicaReconfigurationInProgress, .replicaReconfigurationDone,
            .failoverStateWaitSync:
            .notice
        case .monitor, .unmonitor, .set, .resetPrimary, .sdown, .sdownEnded, .odown, .odownEnded, .tilt, .tiltEnded,
            .newEpoch, .configUpdateFrom, .voteForLeader, .tryFailover, .electedLeader, .failoverStateSelectReplica,
            .selectedReplica, .promotedReplica, .failoverStateReconfigureReplicas, .failoverEnd, .failoverEndForTimeout,
            .switchPrimary, .failoverAbortNotElected, .failoverAbortNoGoodReplica, .failoverAbortReplicaTimeout,
            .scriptError, .scriptTimeout, .failoverStatePausePrimary, .failoverAbortPauseRefused,
            .failoverAbortSyncTimeout, .unpausePrimary, .failoverLossEstimate, .fenceRaised, .fenceLifted:
            .warning
        }
    }
}
