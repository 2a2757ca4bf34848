/// The failover (SPEC §8): start, election wait, replica selection, promotion, reconfiguration of
/// the other replicas, end and address switch, abort.
extension Sentinel {
    /// SPEC §8.1: ODOWN, no failover running, and the 2 × failover-timeout guard.
    mutating func startFailoverIfNeeded(_ name: String, now: Int64, random: inout some RandomNumberGenerator) -> Bool {
        // Called for every master on every tick: check the flags before touching anything else.
        guard let flags = self.primaries[name]?.instance.flags, flags.contains(.oDown),
            !flags.contains(.failoverInProgress), let timeout = self.primaries[name]?.settings.failoverTimeout,
            let startTime = self.primaries[name]?.failoverStartTime
        else { return false }
        // A start time of 0 is "never": with a huge timeout the deadline saturates at the end of
        // time, which must hold back a retry, not the first failover.
        let retryAt = startTime.addingSaturated(timeout.multipliedSaturated(by: 2))
        if startTime != 0 && now < retryAt {
            if self.primaries[name]?.failoverDelayLoggedFor != startTime {
                self.primaries[name]?.failoverDelayLoggedFor = startTime
                self.actions.append(.logNextFailoverDelay(until: retryAt))
            }
            return false
        }
        self.startFailover(name, now: now, random: &random)
        return true
    }

    /// SPEC §8.1 `sentinelStartFailover`.
    mutating func startFailover(_ name: String, now: Int64, random: inout some RandomNumberGenerator) {
        guard self.primaries[name] != nil else { return }
        self.primaries[name]?.instance.flags.insert(.failoverInProgress)
        self.currentEpoch = self.currentEpoch.nextEpoch
        let (failover, actions) = Failover.start(epoch: self.currentEpoch, now: now)
        self.primaries[name]?.failover = failover
        self.primaries[name]?.failoverKind = .automatic
        self.perform(actions, failoverOf: name, now: now)
        self.primaries[name]?.failoverStartTime =
            now + Int64.random(in: 0..<SentinelConstants.maxDesync, using: &random)
    }

    /// Gives the failover of `name` one input and carries out what it asks. Nothing happens
    /// when the master is gone.
    mutating func moveFailover(_ name: String, now: Int64, _ input: (inout Failover) -> [FailoverAction]) {
        guard let actions = self.updatePrimary(name, { input(&$0.failover) }) else { return }
        self.perform(actions, failoverOf: name, now: now)
    }

    /// SPEC §8.2, one step per tick.
    mutating func failoverStateMachine(_ name: String, now: Int64, random: inout some RandomNumberGenerator) {
        guard self.primaries[name]?.instance.flags.contains(.failoverInProgress) == true,
            let failover = self.primaries[name]?.failover
        else { return }
        switch failover {
        case .waitingForElection(let epoch, _):
            self.failoverWaitStart(name, epoch: epoch, now: now, random: &random)
        case .selectingReplica:
            let replica = self.selectReplica(name, now: now)
            let kind = self.primaries[name]?.failoverKind ?? .automatic
            self.moveFailover(name, now: now) { $0.replicaSelected(replica, kind: kind, now: now) }
        case .pausingWrites, .waitingForSync:
            self.checkCoordinatedSync(name, now: now)
        case .promoting(let replica, _, _):
            self.failoverSendReplicaOfNoOne(name, replica: replica, now: now)
        case .waitingForPromotion:
            guard let failoverTimeout = self.primaries[name]?.settings.failoverTimeout else { return }
            self.moveFailover(name, now: now) { $0.promotionWaitChecked(failoverTimeout: failoverTimeout, now: now) }
        case .reconfiguringReplicas(let promoted, _, _):
            self.failoverReconfigureNextReplica(name, promoted: promoted, now: now)
            self.failoverDetectEnd(name, promoted: promoted, now: now)
        case .idle, .switching:
            break
        }
    }

    /// `wait_start`: elected (or forced), the failover goes on; not elected within the election
    /// timeout, it is aborted.
    mutating func failoverWaitStart(
        _ name: String, epoch: UInt64, now: Int64, random: inout some RandomNumberGenerator
    ) {
        // Read before the election, whose vote for a peer moves the start time on.
        guard let flags = self.primaries[name]?.instance.flags,
            let failoverTimeout = self.primaries[name]?.settings.failoverTimeout,
            let startTime = self.primaries[name]?.failoverStartTime
        else { return }
        let leader = self.leader(of: name, epoch: epoch, now: now, random: &random)
        let isLeader = leader.map { $0.caseInsensitiveEquals(self.myID) } ?? false
        let electionTimeout = min(self.timers.electionTimeout, failoverTimeout)
        self.moveFailover(name, now: now) {
            $0.electionCounted(
                isLeader: isLeader, forced: flags.contains(.forceFailover), startTime: startTime,
                electionTimeout: electionTimeout, now: now)
        }
    }

    /// SPEC §7.3 `sentinelGetLeader`: the winner needs max(quorum, majority of known + self).
    mutating func leader(
        of name: String, epoch: UInt64, now: Int64, random: inout some RandomNumberGenerator
    ) -> String? {
        guard let sentinels = self.primaries[name]?.sentinels else { return nil }
        // Peers' votes count for the current epoch; ours for the failover's.
        let current = self.currentEpoch
        var election = LeaderElection(
            peerVotes: sentinels.lazy.filter { $0.leaderEpoch == current }.compactMap(\.leader))
        let myVote = self.voteLeader(
            name, epoch: epoch, runID: election.leading?.runID ?? self.myID, now: now, random: &random)
        if let vote = myVote.leader, myVote.epoch == epoch { election.countOwnVote(vote) }
        return election.winner(voters: sentinels.count + 1, quorum: self.primaries[name]?.settings.quorum ?? 1)
    }

    /// SPEC §8.3 `sentinelSelectSlave`: the name of the best replica, or nil.
    func selectReplica(_ name: String, now: Int64) -> String? {
        guard let primary = self.primaries[name] else { return nil }
        let primaryDown = primary.instance.flags.contains(.sDown)
        let maxPrimaryDownTime = (primaryDown ? now - primary.instance.sDownSinceTime : 0)
            .addingSaturated(primary.settings.downAfter.multipliedSaturated(by: 10))
        let infoValidity =
            primaryDown
            ? self.timers.pingPeriod.multipliedSaturated(by: 5) : self.timers.infoPeriod.multipliedSaturated(by: 3)
        let availability = self.timers.pingPeriod.multipliedSaturated(by: 5)
        let candidates = primary.replicas.filter { replica in
            guard let link = self.links[replica.link] else { return false }
            return replica.flags.isDisjoint(with: [.sDown, .oDown]) && !link.disconnected
                && now - link.lastAvailTime <= availability && replica.replicaPriority != 0
                && now - replica.infoRefresh <= infoValidity && replica.primaryLinkDownTime <= maxPrimaryDownTime
        }
        return candidates.min(by: Self.promotionOrder)?.name
    }

    /// `compareSlavesForPromotion`: lower priority, then greater offset, then smaller runid
    /// (case-insensitive; unknown last).
    static func promotionOrder(_ a: Instance, _ b: Instance) -> Bool {
        if a.replicaPriority != b.replicaPriority { return a.replicaPriority < b.replicaPriority }
        if a.replicaReplOffset != b.replicaReplOffset { return a.replicaReplOffset > b.replicaReplOffset }
        switch (a.runID, b.runID) {
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?): return x.lowercased() < y.lowercased()
        }
    }

    /// `send_slaveof_noone`: once the chosen replica's link is up; aborted at the failover timeout.
    mutating func failoverSendReplicaOfNoOne(_ name: String, replica promoted: String, now: Int64) {
        guard let failoverTimeout = self.primaries[name]?.settings.failoverTimeout else { return }
        let link = self.instance(.replica(primary: name, name: promoted)).flatMap { self.links[$0.link] }
        let linkUp = link.map { !$0.disconnected } ?? false
        self.moveFailover(name, now: now) {
            $0.promotionLinkChecked(linkUp: linkUp, failoverTimeout: failoverTimeout, now: now)
        }
    }

    /// SPEC §8.2 `wait_promotion`: the promoted replica's INFO says `role:master`.
    mutating func promotionObserved(_ ref: InstanceRef, now: Int64) {
        self.moveFailover(ref.primaryName, now: now) { $0.promotionObserved(now: now) }
    }

    /// Carries out what a failover input asked for `name`, in order; a simulated crash ends it.
    mutating func perform(_ actions: [FailoverAction], failoverOf name: String, now: Int64) {
        for action in actions {
            switch action {
            case .announceEpoch(let epoch):
                self.emit(.newEpoch, .epoch(epoch), primary: name)
            case .event(let type):
                self.emit(type, primary: name)
            case .replicaEvent(let type, let replica):
                self.emit(type, .replica(primary: name, name: replica))
            case .crashIfSimulated(let failure):
                guard self.simulateFailureFlags & failure.rawValue == 0 else { return self.actions.append(.crash) }
            case .markPromoted(let replica):
                self.update(.replica(primary: name, name: replica)) { $0.flags.insert(.promoted) }
            case .sendReplicaOfNoOne(let replica):
                let ref = InstanceRef.replica(primary: name, name: replica)
                let manual = self.primaries[name]?.failoverKind != .automatic
                guard self.sendReplicaOf(ref, to: nil, now: now, execTag: .promotion(ref), alone: manual) else {
                    return
                }
                self.moveFailover(name, now: now) { $0.promotionRequested(now: now) }
            case .adoptConfigEpoch(let epoch):
                self.primaries[name]?.settings.configEpoch = epoch
                self.actions.append(.flushConfig)
            case .reconfigureClients(let promoted):
                guard let from = self.primaries[name]?.instance.address,
                    let to = self.instance(.replica(primary: name, name: promoted))?.address
                else { continue }
                self.clientReconfigured(name, role: "leader", from: from, to: to)
            case .forceHello:
                self.forceHelloUpdate(name)
            case .reconfigureRemainingReplicas(let promoted):
                self.reconfigureRemainingReplicas(name, promoted: promoted, now: now)
            case .clearFailover(let promoted):
                self.primaries[name]?.instance.flags.subtract([.failoverInProgress, .forceFailover])
                if let promoted { self.update(.replica(primary: name, name: promoted)) { $0.flags.remove(.promoted) } }
                if self.primaries[name]?.failoverKind == .coordinated { self.unpauseWrites(name) }
                _ = self.updatePrimary(name) { $0.failoverKind = .automatic }
            case .pauseWrites:
                self.pauseWrites(name, now: now)
            case .replicaOffsetEvent(let type, let replica, let offset):
                self.emit(type, .replica(primary: name, name: replica)) { .offset($0, offset) }
            case .refreshInfo(let replica):
                let ref = InstanceRef.replica(primary: name, name: replica)
                if let link = self.instance(ref)?.link { self.send(link, ["INFO"], tag: .info(ref)) }
            case .demoteOldPrimary(let promoted):
                self.demoteOldPrimary(name, promoted: promoted, now: now)
            case .unpauseWrites:
                self.unpauseWrites(name)
            case .estimateLoss(let promoted):
                self.estimateLoss(name, promoted: promoted)
            }
        }
    }

    /// SPEC §5.6 forced hello: the next tick sends hellos for this master everywhere.
    ///
    /// Redis only moves `last_pub_time` back; when a periodic hello is in flight at that moment
    /// (likely here: the promoted replica's INFO reply and the hello leave on the same tick), its
    /// reply moves it forward again and the new configuration waits up to 2 s more. The flag
    /// makes the forced hello happen regardless.
    mutating func forceHelloUpdate(_ name: String) {
        let shift = self.timers.publishPeriod.addingSaturated(1)
        for ref in self.refs(of: name) {
            self.update(ref) {
                if $0.lastPubTime >= shift { $0.lastPubTime -= shift }
                $0.helloForced = true
            }
        }
    }

    /// SPEC §8.5, from a replica's INFO.
    mutating func reconfigurationProgress(_ ref: InstanceRef, info: InfoReply, now: Int64) {
        guard info.role == .replica, let replica = self.instance(ref), replica.flags.contains(.replica),
            !replica.flags.isDisjoint(with: [.reconfSent, .reconfInProgress]),
            let primary = self.primaries[ref.primaryName], let promotedName = primary.failover.replica,
            let promoted = primary.replicas.instance(named: promotedName)
        else { return }
        if replica.flags.contains(.reconfSent), let host = replica.replicaPrimaryHost,
            host.caseInsensitiveEquals(promoted.address.host), replica.replicaPrimaryPort == promoted.address.port
        {
            self.update(ref) {
                $0.flags.remove(.reconfSent)
                $0.flags.insert(.reconfInProgress)
            }
            self.emit(.replicaReconfigurationInProgress, ref)
        }
        if let current = self.instance(ref), current.flags.contains(.reconfInProgress), current.primaryLinkUp {
            self.update(ref) {
                $0.flags.remove(.reconfInProgress)
                $0.flags.insert(.reconfDone)
            }
            self.emit(.replicaReconfigurationDone, ref)
        }
    }

    /// SPEC §8.2 `reconf_slaves`: SLAVEOF to the next replicas, `parallel-syncs` at a time.
    mutating func failoverReconfigureNextReplica(_ name: String, promoted promotedName: String, now: Int64) {
        guard let primary = self.primaries[name], let promoted = primary.replicas.instance(named: promotedName) else {
            return
        }
        var inProgress = primary.replicas.count { !$0.flags.isDisjoint(with: [.reconfSent, .reconfInProgress]) }
        for replica in primary.replicas {
            guard inProgress < primary.settings.parallelSyncs else { break }
            let ref = InstanceRef.replica(primary: name, name: replica.name)
            guard var current = self.instance(ref), current.flags.isDisjoint(with: [.promoted, .reconfDone]) else {
                continue
            }
            if current.flags.contains(.reconfSent),
                now - current.replicaReconfSentTime > self.timers.replicaReconfTimeout
            {
                self.emit(.replicaReconfigurationSentTimeout, ref)
                current.flags.remove(.reconfSent)
                current.flags.insert(.reconfDone)
                self.update(ref) { $0.flags = current.flags }
            }
            if !current.flags.isDisjoint(with: [.reconfSent, .reconfInProgress]) { continue }
            guard let link = self.links[current.link], !link.disconnected else { continue }
            if self.sendReplicaOf(ref, to: promoted.address, now: now) {
                self.update(ref) {
                    $0.flags.insert(.reconfSent)
                    $0.replicaReconfSentTime = now
                }
                self.emit(.replicaReconfigurationSent, ref)
                inProgress += 1
            }
        }
    }

    /// SPEC §8.2 `sentinelFailoverDetectEnd`: counts the replicas still to reconfigure.
    mutating func failoverDetectEnd(_ name: String, promoted promotedName: String, now: Int64) {
        guard let primary = self.primaries[name], let promoted = primary.replicas.instance(named: promotedName) else {
            return
        }
        let notReconfigured = primary.replicas.count {
            $0.flags.isDisjoint(with: [.promoted, .reconfDone]) && !$0.flags.contains(.sDown)
        }
        let promotedDown = promoted.flags.contains(.sDown)
        let failoverTimeout = primary.settings.failoverTimeout
        self.moveFailover(name, now: now) {
            $0.reconfigurationChecked(
                notReconfigured: notReconfigured, promotedDown: promotedDown, failoverTimeout: failoverTimeout,
                now: now)
        }
    }

    /// The failover timed out in `reconf_slaves`: a best-effort SLAVEOF to every replica that
    /// was not sent one, without waiting for it.
    mutating func reconfigureRemainingReplicas(_ name: String, promoted promotedName: String, now: Int64) {
        guard let primary = self.primaries[name], let promoted = primary.replicas.instance(named: promotedName) else {
            return
        }
        for replica in primary.replicas where replica.flags.isDisjoint(with: [.promoted, .reconfDone, .reconfSent]) {
            guard let link = self.links[replica.link], !link.disconnected else { continue }
            let ref = InstanceRef.replica(primary: name, name: replica.name)
            if self.sendReplicaOf(ref, to: promoted.address, now: now) {
                self.emit(.replicaReconfigurationSentBestEffort, ref)
                self.update(ref) { $0.flags.insert(.reconfSent) }
            }
        }
    }

    /// SPEC §8.6: `+switch-master` and the address switch of §8.7.
    mutating func switchToPromotedReplica(_ name: String, now: Int64) {
        guard let primary = self.primaries[name] else { return }
        let target =
            primary.failover.replica.flatMap { promoted in primary.replicas.instance(named: promoted)?.address }
            ?? primary.instance.address
        let old = primary.instance.address
        self.emitSwitchPrimary(name, from: old, toHost: self.announced(target), toPort: target.port)
        self.resetPrimaryAndChangeAddress(name, to: target, now: now)
        self.actions.append(.flushConfig)
    }
}
