/// Fencing an isolated master (beyond Redis, DESIGN.md "Fencing"): what the sentinel measures for
/// `Fence` on every tick, and how it carries out the fence's actions.
extension Sentinel {
    /// The fencing rule's part of the tick for the master in `slot` (not in TILT).
    mutating func checkFence(_ name: String, slot: Int, now: Int64) {
        if self.primaries[slot: slot]?.formerFence != nil { self.checkFormerPrimaryFence(name, now: now) }
        // Most masters have no peers and no fence: nothing to measure, nothing copied.
        guard let fence = self.primaries[slot: slot]?.fence,
            fence.state != .idle || self.primaries[slot: slot]?.sentinels.isEmpty == false
        else { return }
        guard let observation = self.fenceObservation(slot: slot, now: now) else { return }
        guard let actions = self.primaries[name]?.fence.evaluated(observation, now: now) else { return }
        self.perform(actions, fenceOf: name)
    }

    /// What `Fence` looks at, measured now; nil when the master is gone.
    func fenceObservation(slot: Int, now: Int64) -> FenceObservation? {
        guard let primary = self.primaries[slot: slot] else { return nil }
        let instance = primary.instance
        let answering = self.links.timers(instance.link).map { link in
            link.commandOpen && now - link.lastAvailTime <= self.silenceLimit(downAfter: instance.downAfter)
        }
        var reachable = 1
        for index in primary.sentinels.indices where self.isReachable(primary.sentinels[index], now: now) {
            reachable += 1
        }
        return FenceObservation(
            enabled: primary.settings.fenceIsolatedPrimary,
            primaryReachable: answering == true && instance.flags.contains(.primary)
                && !instance.flags.contains(.sDown) && instance.roleReported == .primary
                && now - instance.infoRefresh <= Fence.freshInfo,
            converted: instance.roleReported == .replica,
            voters: primary.sentinels.count + 1,
            reachableSentinels: reachable,
            knowsReplicas: !primary.replicas.isEmpty,
            replicasListed: primary.replicasListed,
            replicasInSync: primary.replicasInSync,
            infoTime: instance.infoRefresh)
    }

    /// A peer counts as reachable while it is not SDOWN, its link is connected, and it answered a
    /// PING within one ping period plus half down-after: a PING goes out one ping period after the
    /// last reply, and Redis gives up on an unanswered one after half down-after (it closes the
    /// link then, `checkSubjectivelyDown`). At down-after 1000 a peer cut off at P is unreachable
    /// by P + 1.5 s at the latest; SDOWN alone would take up to P + 2 s.
    func isReachable(_ sentinel: borrowing Instance, now: Int64) -> Bool {
        guard !sentinel.flags.contains(.sDown), let link = self.links.timers(sentinel.link), !link.disconnected else {
            return false
        }
        return now - link.lastAvailTime <= self.silenceLimit(downAfter: sentinel.downAfter)
    }

    /// How long an instance may go without a valid PING reply and still count as answering:
    /// one ping period plus half down-after.
    func silenceLimit(downAfter: Int64) -> Int64 {
        min(downAfter, self.timers.pingPeriod).addingSaturated(downAfter / 2)
    }

    /// Carries out the fence's actions for a master (or, `ref`, for its old master after a
    /// switch).
    mutating func perform(_ actions: [Fence.Action], fenceOf name: String, ref: InstanceRef? = nil) {
        let ref = ref ?? .primary(name)
        guard let link = self.read(ref, { $0.link }) else { return }
        for action in actions {
            switch action {
            case .pause:
                self.send(link, ["CLIENT", "PAUSE", String(Fence.pauseTimeout), "WRITE"], tag: .fencePause(ref))
            case .unpause:
                self.send(link, ["CLIENT", "UNPAUSE"], tag: .ignore)
            case .raised(let seen):
                self.emit(.fenceRaised, ref) {
                    .fenceRaised(
                        $0, reachableSentinels: seen.reachableSentinels, sentinels: seen.voters,
                        replicasInSync: seen.replicasInSync, replicas: seen.replicasListed)
                }
            case .lifted(let reason):
                self.emit(.fenceLifted, ref) { .fenceLifted($0, reason: reason.rawValue) }
            case .askPeers:
                self.askPeersWhereThePrimaryIs(name)
            }
        }
    }

    /// The master answered `CLIENT PAUSE` with an error: logged once, and the master is not fenced
    /// again until SENTINEL SET of the option or RESET. An old master fenced across a switch
    /// that refuses it is left alone (`#refused`).
    mutating func fencePauseRefused(_ ref: InstanceRef, error: String) {
        let name = ref.primaryName
        if case .replica(_, let replica) = ref {
            guard self.primaries[name]?.formerFence?.replica == replica else { return }
            self.primaries[name]?.formerFence = nil
            self.log(.warning, "Replica \(replica) of \(name) refused CLIENT PAUSE (\(error)): it will not be fenced")
            self.perform([.lifted(.refused)], fenceOf: name, ref: ref)
            return
        }
        guard let refused = self.primaries[name]?.fence.refused, !refused,
            let actions = self.primaries[name]?.fence.pauseRefused()
        else { return }
        self.log(.warning, "Master \(name) refused CLIENT PAUSE (\(error)): it will not be fenced")
        self.perform(actions, fenceOf: name)
    }

    /// The master record is reset: its fence is forgotten (no UNPAUSE: the pause runs out by
    /// itself, `Fence.pauseTimeout` after the last one sent), and so is a fence carried over a
    /// switch.
    mutating func forgetFence(_ name: String, _ reason: Fence.LiftReason) {
        if let former = self.primaries[name]?.formerFence {
            self.primaries[name]?.formerFence = nil
            self.perform([.lifted(reason)], fenceOf: name, ref: .replica(primary: name, name: former.replica))
        }
        guard let actions = self.primaries[name]?.fence.forgotten(reason) else { return }
        self.perform(actions, fenceOf: name)
        self.primaries[name]?.replicasListed = 0
        self.primaries[name]?.replicasInSync = 0
    }

    /// The master is switched (SPEC §8.7): a fenced master stays fenced as the replica record it
    /// becomes (`old`, its `ip:port`) until it reports `role:slave`; returns that carried fence
    /// for the caller to store once the record is reset. Any earlier carried fence is dropped
    /// (its pause runs out).
    mutating func carryFenceOver(_ name: String, to old: String, now: Int64) -> FormerPrimaryFence? {
        self.primaries[name]?.formerFence = nil
        guard let lastPause = self.primaries[name]?.fence.lastPause else { return nil }
        self.primaries[name]?.fence = Fence()
        return FormerPrimaryFence(replica: old, since: now, lastPause: lastPause)
    }

    /// A fence carried over a switch, on one tick.
    mutating func checkFormerPrimaryFence(_ name: String, now: Int64) {
        guard var former = self.primaries[name]?.formerFence,
            let enabled = self.primaries[name]?.settings.fenceIsolatedPrimary,
            let limit = self.primaries[name]?.settings.failoverTimeout
        else { return }
        let ref = InstanceRef.replica(primary: name, name: former.replica)
        guard
            let (timers, link) = self.read(ref, { ($0.timers, $0.link) }),
            let linkTimers = self.links.timers(link)
        else {
            self.primaries[name]?.formerFence = nil  // the record is gone (a reset, a new switch)
            return
        }
        let converted = timers.roleReported == .replica && timers.infoRefresh > former.since
        let reachable =
            linkTimers.commandOpen && !timers.flags.contains(.sDown)
            && now - linkTimers.lastAvailTime <= self.silenceLimit(downAfter: timers.downAfter)
        let step = former.evaluated(
            converted: converted, reachable: reachable, enabled: enabled, limit: limit, now: now)
        self.primaries[name]?.formerFence = step.done ? nil : former
        self.perform(step.actions, fenceOf: name, ref: ref)
    }

    /// The majority is back while the master is fenced: every reachable peer is asked where the
    /// master is (a standard command: redis-sentinels answer it too), so the fence is lifted as
    /// soon as a majority confirms it, before the peers' own hellos, held by the pause on the
    /// master, stall their links long enough for them to find the master down.
    mutating func askPeersWhereThePrimaryIs(_ name: String) {
        guard let sentinels = self.primaries[name]?.sentinels else { return }
        for index in sentinels.indices
        where !sentinels[index].flags.contains(.sDown)
            && self.links.timers(sentinels[index].link)?.disconnected == false
        {
            let ref = InstanceRef.sentinel(primary: name, runID: sentinels[index].name)
            self.send(sentinels[index].link, ["SENTINEL", "get-master-addr-by-name", name], tag: .fenceAsk(ref))
        }
    }

    /// A peer's `[host, port]` for the fenced master (anything else is no answer).
    mutating func fenceAskAnswered(_ value: RESPValue, from ref: InstanceRef) {
        guard case .sentinel(let name, let runID) = ref, let parts = value.elements, parts.count == 2,
            case .bulkString(let host) = parts[0], case .bulkString(let port) = parts[1],
            let address = self.primaries[name]?.instance.address, let voters = self.primaries[name]?.sentinels.count
        else { return }
        let agrees =
            port == String(address.port)
            && (host.caseInsensitiveEquals(address.host) || host.caseInsensitiveEquals(address.ip)
                || host.caseInsensitiveEquals(self.announced(address)))
        let majority = (voters + 1) / 2 + 1
        guard let actions = self.primaries[name]?.fence.peerAnswered(runID, agrees: agrees, majority: majority)
        else { return }
        self.perform(actions, fenceOf: name)
    }

    /// The counts of the master's INFO that fencing reads.
    mutating func replicaSyncReceived(_ name: String, _ sync: [ReplicaSync]) {
        let inSync = sync.count { $0.isInSync(maxLag: Fence.maxInSyncLag) }
        self.updatePrimary(name) {
            $0.replicasListed = sync.count
            $0.replicasInSync = inSync
        }
    }

    /// The master's INFO is polled every `Fence.pollPeriod` while fencing watches it.
    func fenceWatches(slot: Int) -> Bool {
        guard let fence = self.primaries[slot: slot]?.fence else { return false }
        return fence.watching || fence.state != .idle
    }

    /// No hello is published on a master whose writes we pause (fenced, an old master fenced
    /// after a switch, or paused by a coordinated failover): `PUBLISH` is a write for
    /// `CLIENT PAUSE WRITE` (Redis 7.0 flags it may-replicate), so it would hold every later
    /// command on the link, the pause's renewal and the demotion or conversion to replica
    /// included, until the pause ran out.
    func hellosHeld(_ ref: InstanceRef, slot: Int) -> Bool {
        switch ref {
        case .primary(let name):
            (self.primaries[slot: slot]?.fence.isFenced ?? false) || self.pausesWrites(of: name)
        case .replica(_, let name): self.isFormerPrimaryFenced(name, slot: slot)
        case .sentinel: false
        }
    }

    /// The replica `name` is the old master, still fenced after a switch.
    func isFormerPrimaryFenced(_ name: String, slot: Int) -> Bool {
        self.primaries[slot: slot]?.formerFence.map { $0.replica == name } ?? false
    }
}
