/// INFO replies (SPEC §5.5) and the rules they drive (SPEC §8.5, §9).
extension Sentinel {
    @discardableResult
    mutating func infoReceived(_ text: String, ref: InstanceRef, now: Int64) -> InfoReply? {
        guard let before = self.instance(ref) else { return nil }
        let info = InfoReply.parse(text)
        var rebooted = false
        var newReplicas: [InstanceAddress] = []
        self.update(ref) { instance in
            instance.infoCache = text
            instance.primaryLinkDownTime = info.primaryLinkDownTime
            if let runID = info.runID, instance.runID != runID {
                rebooted = instance.runID != nil
                instance.runID = runID
            }
            if instance.flags.contains(.primary) { newReplicas = info.replicas }
            if info.role == .replica {
                if let host = info.primaryHost,
                    instance.replicaPrimaryHost.map({ !$0.caseInsensitiveEquals(host) }) ?? true
                {
                    instance.replicaPrimaryHost = host
                    instance.replicaConfChangeTime = now
                }
                if let port = info.primaryPort, port != instance.replicaPrimaryPort {
                    instance.replicaPrimaryPort = port
                    instance.replicaConfChangeTime = now
                }
                if let up = info.primaryLinkUp { instance.primaryLinkUp = up }
                if let priority = info.replicaPriority { instance.replicaPriority = priority }
                if let offset = info.replicaReplOffset { instance.replicaReplOffset = offset }
                if let announced = info.replicaAnnounced { instance.replicaAnnounced = announced }
            }
            instance.infoRefresh = now
        }
        if case .primary(let name) = ref, info.role == .primary, let offset = info.primaryReplOffset {
            self.updatePrimary(name) { $0.lastKnownOffset = offset }
        }
        if case .primary(let name) = ref, before.flags.contains(.primary) {
            self.replicaSyncReceived(name, info.replicaSync)
        }
        if rebooted {
            self.emit(.reboot, ref)
            if case .primary(let name) = ref, let period = self.primaries[name]?.settings.primaryRebootDownAfterPeriod,
                period != 0
            {
                self.update(ref) {
                    $0.flags.insert(.primaryReboot)
                    $0.primaryRebootSinceTime = now
                }
            }
        }
        for address in newReplicas where PeerInput.isPort(address.port) && PeerInput.isHost(address.host) {
            if self.createReplica(primary: ref.primaryName, address: address, now: now) {
                self.emit(.replica, .replica(primary: ref.primaryName, name: address.description))
                self.actions.append(.flushConfigLater)
            }
        }

        // The acting half: role bookkeeping happens even in TILT, nothing else does.
        if let role = info.role, role != before.roleReported {
            self.update(ref) {
                $0.roleReportedTime = now
                $0.roleReported = role
                if role == .replica { $0.replicaConfChangeTime = now }
            }
            let coherent =
                (before.flags.contains(.primary) && role == .primary)
                || (before.flags.contains(.replica) && role == .replica)
            self.emit(coherent ? .roleChange : .roleChangeIncoherent, ref) { .roleReported($0, role: role.name) }
        }
        guard !self.tilt, case .replica(let primaryName, _) = ref, let instance = self.instance(ref),
            let primary = self.primaries[primaryName]
        else { return info }
        if info.role == .primary {
            if instance.flags.contains(.promoted), primary.instance.flags.contains(.failoverInProgress),
                case .waitingForPromotion = primary.failover
            {
                self.promotionObserved(ref, now: now)
            } else {
                // SPEC §9: a replica that claims to be master is turned back, after a grace period.
                let wait = self.timers.publishPeriod.multipliedSaturated(by: 4)
                if !instance.flags.contains(.promoted), self.primaryLooksSane(primary, now: now),
                    self.noDown(instance, for: wait, now: now), now - instance.roleReportedTime > wait
                {
                    if self.sendReplicaOf(ref, to: primary.instance.address, now: now) {
                        self.emit(.convertToReplica, ref)
                    }
                }
            }
        }
        if info.role == .replica,
            instance.replicaPrimaryPort != primary.instance.address.port
                || !(instance.replicaPrimaryHost.map { $0.caseInsensitiveEquals(primary.instance.address.host) }
                    ?? false)
        {
            // SPEC §9: a replica replicating from the wrong master is repointed.
            let wait = primary.settings.failoverTimeout
            if self.primaryLooksSane(primary, now: now), self.noDown(instance, for: wait, now: now),
                now - instance.replicaConfChangeTime > wait
            {
                if self.sendReplicaOf(ref, to: primary.instance.address, now: now) {
                    self.emit(.fixReplicaConfig, ref)
                }
            }
        }
        self.reconfigurationProgress(ref, info: info, now: now)
        if instance.flags.contains(.promoted) { self.checkCoordinatedSync(primaryName, now: now) }
        return info
    }

    /// SPEC §9: flagged master, reports master, not down, INFO younger than 2 × info-period.
    func primaryLooksSane(_ primary: Primary, now: Int64) -> Bool {
        let instance = primary.instance
        return instance.flags.contains(.primary) && instance.roleReported == .primary
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
    /// `execTag` is the EXEC's reply tag: the replies of the rest are ignored. `alone` puts the
    /// SLAVEOF in a transaction of its own, followed by a second one with the rest: its EXEC
    /// then answers as soon as the role changed, not after CONFIG REWRITE's fsync (hundreds of
    /// milliseconds on a busy disk), and a manual failover demotes the old master on that
    /// answer (issue 11 §2).
    mutating func sendReplicaOf(
        _ ref: InstanceRef, to address: InstanceAddress?, now: Int64, execTag: ReplyTag = .ignore, alone: Bool = false
    ) -> Bool {
        guard let instance = self.instance(ref), let link = self.links[instance.link], link.commandOpen else {
            return false
        }
        let replicaOf = address.map { ["SLAVEOF", $0.host, String($0.port)] } ?? ["SLAVEOF", "NO", "ONE"]
        let rest = [
            ["CONFIG", "REWRITE"], ["CLIENT", "KILL", "TYPE", "normal"], ["CLIENT", "KILL", "TYPE", "pubsub"],
        ]
        let transactions = alone ? [([replicaOf], execTag), (rest, .ignore)] : [([replicaOf] + rest, execTag)]
        for (commands, tag) in transactions {
            for command in [["MULTI"]] + commands { self.send(instance.link, command, tag: .ignore) }
            self.send(instance.link, ["EXEC"], tag: tag)
        }
        return true
    }
}
