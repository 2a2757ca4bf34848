/// Hello gossip on `__sentinel__:hello` (SPEC §5.6, §5.7).
extension Sentinel {
    /// The port announced in hellos (SPEC §5.6).
    var announcedPort: Int {
        if self.settings.announcePort != 0 { return self.settings.announcePort }
        if self.server.tlsReplication && self.server.tlsPort != 0 { return self.server.tlsPort }
        return self.server.port
    }

    /// SPEC §5.6: one hello about the instance's master, to the instance.
    mutating func sendHello(_ ref: InstanceRef, now: Int64) {
        guard let id = self.read(ref, { $0.link }), let link = self.links[id], !link.disconnected,
            let configEpoch = self.primaries[ref.primaryName]?.settings.configEpoch,
            let address = self.currentAddress(ofPrimary: ref.primaryName)
        else { return }
        let announceIP: String
        if let ip = self.settings.announceIP, !ip.isEmpty {
            announceIP = ip
        } else if let local = link.localIP {
            announceIP = local
        } else {
            return  // Redis cannot read the socket's name either: retry on the next tick.
        }
        let hello = HelloMessage(
            sentinelHost: announceIP, sentinelPort: self.announcedPort, runID: self.myID,
            currentEpoch: self.currentEpoch, primaryName: ref.primaryName, primaryHost: self.announced(address),
            primaryPort: address.port, primaryConfigEpoch: configEpoch)
        self.send(id, ["PUBLISH", RedisCompatibility.helloChannel, hello.payload], tag: .hello(ref))
    }

    /// A hello from a pub/sub link or from `PUBLISH` on the query port (SPEC §5.7).
    public mutating func helloReceived(_ payload: String, now: Int64) {
        guard let hello = HelloMessage(payload: payload), hello.hasValidPeerFields,
            self.primaries[hello.primaryName] != nil
        else { return }
        let name = hello.primaryName
        let address = InstanceAddress(host: hello.sentinelHost, port: hello.sentinelPort)
        var known = self.primaries[name]?.sentinels.instance(named: hello.runID)?.address == address
        if !known {
            let removed = self.removeSentinels(runID: hello.runID, from: name)
            if removed > 0 {
                self.emit(.sentinelAddressSwitch, .primary(name)) {
                    .sentinelAddressSwitch($0, host: hello.sentinelHost, port: hello.sentinelPort, runID: hello.runID)
                }
            } else if let index = self.primaries[name]?.sentinels.index(at: address),
                let obsolete = self.primaries[name]?.sentinels[index].name
            {
                // SPEC §5.7: the address now belongs to another runid; drop the old one everywhere.
                self.emit(.sentinelInvalidAddress, .sentinel(primary: name, runID: obsolete))
                for primaryName in self.primaryOrder { self.removeSentinels(runID: obsolete, from: primaryName) }
            }
            if self.createSentinel(primary: name, address: address, runID: hello.runID, now: now) {
                known = true
                if removed == 0 { self.emit(.sentinel, .sentinel(primary: name, runID: hello.runID)) }
                if removed > 0 { self.updateSentinelAddressInAllPrimaries(runID: hello.runID, from: name) }
                self.actions.append(.flushConfigLater)
            }
        }
        if hello.currentEpoch > self.currentEpoch {
            self.currentEpoch = hello.currentEpoch
            self.actions.append(.flushConfigLater)
            self.emit(.newEpoch, .epoch(self.currentEpoch), primary: name)
        }
        guard known else { return }
        // Before `master` is copied out: updating the record while a copy is held would copy the
        // whole list of sentinels, on every hello.
        self.update(.sentinel(primary: name, runID: hello.runID)) { $0.lastHelloTime = now }
        guard let primary = self.primaries[name] else { return }
        if primary.settings.configEpoch < hello.primaryConfigEpoch {
            self.primaries[name]?.settings.configEpoch = hello.primaryConfigEpoch
            let old = primary.instance.address
            // Beyond Redis 7.0: a newer configuration supersedes a failover of ours still running.
            // Redis keeps going and, at its end, switches to its own replica while keeping the
            // newer epoch it adopted, so two groups of sentinels can hold different masters at the
            // same config epoch for ever (found by the simulation, seed 5404).
            if primary.failover.isRunning {
                self.log(
                    .warning,
                    "Failover of \(name) superseded by config epoch \(hello.primaryConfigEpoch) from \(hello.runID)")
                let target = InstanceAddress(host: hello.primaryHost, port: hello.primaryPort)
                let moved = hello.primaryPort != old.port || !self.address(old, matches: hello.primaryHost)
                if moved {
                    self.emit(.configUpdateFrom, .sentinel(primary: name, runID: hello.runID))
                    self.emitSwitchPrimary(name, from: old, toHost: hello.primaryHost, toPort: hello.primaryPort)
                }
                self.resetPrimaryAndChangeAddress(name, to: target, now: now)
                self.actions.append(.flushConfig)
                if moved { self.clientReconfigured(name, role: "observer", from: old, to: target) }
            } else if hello.primaryPort != old.port || !self.address(old, matches: hello.primaryHost) {
                self.emit(.configUpdateFrom, .sentinel(primary: name, runID: hello.runID))
                self.emitSwitchPrimary(name, from: old, toHost: hello.primaryHost, toPort: hello.primaryPort)
                let new = InstanceAddress(host: hello.primaryHost, port: hello.primaryPort)
                self.resetPrimaryAndChangeAddress(name, to: new, now: now)
                self.actions.append(.flushConfig)
                self.clientReconfigured(name, role: "observer", from: old, to: new)
            } else {
                // The same address: written at once all the same (Redis writes it with its next
                // save); a crash before that save took the epoch back (simulation, seed 9756).
                self.actions.append(.flushConfig)
            }
        }
    }

    /// Removes every sentinel of a master with this runid; returns how many.
    @discardableResult
    mutating func removeSentinels(runID: String, from name: String) -> Int {
        guard self.primaries[name]?.sentinels.index(of: runID) != nil,
            let matching = self.primaries[name]?.sentinels.removeAll(where: { $0.name == runID })
        else { return 0 }
        for sentinel in matching { self.releaseLink(sentinel.link) }
        return matching.count
    }

    /// After an address switch, every other master's record of that runid takes the new address
    /// and link (SPEC §5.7, `+sentinel-address-update`).
    mutating func updateSentinelAddressInAllPrimaries(runID: String, from name: String) {
        guard let source = self.primaries[name]?.sentinels.instance(named: runID) else { return }
        var updated = 0
        for other in self.primaryOrder where other != name {
            guard let index = self.primaries[other]?.sentinels.index(of: runID),
                let oldLink = self.primaries[other]?.sentinels[index].link, oldLink != source.link
            else { continue }
            self.releaseLink(oldLink)
            self.links[source.link]?.refcount += 1
            self.primaries[other]?.sentinels[index].address = source.address
            self.primaries[other]?.sentinels[index].link = source.link
            updated += 1
        }
        if updated > 0 {
            self.emit(.sentinelAddressUpdate, .sentinel(primary: name, runID: runID)) {
                .sentinelAddressUpdate($0, count: updated)
            }
        }
    }

    /// SPEC §8.7: the master moves to `address`; its replicas (and the old master) are re-created
    /// as replicas of the new address; sentinels are kept. The caller asks for the flush.
    mutating func resetPrimaryAndChangeAddress(_ name: String, to address: InstanceAddress, now: Int64) {
        let address = self.resolved(address)
        guard let primary = self.primaries[name] else { return }
        var replicas = primary.replicas.map(\.address).filter { $0 != address }
        if primary.instance.address != address { replicas.append(primary.instance.address) }
        let carried = self.carryFenceOver(name, to: self.resolved(primary.instance.address).description, now: now)
        self.resetPrimary(name, keepSentinels: true, now: now)
        self.primaries[name]?.formerFence = carried
        self.primaries[name]?.instance.address = address
        self.primaries[name]?.settings.address = address
        self.primaries[name]?.instance.oDownSinceTime = 0
        self.primaries[name]?.instance.sDownSinceTime = 0
        self.links[primary.instance.link]?.address = address
        // The once-per-ping-period throttle was about the old address (not in Redis, which keeps
        // it): the new master is connected on the next tick. Otherwise, when the dead old master
        // was retried in the tick of the switch, the first connect came a ping period later and
        // that tick's SDOWN check, with down-after at one ping period, found the new master down
        // before its first PING could be answered (SwitchReconnectTests).
        self.links[primary.instance.link]?.lastReconnectTime = 0
        for replica in replicas where self.createReplica(primary: name, address: replica, now: now) {
            self.emit(.replica, .replica(primary: name, name: replica.description))
        }
    }

    /// SPEC §13.3 RESET (without the event): drops replicas (and sentinels unless kept), closes the
    /// links, clears flags, the vote and the failover state.
    mutating func resetPrimary(_ name: String, keepSentinels: Bool, now: Int64) {
        self.forgetFence(name, .reset)
        guard var primary = self.primaries[name] else { return }
        for replica in primary.replicas { self.releaseLink(replica.link) }
        primary.replicas.removeAll()
        if !keepSentinels {
            for sentinel in primary.sentinels { self.releaseLink(sentinel.link) }
            primary.sentinels.removeAll()
        }
        primary.instance.flags.formIntersection(.primary)
        primary.settings.leader = nil
        primary.failover = .idle
        primary.failoverKind = .automatic
        primary.failoverStartTime = 0
        primary.lastKnownOffset = 0
        primary.instance.runID = nil
        primary.instance.replicaPrimaryHost = nil
        primary.instance.roleReportedTime = now
        primary.instance.roleReported = .primary
        self.primaries[name] = primary
        let id = primary.instance.link
        self.closeConnection(id, .command)
        self.closeConnection(id, .pubsub)
        self.links[id]?.actPingTime = now
        self.links[id]?.lastPingTime = 0
        self.links[id]?.lastAvailTime = now
        self.links[id]?.lastPongTime = now
    }
}
