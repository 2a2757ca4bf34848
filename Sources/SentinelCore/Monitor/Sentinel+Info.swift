/// INFO replies (SPEC §5.5) and the rules they drive (SPEC §8.5, §9).
extension Sentinel {
    mutating func infoReceived(_ text: String, ref: InstanceRef, now: Int64) {
        guard let before = self.instance(ref) else { return }
        let info = InfoReply.parse(text)
        var rebooted = false
        var newReplicas: [InstanceAddress] = []
        self.update(ref) { instance in
            instance.infoCache = text
            instance.masterLinkDownTime = info.masterLinkDownTime
            if let runID = info.runID, instance.runID != runID {
                rebooted = instance.runID != nil
                instance.runID = runID
            }
            if instance.flags.contains(.master) { newReplicas = info.replicas }
            if info.role == .slave {
                if let host = info.masterHost,
                    instance.slaveMasterHost.map({ !$0.caseInsensitiveEquals(host) }) ?? true
                {
                    instance.slaveMasterHost = host
                    instance.slaveConfChangeTime = now
                }
                if let port = info.masterPort, port != instance.slaveMasterPort {
                    instance.slaveMasterPort = port
                    instance.slaveConfChangeTime = now
                }
                if let up = info.masterLinkUp { instance.masterLinkUp = up }
                if let priority = info.replicaPriority { instance.slavePriority = priority }
                if let offset = info.replicaReplOffset { instance.slaveReplOffset = offset }
                if let announced = info.replicaAnnounced { instance.replicaAnnounced = announced }
            }
            instance.infoRefresh = now
        }
        if rebooted {
            self.emit(.reboot, ref)
            if case .master(let name) = ref, let period = self.masters[name]?.settings.masterRebootDownAfterPeriod,
                period != 0
            {
                self.update(ref) {
                    $0.flags.insert(.masterReboot)
                    $0.masterRebootSinceTime = now
                }
            }
        }
        for address in newReplicas where PeerInput.isPort(address.port) && PeerInput.isHost(address.host) {
            if self.createReplica(master: ref.masterName, address: address, now: now) {
                self.emit(.replica, .replica(master: ref.masterName, name: address.description))
                self.actions.append(.flushConfigLater)
            }
        }

        // The acting half: role bookkeeping happens even in TILT, nothing else does.
        if let role = info.role, role != before.roleReported {
            self.update(ref) {
                $0.roleReportedTime = now
                $0.roleReported = role
                if role == .slave { $0.slaveConfChangeTime = now }
            }
            let coherent =
                (before.flags.contains(.master) && role == .master)
                || (before.flags.contains(.slave) && role == .slave)
            self.emit(coherent ? .roleChange : .roleChangeIncoherent, ref) { .roleReported($0, role: role.name) }
        }
        guard !self.tilt, case .replica(let masterName, _) = ref, let instance = self.instance(ref),
            let master = self.masters[masterName]
        else { return }
        if info.role == .master {
            if instance.flags.contains(.promoted), master.instance.flags.contains(.failoverInProgress),
                case .waitingForPromotion = master.failover
            {
                self.promotionObserved(ref, now: now)
            } else {
                // SPEC §9: a replica that claims to be master is turned back, after a grace period.
                let wait = self.timers.publishPeriod.multipliedSaturated(by: 4)
                if !instance.flags.contains(.promoted), self.masterLooksSane(master, now: now),
                    self.noDown(instance, for: wait, now: now), now - instance.roleReportedTime > wait
                {
                    if self.sendSlaveOf(ref, to: master.instance.address, now: now) {
                        self.emit(.convertToReplica, ref)
                    }
                }
            }
        }
        if info.role == .slave,
            instance.slaveMasterPort != master.instance.address.port
                || !(instance.slaveMasterHost.map { $0.caseInsensitiveEquals(master.instance.address.host) } ?? false)
        {
            // SPEC §9: a replica replicating from the wrong master is repointed.
            let wait = master.settings.failoverTimeout
            if self.masterLooksSane(master, now: now), self.noDown(instance, for: wait, now: now),
                now - instance.slaveConfChangeTime > wait
            {
                if self.sendSlaveOf(ref, to: master.instance.address, now: now) {
                    self.emit(.fixReplicaConfig, ref)
                }
            }
        }
        self.reconfigurationProgress(ref, info: info, now: now)
    }

    /// SPEC §9: flagged master, reports master, not down, INFO younger than 2 × info-period.
    func masterLooksSane(_ master: Master, now: Int64) -> Bool {
        let instance = master.instance
        return instance.flags.contains(.master) && instance.roleReported == .master
            && instance.flags.isDisjoint(with: [.sDown, .oDown])
            && now - instance.infoRefresh < self.timers.infoPeriod.multipliedSaturated(by: 2)
    }

    /// True when the instance's last SDOWN/ODOWN started more than `period` ago, or never.
    func noDown(_ instance: Instance, for period: Int64, now: Int64) -> Bool {
        let mostRecent = max(instance.sDownSinceTime, instance.oDownSinceTime)
        return mostRecent == 0 || now - mostRecent > period
    }

    /// The transaction of SPEC §8.4: `SLAVEOF` (or `SLAVEOF NO ONE` when `address` is nil),
    /// `CONFIG REWRITE`, and the two `CLIENT KILL`s that make clients ask again.
    @discardableResult
    mutating func sendSlaveOf(_ ref: InstanceRef, to address: InstanceAddress?, now: Int64) -> Bool {
        guard let instance = self.instance(ref), let link = self.links[instance.link], link.commandOpen else {
            return false
        }
        let slaveOf = address.map { ["SLAVEOF", $0.host, String($0.port)] } ?? ["SLAVEOF", "NO", "ONE"]
        for command in [
            ["MULTI"], slaveOf, ["CONFIG", "REWRITE"], ["CLIENT", "KILL", "TYPE", "normal"],
            ["CLIENT", "KILL", "TYPE", "pubsub"], ["EXEC"],
        ] {
            self.send(instance.link, command, tag: .ignore)
        }
        return true
    }
}
