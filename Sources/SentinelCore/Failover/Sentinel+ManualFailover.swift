/// `SENTINEL FAILOVER` (SPEC §8.9) and what swift-sentinel adds to it (issue 11 §2, §4): the old
/// master demoted as soon as the promotion is acknowledged, the COORDINATED failover that pauses
/// the master's writes until the chosen replica has them all, and the loss estimate.
extension Sentinel {
    /// SPEC §8.9 `SENTINEL FAILOVER <master> [COORDINATED]`. COORDINATED needs the master: it
    /// is the one whose writes are paused.
    mutating func forcedFailover(
        _ name: String, coordinated: Bool, now: Int64, random: inout some RandomNumberGenerator
    ) -> CommandReply {
        guard let primary = self.primaries[name] else { return .error(.noSuchPrimary) }
        if primary.instance.flags.contains(.failoverInProgress) {
            return .error(.failoverInProgress)
        }
        if self.selectReplica(name, now: now) == nil {
            return .error(.noGoodReplica)
        }
        if coordinated {
            let linkUp = self.links[primary.instance.link].map { $0.commandOpen && !$0.disconnected } ?? false
            guard linkUp, primary.instance.flags.isDisjoint(with: [.sDown, .oDown]) else {
                return .error(.primaryUnreachable)
            }
        }
        self.log(.warning, "Executing user requested \(coordinated ? "COORDINATED " : "")FAILOVER of '\(name)'")
        self.startFailover(name, now: now, random: &random)
        self.primaries[name]?.instance.flags.insert(.forceFailover)
        _ = self.updatePrimary(name) { $0.failoverKind = coordinated ? .coordinated : .forced }
        return .reply(.ok)
    }

    /// The `CLIENT PAUSE` of a coordinated failover: an error means the master does not pause
    /// (Redis before 6.2, a renamed or forbidden command), so nothing can be relied on.
    mutating func writesPauseReplied(_ value: RESPValue, primary name: String, now: Int64) {
        guard value.isError else { return }
        self.moveFailover(name, now: now) { $0.writesPaused(offset: nil, now: now) }
    }

    /// The `INFO replication` sent after the pause: the offset every acknowledged write is under.
    mutating func pausedOffsetReplied(_ value: RESPValue, primary name: String, now: Int64) {
        guard case .bulkString(let text) = value else {
            return self.moveFailover(name, now: now) { $0.writesPaused(offset: nil, now: now) }
        }
        let offset = self.infoReceived(text, ref: .primary(name), now: now)?.primaryReplOffset
        self.moveFailover(name, now: now) { $0.writesPaused(offset: offset, now: now) }
    }

    /// COORDINATED: the chosen replica's offset against the paused master's, after each of its
    /// INFO replies and on each tick (for the timeout).
    mutating func checkCoordinatedSync(_ name: String, now: Int64) {
        guard let primary = self.primaries[name], let replica = primary.failover.replica, primary.failover.pausesWrites
        else { return }
        let offset = primary.replicas.instance(named: replica)?.replicaReplOffset ?? 0
        let timeout = Self.syncTimeout(primary.settings)
        self.moveFailover(name, now: now) { $0.syncChecked(replicaOffset: offset, timeout: timeout, now: now) }
    }

    /// How long a coordinated failover keeps the master's writes paused for the replica to
    /// catch up: the failover timeout, but at most half of down-after. A paused master holds
    /// every PUBLISH, so the other sentinels' hellos, and the PINGs queued behind them, wait
    /// too: a longer pause would make them find the master down and start a failover of
    /// their own. On loopback the replica has everything within milliseconds.
    static func syncTimeout(_ settings: PrimarySettings) -> Int64 {
        min(settings.failoverTimeout, settings.downAfter / 2)
    }

    /// Whether this sentinel holds the master's writes paused for a coordinated failover: it
    /// sends no hello there then (`hellosHeld`).
    func pausesWrites(of name: String) -> Bool {
        self.primaries[name]?.failover.pausesWrites ?? false
    }

    /// The EXEC of the promotion transaction: an array whose first reply (SLAVEOF NO ONE) is
    /// not an error means the replica is a master now.
    mutating func promotionReplied(_ value: RESPValue, ref: InstanceRef, now: Int64) {
        guard case .replica(let name, let replica) = ref, let primary = self.primaries[name],
            primary.failover.replica == replica
        else { return }
        var ok = false
        if case .array(let replies) = value, let first = replies.first { ok = !first.isError }
        let kind = primary.failoverKind
        self.moveFailover(name, now: now) { $0.promotionAcknowledged(ok: ok, kind: kind) }
    }

    /// The old master becomes a replica of the promoted one, announced as Redis announces the
    /// conversion of a returning old master (`+convert-to-slave`, SPEC §9), which it is, early.
    mutating func demoteOldPrimary(_ name: String, promoted: String, now: Int64) {
        guard let primary = self.primaries[name], let target = primary.replicas.instance(named: promoted)?.address,
            self.sendReplicaOf(.primary(name), to: target, now: now)
        else { return }
        let old = self.announcedAddress(primary.instance.address)
        let instance = EventInstance(
            kind: .replica, name: old.description, address: old, primary: name,
            primaryAddress: self.announcedAddress(target))
        self.emit(.convertToReplica, .instance(instance), primary: name)
    }

    /// `CLIENT UNPAUSE` to the master of a coordinated failover: after the demotion, or when it
    /// is aborted (the pause would otherwise last until its own timeout).
    mutating func unpauseWrites(_ name: String) {
        guard let link = self.primaries[name]?.instance.link, self.links[link]?.commandOpen == true else { return }
        self.send(link, ["CLIENT", "UNPAUSE"], tag: .ignore)
        self.emit(.unpausePrimary, primary: name)
    }

    /// `CLIENT PAUSE <sync timeout> WRITE` then `INFO replication`: the pause ends by itself
    /// when the wait for the replica would be aborted anyway, even if this sentinel crashed.
    /// Without a command link the failover cannot be coordinated: it is aborted.
    mutating func pauseWrites(_ name: String, now: Int64) {
        guard let primary = self.primaries[name], self.links[primary.instance.link]?.commandOpen == true else {
            return self.moveFailover(name, now: now) { $0.writesPaused(offset: nil, now: now) }
        }
        let timeout = String(max(1, Self.syncTimeout(primary.settings)))
        self.send(primary.instance.link, ["CLIENT", "PAUSE", timeout, "WRITE"], tag: .writesPause(.primary(name)))
        self.send(primary.instance.link, ["INFO", "replication"], tag: .pausedOffset(.primary(name)))
    }

    /// `+failover-loss-estimate`: the master's last known offset against the promoted replica's
    /// last one as a replica. An estimate from the last INFOs (the master's is at most an INFO
    /// period old, 1 s during a failover): what the master took after its last INFO is not in it.
    mutating func estimateLoss(_ name: String, promoted: String) {
        guard let primary = self.primaries[name], let replica = primary.replicas.instance(named: promoted) else {
            return
        }
        let primaryOffset = primary.lastKnownOffset
        let replicaOffset = replica.replicaReplOffset
        self.emit(.failoverLossEstimate, .replica(primary: name, name: promoted)) {
            .lossEstimate($0, primaryOffset: primaryOffset, replicaOffset: replicaOffset)
        }
    }
}
