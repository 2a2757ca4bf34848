/// A master's failover (SPEC §8.2): one case per step, each carrying what that step needs.
///
/// The master record owns one (`Primary.failover`). Each input below (the election counted, a
/// replica chosen, the promotion seen in INFO, a tick's timeout check …) is a pure function of
/// the step, what the sentinel observed and `now`: it moves the step on and returns what the
/// sentinel must do, in order (`FailoverAction`). `Sentinel+Failover` gathers the observations
/// and carries the actions out; it never sets a step itself. An input that does not concern the
/// current step changes nothing and asks for nothing.
///
/// When the next failover may start is not part of it: `Primary.failoverStartTime` is shared with
/// the votes (voting for a peer holds our own failover back, SPEC §7.2) and outlives a failover.
enum Failover: Equatable, Sendable {
    /// No failover running (`none`).
    case idle
    /// `wait_start`: started in `epoch`; waits until elected, or aborts at the election timeout.
    case waitingForElection(epoch: UInt64, since: Int64)
    /// `select_slave`: elected; picks the replica to promote on the next tick.
    case selectingReplica(epoch: UInt64, since: Int64)
    /// COORDINATED only: `CLIENT PAUSE WRITE` and `INFO` sent to the master; waits for the
    /// master's replication offset under the pause.
    case pausingWrites(replica: String, epoch: UInt64, since: Int64)
    /// COORDINATED only: writes are paused at `offset`; waits until `replica` has all of it.
    case waitingForSync(replica: String, offset: UInt64, epoch: UInt64, since: Int64)
    /// `send_slaveof_noone`: `replica` chosen; SLAVEOF NO ONE goes out once its link is up.
    case promoting(replica: String, epoch: UInt64, since: Int64)
    /// `wait_promotion`: SLAVEOF NO ONE sent; waits for `role:master` in the replica's INFO.
    case waitingForPromotion(replica: String, epoch: UInt64, since: Int64)
    /// `reconf_slaves`: `promoted` is the master; the other replicas are pointed at it.
    case reconfiguringReplicas(promoted: String, epoch: UInt64, since: Int64)
    /// `update_config`: ended; the tick switches the master's address to `promoted` (SPEC §8.6).
    case switching(promoted: String, epoch: UInt64, since: Int64)
}

/// How a failover was asked for. A manual one finds the old master reachable, so it is demoted
/// as soon as the promotion is acknowledged (issue 11 §2); a coordinated one also pauses its
/// writes until the chosen replica has them all, so no acknowledged write is lost.
enum FailoverKind: Equatable, Sendable {
    /// On ODOWN (SPEC §8.1).
    case automatic
    /// `SENTINEL FAILOVER <master>` (SPEC §8.9).
    case forced
    /// `SENTINEL FAILOVER <master> COORDINATED` (Valkey 9.0's syntax).
    case coordinated
}

/// What a failover input asks of the sentinel, in the order Redis does it.
enum FailoverAction: Equatable, Sendable {
    /// `+new-epoch <epoch>`.
    case announceEpoch(UInt64)
    /// An event about the master.
    case event(EventType)
    /// An event about the chosen replica.
    case replicaEvent(EventType, replica: String)
    /// `SENTINEL SIMULATE-FAILURE`: stop here (the rest of the actions are not carried out).
    case crashIfSimulated(SimulatedFailure)
    /// Flag the chosen replica `promoted` (SENTINEL REPLICAS shows it).
    case markPromoted(replica: String)
    /// Send SLAVEOF NO ONE to the chosen replica; `promotionRequested` follows when it went out.
    case sendReplicaOfNoOne(replica: String)
    /// The failover's epoch becomes the master's config epoch, written at once.
    case adoptConfigEpoch(UInt64)
    /// Run the client reconfig script as the leader (old address → the promoted replica).
    case reconfigureClients(promoted: String)
    /// Send hellos for this master everywhere on the next tick.
    case forceHello
    /// Failover timeout in `reconf_slaves`: SLAVEOF to every replica not yet sent one.
    case reconfigureRemainingReplicas(promoted: String)
    /// Aborted: clear the master's failover flags and the replica's `promoted` flag (and lift
    /// a coordinated failover's pause).
    case clearFailover(promoted: String?)
    /// COORDINATED: `CLIENT PAUSE <ms> WRITE` then `INFO replication` to the master.
    case pauseWrites
    /// An event about the chosen replica with a replication offset (`#offset <n>`).
    case replicaOffsetEvent(EventType, replica: String, offset: UInt64)
    /// `INFO` to the promoted replica now, not at its next period: its `role:master` moves the
    /// failover on.
    case refreshInfo(replica: String)
    /// The old master, reachable, becomes a replica of the promoted one at once (with the
    /// `CLIENT KILL`s that send its clients back to the sentinels); `+convert-to-slave`.
    case demoteOldPrimary(promoted: String)
    /// `CLIENT UNPAUSE` to the old master.
    case unpauseWrites
    /// `+failover-loss-estimate`: how far the promoted replica was behind the master's last
    /// known offset.
    case estimateLoss(promoted: String)
}

/// The two crash points of `SENTINEL SIMULATE-FAILURE` (the flag bits Redis uses).
enum SimulatedFailure: Int, Sendable {
    case crashAfterElection = 1
    case crashAfterPromotion = 2
}

// MARK: - Inputs (SPEC §8.2)

extension Failover {
    /// `sentinelStartFailover`: a new failover in `epoch`.
    static func start(epoch: UInt64, now: Int64) -> (Failover, [FailoverAction]) {
        (.waitingForElection(epoch: epoch, since: now), [.announceEpoch(epoch), .event(.tryFailover)])
    }

    /// `wait_start`, each tick, after the leader count: go on when we lead (or the failover was
    /// forced), abort when the election took longer than `electionTimeout` since `startTime`.
    mutating func electionCounted(
        isLeader: Bool, forced: Bool, startTime: Int64, electionTimeout: Int64, now: Int64
    ) -> [FailoverAction] {
        guard case .waitingForElection(let epoch, _) = self else { return [] }
        guard isLeader || forced else {
            return now - startTime > electionTimeout ? self.abort(.failoverAbortNotElected) : []
        }
        self = .selectingReplica(epoch: epoch, since: now)
        return [.event(.electedLeader), .crashIfSimulated(.crashAfterElection), .event(.failoverStateSelectReplica)]
    }

    /// `select_slave`: the best replica (`sentinelSelectSlave`), or nil when none qualifies. A
    /// coordinated failover pauses the master's writes before promoting.
    mutating func replicaSelected(_ replica: String?, kind: FailoverKind, now: Int64) -> [FailoverAction] {
        guard case .selectingReplica(let epoch, _) = self else { return [] }
        guard let replica else { return self.abort(.failoverAbortNoGoodReplica) }
        let chosen: [FailoverAction] = [
            .replicaEvent(.selectedReplica, replica: replica), .markPromoted(replica: replica),
        ]
        if kind == .coordinated {
            self = .pausingWrites(replica: replica, epoch: epoch, since: now)
            return chosen + [.event(.failoverStatePausePrimary), .pauseWrites]
        }
        self = .promoting(replica: replica, epoch: epoch, since: now)
        return chosen + [.replicaEvent(.failoverStateSendReplicaOfNoOne, replica: replica)]
    }

    /// COORDINATED, `pause_master`: the master answered the pause and its offset under it (nil
    /// when it refused the pause, or its INFO had no offset: then nothing is paused to rely on).
    mutating func writesPaused(offset: UInt64?, now: Int64) -> [FailoverAction] {
        guard case .pausingWrites(let replica, let epoch, _) = self else { return [] }
        guard let offset else { return self.abort(.failoverAbortPauseRefused) }
        self = .waitingForSync(replica: replica, offset: offset, epoch: epoch, since: now)
        return [.replicaOffsetEvent(.failoverStateWaitSync, replica: replica, offset: offset)]
    }

    /// COORDINATED, each tick and after each INFO of the chosen replica: promote once it has
    /// the paused master's offset; abort (and unpause) when it did not get there, or the master
    /// did not answer the pause, within `timeout` (`Sentinel.syncTimeout`).
    mutating func syncChecked(replicaOffset: UInt64, timeout: Int64, now: Int64) -> [FailoverAction] {
        switch self {
        case .pausingWrites(_, _, let since):
            return now - since > timeout ? self.abort(.failoverAbortPauseRefused) : []
        case .waitingForSync(let replica, let offset, let epoch, let since):
            if replicaOffset >= offset {
                self = .promoting(replica: replica, epoch: epoch, since: now)
                return [.replicaEvent(.failoverStateSendReplicaOfNoOne, replica: replica)]
            }
            return now - since > timeout ? self.abort(.failoverAbortSyncTimeout) : []
        default:
            return []
        }
    }

    /// `send_slaveof_noone`, each tick: send once the replica's link is up; abort when it stayed
    /// down past the failover timeout.
    mutating func promotionLinkChecked(linkUp: Bool, failoverTimeout: Int64, now: Int64) -> [FailoverAction] {
        guard case .promoting(let replica, _, let since) = self else { return [] }
        if linkUp { return [.sendReplicaOfNoOne(replica: replica)] }
        return now - since > failoverTimeout ? self.abort(.failoverAbortReplicaTimeout) : []
    }

    /// `send_slaveof_noone` → `wait_promotion`: SLAVEOF NO ONE went out.
    mutating func promotionRequested(now: Int64) -> [FailoverAction] {
        guard case .promoting(let replica, let epoch, _) = self else { return [] }
        self = .waitingForPromotion(replica: replica, epoch: epoch, since: now)
        return [.replicaEvent(.failoverStateWaitPromotion, replica: replica)]
    }

    /// `wait_promotion`: the replica acknowledged the SLAVEOF NO ONE transaction (`ok` false:
    /// EXEC failed). Its INFO is asked for at once; a manual failover also demotes the old
    /// master now rather than when it is found a master again (SPEC §9's 10 s later), so its
    /// clients stop writing where the writes would be lost, and a coordinated one unpauses it
    /// after that (its paused clients were disconnected by the demotion).
    mutating func promotionAcknowledged(ok: Bool, kind: FailoverKind) -> [FailoverAction] {
        guard ok, case .waitingForPromotion(let replica, _, _) = self else { return [] }
        switch kind {
        case .automatic: return [.refreshInfo(replica: replica)]
        case .forced: return [.demoteOldPrimary(promoted: replica), .refreshInfo(replica: replica)]
        case .coordinated:
            return [.demoteOldPrimary(promoted: replica), .unpauseWrites, .refreshInfo(replica: replica)]
        }
    }

    /// `wait_promotion`, each tick: abort when no `role:master` came within the failover timeout.
    mutating func promotionWaitChecked(failoverTimeout: Int64, now: Int64) -> [FailoverAction] {
        guard case .waitingForPromotion(_, _, let since) = self, now - since > failoverTimeout else { return [] }
        return self.abort(.failoverAbortReplicaTimeout)
    }

    /// `wait_promotion` → `reconf_slaves`: the replica's INFO says `role:master`.
    mutating func promotionObserved(now: Int64) -> [FailoverAction] {
        guard case .waitingForPromotion(let replica, let epoch, _) = self else { return [] }
        self = .reconfiguringReplicas(promoted: replica, epoch: epoch, since: now)
        return [
            .adoptConfigEpoch(epoch), .replicaEvent(.promotedReplica, replica: replica),
            .estimateLoss(promoted: replica), .crashIfSimulated(.crashAfterPromotion),
            .event(.failoverStateReconfigureReplicas),
            .reconfigureClients(promoted: replica), .forceHello,
        ]
    }

    /// `reconf_slaves`, each tick after the SLAVEOFs went out (`sentinelFailoverDetectEnd`): ends
    /// when every replica that is up is reconfigured, or at the failover timeout, when the rest
    /// get a best-effort SLAVEOF. Nothing happens while the promoted replica is down.
    mutating func reconfigurationChecked(
        notReconfigured: Int, promotedDown: Bool, failoverTimeout: Int64, now: Int64
    ) -> [FailoverAction] {
        guard case .reconfiguringReplicas(let promoted, let epoch, let since) = self, !promotedDown else { return [] }
        let timedOut = now - since > failoverTimeout
        var actions: [FailoverAction] = timedOut ? [.event(.failoverEndForTimeout)] : []
        if notReconfigured == 0 || timedOut {
            self = .switching(promoted: promoted, epoch: epoch, since: now)
            actions.append(.event(.failoverEnd))
        }
        if timedOut { actions.append(.reconfigureRemainingReplicas(promoted: promoted)) }
        return actions
    }

    /// SPEC §8.8: back to idle, with the abort's event first. Only the steps up to
    /// `wait_promotion` abort; once a replica is the master the failover runs to its end.
    mutating func abort(_ reason: EventType) -> [FailoverAction] {
        let replica = self.replica
        self = .idle
        return [.event(reason), .clearFailover(promoted: replica)]
    }
}

// MARK: - What each step holds

extension Failover {
    var isRunning: Bool { self != .idle }

    /// The epoch the failover runs in; nil when idle.
    var epoch: UInt64? {
        switch self {
        case .idle: nil
        case .waitingForElection(let epoch, _), .selectingReplica(let epoch, _): epoch
        case .pausingWrites(_, let epoch, _), .waitingForSync(_, _, let epoch, _): epoch
        case .promoting(_, let epoch, _), .waitingForPromotion(_, let epoch, _): epoch
        case .reconfiguringReplicas(_, let epoch, _), .switching(_, let epoch, _): epoch
        }
    }

    /// When the current step began (`failover_state_change_time`); 0 when idle.
    var since: Int64 {
        switch self {
        case .idle: 0
        case .waitingForElection(_, let since), .selectingReplica(_, let since): since
        case .pausingWrites(_, _, let since), .waitingForSync(_, _, _, let since): since
        case .promoting(_, _, let since), .waitingForPromotion(_, _, let since): since
        case .reconfiguringReplicas(_, _, let since), .switching(_, _, let since): since
        }
    }

    /// The replica chosen for promotion, from `send_slaveof_noone` on (from `pause_master` in a
    /// coordinated failover).
    var replica: String? {
        switch self {
        case .idle, .waitingForElection, .selectingReplica: nil
        case .pausingWrites(let replica, _, _), .waitingForSync(let replica, _, _, _): replica
        case .promoting(let replica, _, _), .waitingForPromotion(let replica, _, _): replica
        case .reconfiguringReplicas(let replica, _, _), .switching(let replica, _, _): replica
        }
    }

    /// A coordinated failover holds the master's writes paused in these two steps.
    var pausesWrites: Bool {
        switch self {
        case .pausingWrites, .waitingForSync: true
        default: false
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
        case .selectingReplica: .selectReplica
        case .pausingWrites: .pausePrimary
        case .waitingForSync: .waitSync
        case .promoting: .sendReplicaOfNoOne
        case .waitingForPromotion: .waitPromotion
        case .reconfiguringReplicas: .reconfReplicas
        case .switching: .updateConfig
        }
    }
}
