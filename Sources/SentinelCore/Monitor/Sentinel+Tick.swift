/// The periodic timer (SPEC §5.2): reconnect, periodic commands, SDOWN, ODOWN, failover.
extension Sentinel {
    /// One run of the sentinel timer; the owner calls it 10–19 times a second (SPEC §2.4).
    public mutating func tick(now: Int64, random: inout some RandomNumberGenerator) {
        self.checkTilt(now: now)
        var switchToPromoted: String?
        for name in self.masterOrder {
            guard self.masters[name] != nil else { continue }
            self.handleInstance(.master(name), now: now, random: &random)
            guard let master = self.masters[name] else { continue }
            for replica in master.replicas {
                self.handleInstance(.replica(master: name, name: replica.name), now: now, random: &random)
            }
            for sentinel in master.sentinels {
                self.handleInstance(.sentinel(master: name, runID: sentinel.name), now: now, random: &random)
            }
            if self.masters[name]?.failoverState == .updateConfig { switchToPromoted = name }
        }
        if let name = switchToPromoted { self.switchToPromotedReplica(name, now: now) }
    }

    /// SPEC §10: a tick more than tilt-trigger after the previous one (or before it) enters TILT.
    mutating func checkTilt(now: Int64) {
        let delta = now - self.previousTickTime
        if delta < 0 || delta > self.timers.tiltTrigger {
            self.tilt = true
            self.tiltStartTime = now
            self.emitRaw(.warning, "+tilt", master: nil, "#tilt mode entered")
        }
        self.previousTickTime = now
    }

    mutating func handleInstance(_ ref: InstanceRef, now: Int64, random: inout some RandomNumberGenerator) {
        guard let instance = self.instance(ref) else { return }
        self.reconnect(ref, instance, now: now)
        self.sendPeriodicCommands(ref, now: now)
        if self.tilt {
            if now - self.tiltStartTime < self.timers.tiltPeriod { return }
            self.tilt = false
            self.emitRaw(.warning, "-tilt", master: nil, "#tilt mode exited")
        }
        self.checkSubjectivelyDown(ref, now: now)
        guard case .master(let name) = ref else { return }
        self.checkObjectivelyDown(name, now: now)
        if self.startFailoverIfNeeded(name, now: now, random: &random) {
            self.askOtherSentinels(name, forced: true, now: now)
        }
        self.failoverStateMachine(name, now: now, random: &random)
        self.askOtherSentinels(name, forced: false, now: now)
    }

    /// SPEC §5.3.
    mutating func sendPeriodicCommands(_ ref: InstanceRef, now: Int64) {
        guard let instance = self.instance(ref), let link = self.links[instance.link], !link.disconnected else {
            return
        }
        guard link.pendingCommands < SentinelConstants.maxPendingCommands * link.refcount else { return }
        var infoPeriod = self.timers.infoPeriod
        if instance.flags.contains(.slave), let master = self.masters[ref.masterName],
            !master.instance.flags.isDisjoint(with: [.oDown, .failoverInProgress]) || instance.masterLinkDownTime != 0
        {
            infoPeriod = SentinelConstants.fastInfoPeriod
        }
        let pingPeriod = min(instance.downAfter, self.timers.pingPeriod)
        if !instance.flags.contains(.sentinel), instance.infoRefresh == 0 || now - instance.infoRefresh > infoPeriod {
            self.send(instance.link, ["INFO"], tag: .info(ref))
        }
        if now - link.lastPongTime > pingPeriod && now - link.lastPingTime > pingPeriod / 2 {
            self.sendPing(ref, link: instance.link, now: now)
        }
        if now - instance.lastPubTime > self.timers.publishPeriod {
            self.sendHello(ref, now: now)
        }
    }

    /// SPEC §6.1, with the forced reconnects of §4.5.
    mutating func checkSubjectivelyDown(_ ref: InstanceRef, now: Int64) {
        guard let instance = self.instance(ref), let link = self.links[instance.link] else { return }
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
        if link.pubsubOpen, now - link.pubsubConnTime > self.timers.minLinkReconnectPeriod,
            now - link.pubsubLastActivity > self.timers.publishPeriod * 3
        {
            self.closeConnection(instance.link, .pubsub)
        }
        let masterReportsReplica =
            instance.flags.contains(.master) && instance.roleReported == .slave
            && now - instance.roleReportedTime > instance.downAfter + self.timers.infoPeriod * 2
        let rebootTooLong: Bool
        if instance.flags.contains(.masterReboot), let master = self.masters[ref.masterName] {
            rebootTooLong = now - instance.masterRebootSinceTime > master.settings.masterRebootDownAfterPeriod
        } else {
            rebootTooLong = false
        }
        if elapsed > instance.downAfter || masterReportsReplica || rebootTooLong {
            if !instance.flags.contains(.sDown) {
                self.emit(.warning, "+sdown", ref)
                self.update(ref) {
                    $0.sDownSinceTime = now
                    $0.flags.insert(.sDown)
                }
            }
        } else if instance.flags.contains(.sDown) {
            self.emit(.warning, "-sdown", ref)
            self.update(ref) { $0.flags.subtract([.sDown, .scriptKillSent]) }
        }
    }

    /// SPEC §6.4.
    mutating func checkObjectivelyDown(_ name: String, now: Int64) {
        guard let master = self.masters[name] else { return }
        var votes = 0
        var odown = false
        if master.instance.flags.contains(.sDown) {
            votes = 1 + master.sentinels.count { $0.flags.contains(.masterDown) }
            odown = votes >= master.settings.quorum
        }
        if odown {
            if !master.instance.flags.contains(.oDown) {
                self.emit(.warning, "+odown", .master(name), "#quorum \(votes)/\(master.settings.quorum)")
                self.masters[name]!.instance.flags.insert(.oDown)
                self.masters[name]!.instance.oDownSinceTime = now
            }
        } else if master.instance.flags.contains(.oDown) {
            self.emit(.warning, "-odown", .master(name))
            self.masters[name]!.instance.flags.remove(.oDown)
        }
    }

    /// SPEC §6.3: ask every peer whether the master is down (and, during a failover, for its vote).
    mutating func askOtherSentinels(_ name: String, forced: Bool, now: Int64) {
        guard let master = self.masters[name] else { return }
        let address = master.instance.address
        for sentinel in master.sentinels {
            let ref = InstanceRef.sentinel(master: name, runID: sentinel.name)
            if now - sentinel.lastMasterDownReplyTime > self.timers.askPeriod * 5 {
                self.update(ref) {
                    $0.flags.remove(.masterDown)
                    $0.leader = nil
                }
            }
            guard master.instance.flags.contains(.sDown), let link = self.links[sentinel.link], !link.disconnected
            else { continue }
            if !forced && now - sentinel.lastMasterDownReplyTime < self.timers.askPeriod { continue }
            let runID = master.failoverState > .none ? self.myID : "*"
            self.send(
                sentinel.link,
                ["SENTINEL", "is-master-down-by-addr", address.host, String(address.port), String(self.currentEpoch), runID],
                tag: .isMasterDown(ref))
        }
    }

    /// SPEC §6.3 step 3.
    mutating func isMasterDownReplyReceived(_ value: RESPValue, ref: InstanceRef, now: Int64) {
        guard let parts = value.elements, parts.count == 3, case .integer(let down) = parts[0],
            case .bulkString(let leader) = parts[1], case .integer(let leaderEpoch) = parts[2]
        else { return }
        let previousEpoch = self.instance(ref)?.leaderEpoch
        self.update(ref) {
            $0.lastMasterDownReplyTime = now
            if down == 1 { $0.flags.insert(.masterDown) } else { $0.flags.remove(.masterDown) }
            if leader != "*" {
                $0.leader = leader
                $0.leaderEpoch = UInt64(clamping: leaderEpoch)
            }
        }
        if leader != "*", let previousEpoch, previousEpoch != UInt64(clamping: leaderEpoch),
            case .sentinel(_, let runID) = ref
        {
            self.log(.notice, "\(runID) voted for \(leader) \(leaderEpoch)")
        }
    }
}
