/// Fencing an isolated master (issue 11 §3; beyond Redis, which has no such rule): the decision
/// for one master, as a pure machine driven by `now`.
///
/// A sentinel that still reaches the master but has lost contact with a majority of the sentinels
/// of that master, while no replica of the master is in sync, must assume the other side may fail
/// over: it stops the master accepting writes (`CLIENT PAUSE <ms> WRITE`), re-sends the pause
/// before it runs out for as long as the condition lasts, and lifts it (`CLIENT UNPAUSE`) when the
/// condition is gone. The pause has a timeout, so the fence of a sentinel that died runs out by
/// itself. DESIGN.md "Fencing" gives the reasons for each bound.
///
/// The sentinel (`Sentinel+Fencing.swift`) measures a `FenceObservation` on every tick and
/// carries out the `FenceAction`s; this type only decides.
struct Fence: Sendable, Equatable {
    enum State: Equatable, Sendable {
        /// Nothing to do.
        case idle
        /// The condition holds since `since`, on the master's INFO of `info`; the fence is raised
        /// when a later INFO, at least ``confirmPeriod`` later, still shows no replica in sync (a
        /// replica whose acknowledgement came late for a moment is not a replica gone).
        case suspecting(since: Int64, info: Int64)
        /// The master is paused since `since`; the last pause went out at `lastPause`.
        /// `majorityBackSince`: a majority of sentinels is reachable again since then; the peers
        /// are asked where the master is (`askPeers`), and the fence is lifted as soon as a
        /// majority (this sentinel included) says this master, or after ``majorityHoldPeriod`` if
        /// the answers do not come and none said another address.
        case fenced(since: Int64, lastPause: Int64, majorityBackSince: Int64?)
    }

    /// Why a fence was lifted: the `-fence-master` event's `#reason`.
    enum LiftReason: String, Equatable, Sendable {
        /// A majority of the sentinels is back and confirmed the master (or stayed back for
        /// ``majorityHoldPeriod`` without answering).
        case majority
        /// A replica is in sync again.
        case replicaInSync = "replica-in-sync"
        /// The master reports `role:slave`.
        case converted
        /// The old master, fenced across a switch, was not turned into a replica within
        /// failover-timeout (`FormerPrimaryFence`): its pause is left to run out.
        case expired
        /// `fence-isolated-master no`.
        case disabled
        /// The master answered the pause with an error (a Redis before 6.2, an ACL).
        case refused
        /// SENTINEL RESET.
        case reset
    }

    enum Action: Equatable, Sendable {
        /// `CLIENT PAUSE <pauseTimeout> WRITE` to the master.
        case pause
        /// `CLIENT UNPAUSE` to the master.
        case unpause
        /// `+fence-master`, with what decided it.
        case raised(FenceObservation)
        /// `-fence-master #<reason>`.
        case lifted(LiftReason)
        /// `SENTINEL GET-MASTER-ADDR-BY-NAME <name>` to every reachable peer.
        case askPeers
    }

    /// A replica is in sync when it is online and its `lag` is at most this many seconds. Replicas
    /// acknowledge every second, so a connected one shows 0 or 1; 2 means its last
    /// acknowledgement is 1 to 2 s old. Cut off at time P, a replica shows 2 at P + 2 s at the
    /// latest (P + 1 s on average), which keeps the fence within down-after + 1 s at down-after
    /// 1000 in the common case (DESIGN.md "Fencing").
    static let maxInSyncLag: Int64 = 1
    /// The condition must hold this long, and over two INFO replies, before the fence is raised:
    /// a connected replica shows lag 2 for a moment when an acknowledgement comes a little late
    /// (until the next one, a few ms to one 100 ms tick of the master's cached clock); INFO is
    /// polled every ``pollPeriod`` meanwhile, so a second reply comes after that moment.
    static let confirmPeriod: Int64 = 100
    /// The master's INFO period while this sentinel is cut off from a majority (instead of 10 s).
    static let pollPeriod: Int64 = 100
    /// The master's INFO must be at most this old for a decision (it is polled every
    /// ``pollPeriod`` while watched; the INFO of before the cut can be 10 s old).
    static let freshInfo: Int64 = 1_000
    /// The pause sent to the master: how long a master stays fenced after its sentinel died.
    static let pauseTimeout: Int64 = 3_000
    /// How often the pause is sent again while the fence lasts (six times per timeout).
    static let refreshPeriod: Int64 = 500
    /// A majority back whose peers do not answer where the master is stays fenced this long: two
    /// hello periods, for a peer's hello to bring the news of a failover done meanwhile (then
    /// the master is switched and the old master stays fenced until it is a replica).
    static let majorityHoldPeriod: Int64 = 4_000

    private(set) var state: State = .idle
    /// Peers (run ids) that answered this master's address since the majority came back.
    private(set) var confirmedBy: Set<String> = []
    /// A peer answered another address since the majority came back: a failover happened; no
    /// lift by the hold (the switch follows from its hellos).
    private(set) var contradicted = false
    /// The master answered a pause with an error: no fencing until SENTINEL SET or RESET.
    private(set) var refused = false
    /// The last observation said this sentinel has no majority and fencing applies: the
    /// master's INFO is polled every ``pollPeriod``.
    private(set) var watching = false

    var isFenced: Bool {
        if case .fenced = self.state { return true }
        return false
    }

    /// When the last pause went out; nil when not fenced.
    var lastPause: Int64? {
        if case .fenced(_, let lastPause, _) = self.state { return lastPause }
        return nil
    }

    /// When the fence went up; nil when not fenced.
    var fencedSince: Int64? {
        if case .fenced(let since, _, _) = self.state { return since }
        return nil
    }

    /// One tick's look at the master: raise, keep alive or lift.
    mutating func evaluated(_ observation: FenceObservation, now: Int64) -> [Action] {
        let applies = observation.enabled && !self.refused && observation.knowsReplicas
        self.watching = applies && observation.isolated
        let wanted = self.watching && observation.primaryReachable && observation.replicasInSync == 0
        switch self.state {
        case .idle:
            guard wanted else { return [] }
            self.state = .suspecting(since: now, info: observation.infoTime)
            return []
        case .suspecting:
            guard wanted else {
                self.state = .idle
                return []
            }
            return self.confirmed(observation, now: now)
        case .fenced(let since, let lastPause, let majorityBackSince):
            if !observation.enabled { return self.lift(.disabled) }
            if observation.converted { return self.lift(.converted) }
            var backSince: Int64?
            var actions: [Action] = []
            if !observation.isolated {
                backSince = majorityBackSince ?? now
                if majorityBackSince == nil { actions.append(.askPeers) }
                if let backSince, now - backSince >= Self.majorityHoldPeriod, !self.contradicted {
                    return self.lift(.majority)
                }
            } else {
                self.confirmedBy = []
                self.contradicted = false
                if observation.primaryReachable && observation.replicasInSync > 0 { return self.lift(.replicaInSync) }
            }
            var next = lastPause
            if observation.primaryReachable && now - lastPause >= Self.refreshPeriod {
                next = now
                actions.append(.pause)
            }
            self.state = .fenced(since: since, lastPause: next, majorityBackSince: backSince)
            return actions
        }
    }

    /// A peer answered where it thinks the master is, after the majority came back: `agrees` when
    /// that is this master. Lifted once `majority` sentinels (this one included) agree.
    mutating func peerAnswered(_ runID: String, agrees: Bool, majority: Int) -> [Action] {
        guard case .fenced(_, _, let backSince) = self.state, backSince != nil else { return [] }
        guard agrees else {
            self.contradicted = true
            return []
        }
        self.confirmedBy.insert(runID)
        return self.confirmedBy.count + 1 >= majority && !self.contradicted ? self.lift(.majority) : []
    }

    /// The master answered a pause with an error: stop (its pause, if any, was not taken).
    mutating func pauseRefused() -> [Action] {
        let wasFenced = self.isFenced
        self.refused = true
        self.watching = false
        self.state = .idle
        return wasFenced ? [.lifted(.refused)] : []
    }

    /// The master was reset: forget the fence without unpausing (the pause runs out by itself,
    /// at most ``pauseTimeout`` after the last one sent). A switch goes through
    /// `FormerPrimaryFence` instead (`Sentinel.carryFenceOver`).
    mutating func forgotten(_ reason: LiftReason) -> [Action] {
        let wasFenced = self.isFenced
        self = Fence()
        return wasFenced ? [.lifted(reason)] : []
    }

    /// SENTINEL SET of the option: a refused master is tried again.
    mutating func settingChanged() {
        self.refused = false
    }

    private mutating func confirmed(_ observation: FenceObservation, now: Int64) -> [Action] {
        guard case .suspecting(let since, let info) = self.state, now - since >= Self.confirmPeriod,
            observation.infoTime > info
        else { return [] }
        self.state = .fenced(since: now, lastPause: now, majorityBackSince: nil)
        return [.pause, .raised(observation)]
    }

    private mutating func lift(_ reason: LiftReason) -> [Action] {
        self.state = .idle
        self.confirmedBy = []
        self.contradicted = false
        return [.unpause, .lifted(reason)]
    }
}

/// What the sentinel sees of one master and its sentinels on one tick, for `Fence`.
struct FenceObservation: Equatable, Sendable {
    /// `fence-isolated-master yes`.
    var enabled: Bool
    /// The master's command link is up, it answered PING lately (as `Sentinel.isReachable` asks
    /// of peers), it is not SDOWN, it reports `role:master`, and its INFO is fresh
    /// (`Fence.freshInfo`).
    var primaryReachable: Bool
    /// The master reports `role:slave`.
    var converted: Bool
    /// The sentinels of this master: the known peers and this one.
    var voters: Int
    /// This sentinel and the peers that answered PING recently (`Sentinel.isReachable`).
    var reachableSentinels: Int
    /// The sentinel knows at least one replica of the master (without one, no failover can
    /// happen anywhere).
    var knowsReplicas: Bool
    /// `slaveN:` lines of the master's last INFO.
    var replicasListed: Int
    /// Of those, online with lag ≤ `Fence.maxInSyncLag`.
    var replicasInSync: Int
    /// When the master's last INFO arrived (`infoRefresh`): the fence waits for a second one.
    var infoTime: Int64

    /// The majority the leader election needs (SPEC §7.3): more than half of the voters.
    var majority: Int { self.voters / 2 + 1 }

    /// Cut off from a majority of the sentinels. Never for a sentinel that knows no peer: a
    /// standalone sentinel has no other side that could fail over.
    var isolated: Bool { self.voters > 1 && self.reachableSentinels < self.majority }
}
