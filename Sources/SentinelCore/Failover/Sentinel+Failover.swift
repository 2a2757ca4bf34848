/// The failover (SPEC §8): start, election wait, replica selection, promotion, reconfiguration of
/// the other replicas, end and address switch, abort.
extension Sentinel {
    /// SPEC §8.1: ODOWN, no failover running, and the 2 × failover-timeout guard.
    mutating func startFailoverIfNeeded(_ name: String, now: Int64, random: inout some RandomNumberGenerator) -> Bool {
        // Called for every master on every tick: check the flags before touching anything else.
        guard let flags = self.masters[name]?.instance.flags, flags.contains(.oDown),
            !flags.contains(.failoverInProgress), let timeout = self.masters[name]?.settings.failoverTimeout,
            let startTime = self.masters[name]?.failoverStartTime
        else { return false }
        // A start time of 0 is "never": with a huge timeout the deadline saturates at the end of
        // time, which must hold back a retry, not the first failover.
        let retryAt = startTime.addingSaturated(timeout.multipliedSaturated(by: 2))
        if startTime != 0 && now < retryAt {
            if self.masters[name]?.failoverDelayLoggedFor != startTime {
                self.masters[name]?.failoverDelayLoggedFor = startTime
                self.actions.append(.logNextFailoverDelay(until: retryAt))
            }
            return false
        }
        self.startFailover(name, now: now, random: &random)
        return true
    }

    /// SPEC §8.1 `sentinelStartFailover`.
    mutating func startFailover(_ name: String, now: Int64, random: inout some RandomNumberGenerator) {
        guard self.masters[name] != nil else { return }
        self.masters[name]?.instance.flags.insert(.failoverInProgress)
        self.currentEpoch = self.currentEpoch.nextEpoch
        let (failover, actions) = Failover.start(epoch: self.currentEpoch, now: now)
        self.masters[name]?.failover = failover
        self.perform(actions, failoverOf: name, now: now)
        self.masters[name]?.failoverStartTime = now + Int64.random(in: 0..<SentinelConstants.maxDesync, using: &random)
    }

    /// Gives the failover of `name` one input and carries out what it asks. Nothing happens
    /// when the master is gone.
    mutating func moveFailover(_ name: String, now: Int64, _ input: (inout Failover) -> [FailoverAction]) {
        guard let actions = self.updateMaster(name, { input(&$0.failover) }) else { return }
        self.perform(actions, failoverOf: name, now: now)
    }

    /// SPEC §8.2, one step per tick.
    mutating func failoverStateMachine(_ name: String, now: Int64, random: inout some RandomNumberGenerator) {
        guard self.masters[name]?.instance.flags.contains(.failoverInProgress) == true,
            let failover = self.masters[name]?.failover
        else { return }
        switch failover {
        case .waitingForElection(let epoch, _):
            self.failoverWaitStart(name, epoch: epoch, now: now, random: &random)
        case .selectingReplica:
            let replica = self.selectReplica(name, now: now)
            self.moveFailover(name, now: now) { $0.replicaSelected(replica, now: now) }
        case .promoting(let replica, _, _):
            self.failoverSendSlaveOfNoOne(name, replica: replica, now: now)
        case .waitingForPromotion:
            guard let failoverTimeout = self.masters[name]?.settings.failoverTimeout else { return }
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
        guard let flags = self.masters[name]?.instance.flags,
            let failoverTimeout = self.masters[name]?.settings.failoverTimeout,
            let startTime = self.masters[name]?.failoverStartTime
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
        guard let sentinels = self.masters[name]?.sentinels else { return nil }
        // Peers' votes count for the current epoch; ours for the failover's.
        let current = self.currentEpoch
        var election = LeaderElection(
            peerVotes: sentinels.lazy.filter { $0.leaderEpoch == current }.compactMap(\.leader))
        let myVote = self.voteLeader(
            name, epoch: epoch, runID: election.leading?.runID ?? self.myID, now: now, random: &random)
        if let vote = myVote.leader, myVote.epoch == epoch { election.countOwnVote(vote) }
        return election.winner(voters: sentinels.count + 1, quorum: self.masters[name]?.settings.quorum ?? 1)
    }

    /// SPEC §8.3 `sentinelSelectSlave`: the name of the best replica, or nil.
    func selectReplica(_ name: String, now: Int64) -> String? {
        guard let master = self.masters[name] else { return nil }
        let masterDown = master.instance.flags.contains(.sDown)
        let maxMasterDownTime = (masterDown ? now - master.instance.sDownSinceTime : 0)
            .addingSaturated(master.settings.downAfter.multipliedSaturated(by: 10))
        let infoValidity =
            masterDown
            ? self.timers.pingPeriod.multipliedSaturated(by: 5) : self.timers.infoPeriod.multipliedSaturated(by: 3)
        let availability = self.timers.pingPeriod.multipliedSaturated(by: 5)
        let candidates = master.replicas.filter { replica in
            guard let link = self.links[replica.link] else { return false }
            return replica.flags.isDisjoint(with: [.sDown, .oDown]) && !link.disconnected
                && now - link.lastAvailTime <= availability && replica.slavePriority != 0
                && now - replica.infoRefresh <= infoValidity && replica.masterLinkDownTime <= maxMasterDownTime
        }
        return candidates.min(by: Self.promotionOrder)?.name
    }

    /// `compareSlavesForPromotion`: lower priority, then greater offset, then smaller runid
    /// (case-insensitive; unknown last).
    static func promotionOrder(_ a: Instance, _ b: Instance) -> Bool {
        if a.slavePriority != b.slavePriority { return a.slavePriority < b.slavePriority }
        if a.slaveReplOffset != b.slaveReplOffset { return a.slaveReplOffset > b.slaveReplOffset }
        switch (a.runID, b.runID) {
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?): return x.lowercased() < y.lowercased()
        }
    }

    /// `send_slaveof_noone`: once the chosen replica's link is up; aborted at the failover timeout.
    mutating func failoverSendSlaveOfNoOne(_ name: String, replica promoted: String, now: Int64) {
        guard let failoverTimeout = self.masters[name]?.settings.failoverTimeout else { return }
        let link = self.instance(.replica(master: name, name: promoted)).flatMap { self.links[$0.link] }
        let linkUp = link.map { !$0.disconnected } ?? false
        self.moveFailover(name, now: now) {
            $0.promotionLinkChecked(linkUp: linkUp, failoverTimeout: failoverTimeout, now: now)
        }
    }

    /// SPEC §8.2 `wait_promotion`: the promoted replica's INFO says `role:master`.
    mutating func promotionObserved(_ ref: InstanceRef, now: Int64) {
        self.moveFailover(ref.masterName, now: now) { $0.promotionObserved(now: now) }
    }

    /// Carries out what a failover input asked for `name`, in order; a simulated crash ends it.
    mutating func perform(_ actions: [FailoverAction], failoverOf name: String, now: Int64) {
        for action in actions {
            switch action {
            case .announceEpoch(let epoch):
                self.emit(.newEpoch, .epoch(epoch), master: name)
            case .event(let type):
                self.emit(type, master: name)
            case .replicaEvent(let type, let replica):
                self.emit(type, .replica(master: name, name: replica))
            case .crashIfSimulated(let failure):
                guard self.simulateFailureFlags & failure.rawValue == 0 else { return self.actions.append(.crash) }
            case .markPromoted(let replica):
                self.update(.replica(master: name, name: replica)) { $0.flags.insert(.promoted) }
            case .sendReplicaOfNoOne(let replica):
                guard self.sendSlaveOf(.replica(master: name, name: replica), to: nil, now: now) else { return }
                self.moveFailover(name, now: now) { $0.promotionRequested(now: now) }
            case .adoptConfigEpoch(let epoch):
                self.masters[name]?.settings.configEpoch = epoch
                self.actions.append(.flushConfig)
            case .reconfigureClients(let promoted):
                guard let from = self.masters[name]?.instance.address,
                    let to = self.instance(.replica(master: name, name: promoted))?.address
                else { continue }
                self.clientReconfigured(name, role: "leader", from: from, to: to)
            case .forceHello:
                self.forceHelloUpdate(name)
            case .reconfigureRemainingReplicas(let promoted):
                self.reconfigureRemainingReplicas(name, promoted: promoted, now: now)
            case .clearFailover(let promoted):
                self.masters[name]?.instance.flags.subtract([.failoverInProgress, .forceFailover])
                if let promoted { self.update(.replica(master: name, name: promoted)) { $0.flags.remove(.promoted) } }
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
        guard info.role == .slave, let replica = self.instance(ref), replica.flags.contains(.slave),
            !replica.flags.isDisjoint(with: [.reconfSent, .reconfInProgress]),
            let master = self.masters[ref.masterName], let promotedName = master.failover.replica,
            let promoted = master.replicas.instance(named: promotedName)
        else { return }
        if replica.flags.contains(.reconfSent), let host = replica.slaveMasterHost,
            host.caseInsensitiveEquals(promoted.address.host), replica.slaveMasterPort == promoted.address.port
        {
            self.update(ref) {
                $0.flags.remove(.reconfSent)
                $0.flags.insert(.reconfInProgress)
            }
            self.emit(.replicaReconfigurationInProgress, ref)
        }
        if let current = self.instance(ref), current.flags.contains(.reconfInProgress), current.masterLinkUp {
            self.update(ref) {
                $0.flags.remove(.reconfInProgress)
                $0.flags.insert(.reconfDone)
            }
            self.emit(.replicaReconfigurationDone, ref)
        }
    }

    /// SPEC §8.2 `reconf_slaves`: SLAVEOF to the next replicas, `parallel-syncs` at a time.
    mutating func failoverReconfigureNextReplica(_ name: String, promoted promotedName: String, now: Int64) {
        guard let master = self.masters[name], let promoted = master.replicas.instance(named: promotedName) else {
            return
        }
        var inProgress = master.replicas.count { !$0.flags.isDisjoint(with: [.reconfSent, .reconfInProgress]) }
        for replica in master.replicas {
            guard inProgress < master.settings.parallelSyncs else { break }
            let ref = InstanceRef.replica(master: name, name: replica.name)
            guard var current = self.instance(ref), current.flags.isDisjoint(with: [.promoted, .reconfDone]) else {
                continue
            }
            if current.flags.contains(.reconfSent), now - current.slaveReconfSentTime > self.timers.slaveReconfTimeout {
                self.emit(.replicaReconfigurationSentTimeout, ref)
                current.flags.remove(.reconfSent)
                current.flags.insert(.reconfDone)
                self.update(ref) { $0.flags = current.flags }
            }
            if !current.flags.isDisjoint(with: [.reconfSent, .reconfInProgress]) { continue }
            guard let link = self.links[current.link], !link.disconnected else { continue }
            if self.sendSlaveOf(ref, to: promoted.address, now: now) {
                self.update(ref) {
                    $0.flags.insert(.reconfSent)
                    $0.slaveReconfSentTime = now
                }
                self.emit(.replicaReconfigurationSent, ref)
                inProgress += 1
            }
        }
    }

    /// SPEC §8.2 `sentinelFailoverDetectEnd`: counts the replicas still to reconfigure.
    mutating func failoverDetectEnd(_ name: String, promoted promotedName: String, now: Int64) {
        guard let master = self.masters[name], let promoted = master.replicas.instance(named: promotedName) else {
            return
        }
        let notReconfigured = master.replicas.count {
            $0.flags.isDisjoint(with: [.promoted, .reconfDone]) && !$0.flags.contains(.sDown)
        }
        let promotedDown = promoted.flags.contains(.sDown)
        let failoverTimeout = master.settings.failoverTimeout
        self.moveFailover(name, now: now) {
            $0.reconfigurationChecked(
                notReconfigured: notReconfigured, promotedDown: promotedDown, failoverTimeout: failoverTimeout,
                now: now)
        }
    }

    /// The failover timed out in `reconf_slaves`: a best-effort SLAVEOF to every replica that
    /// was not sent one, without waiting for it.
    mutating func reconfigureRemainingReplicas(_ name: String, promoted promotedName: String, now: Int64) {
        guard let master = self.masters[name], let promoted = master.replicas.instance(named: promotedName) else {
            return
        }
        for replica in master.replicas where replica.flags.isDisjoint(with: [.promoted, .reconfDone, .reconfSent]) {
            guard let link = self.links[replica.link], !link.disconnected else { continue }
            let ref = InstanceRef.replica(master: name, name: replica.name)
            if self.sendSlaveOf(ref, to: promoted.address, now: now) {
                self.emit(.replicaReconfigurationSentBestEffort, ref)
                self.update(ref) { $0.flags.insert(.reconfSent) }
            }
        }
    }

    /// SPEC §8.6: `+switch-master` and the address switch of §8.7.
    mutating func switchToPromotedReplica(_ name: String, now: Int64) {
        guard let master = self.masters[name] else { return }
        let target =
            master.failover.replica.flatMap { promoted in master.replicas.instance(named: promoted)?.address }
            ?? master.instance.address
        let old = master.instance.address
        self.emitSwitchMaster(name, from: old, toHost: self.announced(target), toPort: target.port)
        self.resetMasterAndChangeAddress(name, to: target, now: now)
        self.actions.append(.flushConfig)
    }

    /// SPEC §8.9 `SENTINEL FAILOVER`.
    mutating func forcedFailover(_ name: String, now: Int64, random: inout some RandomNumberGenerator) -> CommandReply {
        guard let master = self.masters[name] else { return .error(.noSuchMaster) }
        if master.instance.flags.contains(.failoverInProgress) {
            return .error(.failoverInProgress)
        }
        if self.selectReplica(name, now: now) == nil {
            return .error(.noGoodReplica)
        }
        self.log(.warning, "Executing user requested FAILOVER of '\(name)'")
        self.startFailover(name, now: now, random: &random)
        self.masters[name]?.instance.flags.insert(.forceFailover)
        return .reply(.ok)
    }
}
