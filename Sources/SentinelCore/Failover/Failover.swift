/// A master's failover (SPEC §8.2): one case per step, each carrying what that step needs.
///
/// The master record owns one (`Master.failover`). The transitions below are pure functions of
/// the step and `now`; `Sentinel+Failover` decides when each happens (elected, a replica chosen,
/// SLAVEOF NO ONE sent, `role:master` in its INFO, every replica reconfigured) and does what the
/// step asks of the world. A transition asked of the wrong step leaves the step as it is.
///
/// When the next failover may start is not part of it: `Master.failoverStartTime` is shared with
/// the votes (voting for a peer holds our own failover back, SPEC §7.2) and outlives a failover.
enum Failover: Equatable, Sendable {
    /// No failover running (`none`).
    case idle
    /// `wait_start`: started in `epoch`; waits until elected, or aborts at the election timeout.
    case waitingForElection(epoch: UInt64, since: Int64)
    /// `select_slave`: elected; picks the replica to promote on the next tick.
    case selectingReplica(epoch: UInt64, since: Int64)
    /// `send_slaveof_noone`: `replica` chosen; SLAVEOF NO ONE goes out once its link is up.
    case promoting(replica: String, epoch: UInt64, since: Int64)
    /// `wait_promotion`: SLAVEOF NO ONE sent; waits for `role:master` in the replica's INFO.
    case waitingForPromotion(replica: String, epoch: UInt64, since: Int64)
    /// `reconf_slaves`: `promoted` is the master; the other replicas are pointed at it.
    case reconfiguringReplicas(promoted: String, epoch: UInt64, since: Int64)
    /// `update_config`: ended; the tick switches the master's address to `promoted` (SPEC §8.6).
    case switching(promoted: String, epoch: UInt64, since: Int64)

    // MARK: - Transitions (SPEC §8.2)

    /// `sentinelStartFailover`: a new failover in `epoch`.
    static func started(epoch: UInt64, now: Int64) -> Failover {
        .waitingForElection(epoch: epoch, since: now)
    }

    /// `wait_start` → `select_slave`.
    func elected(now: Int64) -> Failover {
        guard case .waitingForElection(let epoch, _) = self else { return self }
        return .selectingReplica(epoch: epoch, since: now)
    }

    /// `select_slave` → `send_slaveof_noone`.
    func selected(_ replica: String, now: Int64) -> Failover {
        guard case .selectingReplica(let epoch, _) = self else { return self }
        return .promoting(replica: replica, epoch: epoch, since: now)
    }

    /// `send_slaveof_noone` → `wait_promotion`.
    func promotionRequested(now: Int64) -> Failover {
        guard case .promoting(let replica, let epoch, _) = self else { return self }
        return .waitingForPromotion(replica: replica, epoch: epoch, since: now)
    }

    /// `wait_promotion` → `reconf_slaves`.
    func promoted(now: Int64) -> Failover {
        guard case .waitingForPromotion(let replica, let epoch, _) = self else { return self }
        return .reconfiguringReplicas(promoted: replica, epoch: epoch, since: now)
    }

    /// `reconf_slaves` → `update_config`.
    func ended(now: Int64) -> Failover {
        guard case .reconfiguringReplicas(let promoted, let epoch, _) = self else { return self }
        return .switching(promoted: promoted, epoch: epoch, since: now)
    }

    // MARK: - What each step holds

    var isRunning: Bool { self != .idle }

    /// The epoch the failover runs in; nil when idle.
    var epoch: UInt64? {
        switch self {
        case .idle: nil
        case .waitingForElection(let epoch, _), .selectingReplica(let epoch, _): epoch
        case .promoting(_, let epoch, _), .waitingForPromotion(_, let epoch, _): epoch
        case .reconfiguringReplicas(_, let epoch, _), .switching(_, let epoch, _): epoch
        }
    }

    /// When the current step began (`failover_state_change_time`); 0 when idle.
    var since: Int64 {
        switch self {
        case .idle: 0
        case .waitingForElection(_, let since), .selectingReplica(_, let since): since
        case .promoting(_, _, let since), .waitingForPromotion(_, _, let since): since
        case .reconfiguringReplicas(_, _, let since), .switching(_, _, let since): since
        }
    }

    /// The replica chosen for promotion, from `send_slaveof_noone` on.
    var replica: String? {
        switch self {
        case .idle, .waitingForElection, .selectingReplica: nil
        case .promoting(let replica, _, _), .waitingForPromotion(let replica, _, _): replica
        case .reconfiguringReplicas(let replica, _, _), .switching(let replica, _, _): replica
        }
    }

    /// The replica that is the master now, from `reconf_slaves` on: clients are sent to it
    /// before the switch (SPEC §8.6, GET-MASTER-ADDR-BY-NAME).
    var promoted: String? {
        switch self {
        case .reconfiguringReplicas(let promoted, _, _), .switching(let promoted, _, _): promoted
        default: nil
        }
    }

    /// The step's wire name and order (`failover-state`, SPEC §13.4).
    var state: FailoverState {
        switch self {
        case .idle: .none
        case .waitingForElection: .waitStart
        case .selectingReplica: .selectSlave
        case .promoting: .sendSlaveofNoOne
        case .waitingForPromotion: .waitPromotion
        case .reconfiguringReplicas: .reconfSlaves
        case .switching: .updateConfig
        }
    }
}
