/// The periodic timer (SPEC §5.2): reconnect, periodic commands, SDOWN, ODOWN, failover.
extension Sentinel {
    /// One run of the sentinel timer; the owner calls it 10–19 times a second (SPEC §2.4).
    public mutating func tick(now: Int64, random: inout some RandomNumberGenerator) {
        self.checkTilt(now: now)
        self.reconnectBudget = SentinelConstants.maxRetryConnectsPerTick
        self.retryWaitingLinks(now: now)
        var switchToPromoted: String?
        for name in self.primaryOrder {
            // The tick adds and removes no master (only commands do), so the slot found here stays
            // this master's for the whole walk: the name is hashed once per tick, not on every
            // access (String-keyed lookups were the largest cost of the tick with many masters).
            guard let slot = self.primaries.slot(of: name) else { continue }
            self.handleInstance(.primary(name), slot: slot, now: now, random: &random)
            var index = 0
            while let replica = self.primaries[slot: slot]?.replicas.indices.contains(index) == true
                ? self.primaries[slot: slot]?.replicas[index].name : nil
            {
                self.handleInstance(.replica(primary: name, name: replica), slot: slot, now: now, random: &random)
                index += 1
            }
            index = 0
            while let sentinel = self.primaries[slot: slot]?.sentinels.indices.contains(index) == true
                ? self.primaries[slot: slot]?.sentinels[index].name : nil
            {
                self.handleInstance(.sentinel(primary: name, runID: sentinel), slot: slot, now: now, random: &random)
                index += 1
            }
            if case .switching = self.primaries[slot: slot]?.failover { switchToPromoted = name }
            assert(self.primaries.slot(of: name) == slot, "the tick moved a master")
        }
        if let name = switchToPromoted { self.switchToPromotedReplica(name, now: now) }
        self.runScripts(now: now)
    }

    /// SPEC §10: a tick more than tilt-trigger after the previous one (or before it) enters TILT.
    mutating func checkTilt(now: Int64) {
        let delta = now - self.previousTickTime
        if delta < 0 || delta > self.timers.tiltTrigger {
            self.tilt = true
            self.tiltStartTime = now
            self.emit(.tilt, .tilt(entered: true), primary: nil)
        }
        self.previousTickTime = now
    }

    /// One instance's part of the tick; `slot` is its master's (`PrimaryTable.slot(of:)`).
    mutating func handleInstance(_ ref: InstanceRef, slot: Int, now: Int64, random: inout some RandomNumberGenerator) {
        guard let (link, port) = self.read(ref, inSlot: slot, { ($0.link, $0.address.port) }) else { return }
        self.reconnect(ref, link: link, port: port, now: now)
        self.sendPeriodicCommands(ref, slot: slot, now: now)
        if self.tilt {
            if now - self.tiltStartTime < self.timers.tiltPeriod { return }
            self.tilt = false
            self.emit(.tiltEnded, .tilt(entered: false), primary: nil)
        }
        self.checkSubjectivelyDown(ref, slot: slot, now: now)
        guard case .primary(let name) = ref else { return }
        self.checkFence(name, slot: slot, now: now)
        // Each step below looks the master up by name and returns at once unless its flags (or
        // its peers) give it something to do, which most masters on most ticks do not. Check the
        // same conditions by slot first, re-reading after every step as the steps themselves do:
        // this skips only calls that would have done nothing.
        if !self.primaryFlags(slot).isDisjoint(with: [.sDown, .oDown]) {
            self.checkObjectivelyDown(name, now: now)
        }
        if self.primaryFlags(slot).contains(.oDown), self.startFailoverIfNeeded(name, now: now, random: &random) {
            self.askOtherSentinels(name, forced: true, now: now)
        }
        if self.primaryFlags(slot).contains(.failoverInProgress) {
            self.failoverStateMachine(name, now: now, random: &random)
        }
        if self.primaries[slot: slot]?.sentinels.isEmpty == false {
            self.askOtherSentinels(name, forced: false, now: now)
        }
    }

    /// The flags of the master in `slot`; none when it is gone.
    func primaryFlags(_ slot: Int) -> InstanceFlags {
        self.primaries[slot: slot]?.instance.flags ?? []
    }

    /// SPEC §5.3.
    mutating func sendPeriodicCommands(_ ref: InstanceRef, slot: Int, now: Int64) {
        guard let view = self.read(ref, inSlot: slot, { $0.timers }), let link = self.links.timers(view.link),
            !link.disconnected
        else {
            return
        }
        guard link.pendingCommands < SentinelConstants.maxPendingCommands * link.refcount else { return }
        let infoPeriod = self.infoPeriod(view, ref: ref, slot: slot, lastAvailTime: link.lastAvailTime, now: now)
        let pingPeriod = min(view.downAfter, self.timers.pingPeriod)
        if !view.flags.contains(.sentinel), view.infoRefresh == 0 || now - view.infoRefresh > infoPeriod {
            self.send(view.link, ["INFO"], tag: .info(ref))
        }
        if now - link.lastPongTime > pingPeriod && now - link.lastPingTime > pingPeriod / 2 {
            self.sendPing(ref, link: view.link, now: now)
        }
        if view.helloForced || now - view.lastPubTime > self.timers.publishPeriod,
            view.flags.contains(.sentinel) || !self.hellosHeld(ref, slot: slot)
        {
            if view.helloForced { self.update(ref) { $0.helloForced = false } }
            self.sendHello(ref, now: now)
        }
    }

    /// SPEC §5.3: 1 s for the replicas of a master in ODOWN or failover, or whose link to their
    /// master is down. Beyond Redis: 100 ms for the replica a coordinated failover waits for;
    /// for a master, 100 ms while fencing watches it and it answers PING (INFO into a silent
    /// link would pile up), 1 s during a failover (the loss estimate reads its offset); 1 s for
    /// a fenced former master, to unpause it soon after its conversion (DESIGN.md "Fencing").
    func infoPeriod(_ view: InstanceTimers, ref: InstanceRef, slot: Int, lastAvailTime: Int64, now: Int64) -> Int64 {
        let primaryFlags = self.primaries[slot: slot]?.instance.flags ?? []
        if view.flags.contains(.replica) {
            if view.flags.contains(.promoted), self.primaries[slot: slot]?.failover.pausesWrites == true {
                return SentinelConstants.syncInfoPeriod
            }
            if !primaryFlags.isDisjoint(with: [.oDown, .failoverInProgress]) || view.primaryLinkDownTime != 0 {
                return SentinelConstants.fastInfoPeriod
            }
            if case .replica(_, let name) = ref, self.isFormerPrimaryFenced(name, slot: slot) {
                return SentinelConstants.fastInfoPeriod
            }
        } else if view.flags.contains(.primary) {
            if self.fenceWatches(slot: slot), now - lastAvailTime <= self.silenceLimit(downAfter: view.downAfter) {
                return Fence.pollPeriod
            }
            if primaryFlags.contains(.failoverInProgress) { return SentinelConstants.fastInfoPeriod }
        }
        return self.timers.infoPeriod
    }

    /// SPEC §6.1, with the forced reconnects of §4.5.
    mutating func checkSubjectivelyDown(_ ref: InstanceRef, slot: Int, now: Int64) {
        guard let instance = self.read(ref, inSlot: slot, { $0.timers }),
            let link = self.links.timers(instance.link)
        else { return }
        var elapsed: Int64 = 0
        if link.actPingTime != 0 {
            elapsed = now - link.actPingTime
        } else if link.disconnected {
            elapsed = now - link.lastAvailTime
        }
        let halfDownAfter = instance.downAfter / 2
        if link.commandOpen, now - link.commandConnTime > self.timers.minLinkReconnectPeriod, link.actPingTime != 0,
            now - link.actPingTime > halfDownAfter, now - link.lastPongTime > halfDownAfter
        {
            self.closeConnection(instance.link, .command)
        }
        // A master whose writes we pause hears no hello of ours (`hellosHeld`): its quiet
        // channel is expected, not a dead link.
        if link.pubsubOpen, now - link.pubsubConnTime > self.timers.minLinkReconnectPeriod,
            now - link.pubsubLastActivity > self.timers.publishPeriod.multipliedSaturated(by: 3),
            !self.hellosHeld(ref, slot: slot)
        {
            self.closeConnection(instance.link, .pubsub)
        }
        let primaryReportsReplica =
            instance.flags.contains(.primary) && instance.roleReported == .replica
            && now - instance.roleReportedTime
                > instance.downAfter.addingSaturated(self.timers.infoPeriod.multipliedSaturated(by: 2))
        let rebootTooLong: Bool
        if instance.flags.contains(.primaryReboot),
            let period = self.primaries[slot: slot]?.settings.primaryRebootDownAfterPeriod
        {
            rebootTooLong = now - instance.primaryRebootSinceTime > period
        } else {
            rebootTooLong = false
        }
        if elapsed > instance.downAfter || primaryReportsReplica || rebootTooLong {
            if !instance.flags.contains(.sDown) {
                self.emit(.sdown, ref)
                self.update(ref) {
                    $0.sDownSinceTime = now
                    $0.flags.insert(.sDown)
                }
            }
        } else if instance.flags.contains(.sDown) {
            self.emit(.sdownEnded, ref)
            self.update(ref) { $0.flags.subtract([.sDown, .scriptKillSent]) }
        }
    }

    /// SPEC §6.4.
    mutating func checkObjectivelyDown(_ name: String, now: Int64) {
        guard let flags = self.primaries[name]?.instance.flags, let quorum = self.primaries[name]?.settings.quorum
        else {
            return
        }
        var votes = 0
        var odown = false
        if flags.contains(.sDown) {
            votes = self.primaries[name]?.downVotes ?? 1
            odown = votes >= quorum
        }
        if odown {
            if !flags.contains(.oDown) {
                self.emit(.odown, .primary(name)) { .quorum($0, QuorumCount(votes: votes, quorum: quorum)) }
                self.primaries[name]?.instance.flags.insert(.oDown)
                self.primaries[name]?.instance.oDownSinceTime = now
            }
        } else if flags.contains(.oDown) {
            self.emit(.odownEnded, .primary(name))
            self.primaries[name]?.instance.flags.remove(.oDown)
        }
    }

    /// SPEC §6.3: ask every peer whether the master is down (and, during a failover, for its vote).
    mutating func askOtherSentinels(_ name: String, forced: Bool, now: Int64) {
        // Most masters have no peers; the common case must not copy anything.
        guard self.primaries[name]?.sentinels.isEmpty == false, let primary = self.primaries[name] else { return }
        let address = primary.instance.address
        // Fields read in place, not a copy of each record: this runs for every peer on every tick,
        // and peers can be thousands (issue 9 §5).
        for index in primary.sentinels.indices {
            let lastReply = primary.sentinels[index].lastPrimaryDownReplyTime
            // Only when there is something to clear: an update while `master` is held copies the
            // whole list, and unreachable peers (never replying) would pay that on every tick.
            if now - lastReply > self.timers.askPeriod.multipliedSaturated(by: 5),
                primary.sentinels[index].flags.contains(.primaryDown) || primary.sentinels[index].leader != nil
            {
                self.update(.sentinel(primary: name, runID: primary.sentinels[index].name)) {
                    $0.flags.remove(.primaryDown)
                    $0.leader = nil
                }
            }
            guard primary.instance.flags.contains(.sDown), let link = self.links.timers(primary.sentinels[index].link),
                !link.disconnected
            else { continue }
            if !forced && now - lastReply < self.timers.askPeriod { continue }
            let sentinel = primary.sentinels[index]
            let ref = InstanceRef.sentinel(primary: name, runID: sentinel.name)
            let runID = primary.failover.isRunning ? self.myID : "*"
            self.send(
                sentinel.link,
                [
                    "SENTINEL", "is-master-down-by-addr", self.announced(address), String(address.port),
                    String(self.currentEpoch), runID,
                ],
                tag: .isPrimaryDown(ref))
        }
    }

    /// SPEC §6.3 step 3.
    mutating func isPrimaryDownReplyReceived(_ value: RESPValue, ref: InstanceRef, now: Int64) {
        guard let parts = value.elements, parts.count == 3, case .integer(let down) = parts[0],
            case .bulkString(let leader) = parts[1], case .integer(let leaderEpoch) = parts[2]
        else { return }
        let previousEpoch = self.instance(ref)?.leaderEpoch
        // `*` (no vote) is not a run id; neither is anything else a peer could not have voted for.
        let voted = PeerInput.isRunID(leader)
        self.update(ref) {
            $0.lastPrimaryDownReplyTime = now
            if down == 1 { $0.flags.insert(.primaryDown) } else { $0.flags.remove(.primaryDown) }
            if voted {
                $0.leader = leader
                $0.leaderEpoch = UInt64(clamping: leaderEpoch)
            }
        }
        if voted, let previousEpoch, previousEpoch != UInt64(clamping: leaderEpoch),
            case .sentinel(_, let runID) = ref
        {
            self.log(.notice, "\(runID) voted for \(leader) \(leaderEpoch)")
        }
    }
}
