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
        self.masters[name]?.failover = .started(epoch: self.currentEpoch, now: now)
        self.emitRaw(.newEpoch, master: name, String(self.currentEpoch))
        self.emit(.tryFailover, master: name)
        self.masters[name]?.failoverStartTime = now + Int64.random(in: 0..<SentinelConstants.maxDesync, using: &random)
    }

    /// Moves the failover of `name` on by one of `Failover`'s transitions.
    mutating func moveFailover(_ name: String, _ transition: (Failover) -> Failover) {
        self.updateMaster(name) { $0.failover = transition($0.failover) }
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
            self.failoverSelectReplica(name, now: now)
        case .promoting(let replica, _, let since):
            self.failoverSendSlaveOfNoOne(name, replica: replica, since: since, now: now)
        case .waitingForPromotion(_, _, let since):
            self.failoverWaitPromotion(name, since: since, now: now)
        case .reconfiguringReplicas(let promoted, _, let since):
            self.failoverReconfigureNextReplica(name, promoted: promoted, since: since, now: now)
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
        if !isLeader && !flags.contains(.forceFailover) {
            let electionTimeout = min(self.timers.electionTimeout, failoverTimeout)
            if now - startTime > electionTimeout {
                self.emit(.failoverAbortNotElected, master: name)
                self.abortFailover(name)
            }
            return
        }
        self.emit(.electedLeader, master: name)
        if self.simulateFailureFlags & 1 != 0 {
            self.actions.append(.crash)
            return
        }
        self.moveFailover(name) { $0.elected(now: now) }
        self.emit(.failoverStateSelectReplica, master: name)
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

    mutating func failoverSelectReplica(_ name: String, now: Int64) {
        guard let replica = self.selectReplica(name, now: now) else {
            self.emit(.failoverAbortNoGoodReplica, master: name)
            self.abortFailover(name)
            return
        }
        let ref = InstanceRef.replica(master: name, name: replica)
        self.emit(.selectedReplica, ref)
        self.update(ref) { $0.flags.insert(.promoted) }
        self.moveFailover(name) { $0.selected(replica, now: now) }
        self.emit(.failoverStateSendReplicaOfNoOne, ref)
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
    mutating func failoverSendSlaveOfNoOne(_ name: String, replica promoted: String, since: Int64, now: Int64) {
        guard let failoverTimeout = self.masters[name]?.settings.failoverTimeout else { return }
        let ref = InstanceRef.replica(master: name, name: promoted)
        guard let replica = self.instance(ref), let link = self.links[replica.link], !link.disconnected else {
            if now - since > failoverTimeout {
                self.emit(.failoverAbortReplicaTimeout, master: name)
                self.abortFailover(name)
            }
            return
        }
        guard self.sendSlaveOf(ref, to: nil, now: now) else { return }
        self.emit(.failoverStateWaitPromotion, ref)
        self.moveFailover(name) { $0.promotionRequested(now: now) }
    }

    /// `wait_promotion`: INFO moves it on (`promotionObserved`); aborted at the failover timeout.
    mutating func failoverWaitPromotion(_ name: String, since: Int64, now: Int64) {
        guard let failoverTimeout = self.masters[name]?.settings.failoverTimeout else { return }
        if now - since > failoverTimeout {
            self.emit(.failoverAbortReplicaTimeout, master: name)
            self.abortFailover(name)
        }
    }

    /// SPEC §8.2 `wait_promotion`: the promoted replica's INFO says `role:master`.
    mutating func promotionObserved(_ ref: InstanceRef, now: Int64) {
        let name = ref.masterName
        guard let master = self.masters[name], let epoch = master.failover.epoch, let replica = self.instance(ref)
        else { return }
        self.masters[name]?.settings.configEpoch = epoch
        self.moveFailover(name) { $0.promoted(now: now) }
        self.actions.append(.flushConfig)
        self.emit(.promotedReplica, ref)
        if self.simulateFailureFlags & 2 != 0 {
            self.actions.append(.crash)
            return
        }
        self.emit(.failoverStateReconfigureReplicas, master: name)
        self.clientReconfigured(name, role: "leader", from: master.instance.address, to: replica.address)
        self.forceHelloUpdate(name)
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

    /// SPEC §8.2 `reconf_slaves`.
    mutating func failoverReconfigureNextReplica(
        _ name: String, promoted promotedName: String, since: Int64, now: Int64
    ) {
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
                self.update(ref) {
                    $0.flags.remove(.reconfSent)
                    $0.flags.insert(.reconfDone)
                }
                current = self.instance(ref)!
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
        self.failoverDetectEnd(name, promoted: promotedName, since: since, now: now)
    }

    /// SPEC §8.2 end detection, with the best-effort SLAVEOF after a timeout.
    mutating func failoverDetectEnd(_ name: String, promoted promotedName: String, since: Int64, now: Int64) {
        guard let master = self.masters[name], let promoted = master.replicas.instance(named: promotedName),
            !promoted.flags.contains(.sDown)
        else { return }
        var notReconfigured = master.replicas.count {
            $0.flags.isDisjoint(with: [.promoted, .reconfDone]) && !$0.flags.contains(.sDown)
        }
        var timedOut = false
        if now - since > master.settings.failoverTimeout {
            notReconfigured = 0
            timedOut = true
            self.emit(.failoverEndForTimeout, master: name)
        }
        if notReconfigured == 0 {
            self.emit(.failoverEnd, master: name)
            self.moveFailover(name) { $0.ended(now: now) }
        }
        guard timedOut else { return }
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
        self.emitRaw(
            .switchMaster, master: name,
            "\(name) \(self.announced(old)) \(old.port) \(self.announced(target)) \(target.port)")
        self.resetMasterAndChangeAddress(name, to: target, now: now)
        self.actions.append(.flushConfig)
    }

    /// SPEC §8.8: only up to `wait_promotion`; `failover_start_time` is kept.
    mutating func abortFailover(_ name: String) {
        guard let failover = self.masters[name]?.failover else { return }
        self.masters[name]?.instance.flags.subtract([.failoverInProgress, .forceFailover])
        self.masters[name]?.failover = .idle
        if let promoted = failover.replica {
            self.update(.replica(master: name, name: promoted)) { $0.flags.remove(.promoted) }
        }
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
