/// Fencing an isolated master (beyond Redis, DESIGN.md "Fencing"): what the sentinel measures for
/// `Fence` on every tick, and how it carries out the fence's actions.
extension Sentinel {
    /// The fencing rule's part of the tick for the master in `slot` (not in TILT).
    mutating func checkFence(_ name: String, slot: Int, now: Int64) {
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
            replicasInSync: primary.replicasInSync)
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

    /// Carries out the fence's actions for a master.
    mutating func perform(_ actions: [Fence.Action], fenceOf name: String) {
        guard let link = self.primaries[name]?.instance.link else { return }
        for action in actions {
            switch action {
            case .pause:
                self.send(link, ["CLIENT", "PAUSE", String(Fence.pauseTimeout), "WRITE"], tag: .fencePause(name))
            case .unpause:
                self.send(link, ["CLIENT", "UNPAUSE"], tag: .ignore)
            case .raised(let seen):
                self.emit(.fenceRaised, .primary(name)) {
                    .fenceRaised(
                        $0, reachableSentinels: seen.reachableSentinels, sentinels: seen.voters,
                        replicasInSync: seen.replicasInSync, replicas: seen.replicasListed)
                }
            case .lifted(let reason):
                self.emit(.fenceLifted, .primary(name)) { .fenceLifted($0, reason: reason.rawValue) }
            }
        }
    }

    /// The master answered `CLIENT PAUSE` with an error: logged once, and the master is not fenced
    /// again until SENTINEL SET of the option or RESET.
    mutating func fencePauseRefused(_ name: String, error: String) {
        guard let refused = self.primaries[name]?.fence.refused, !refused,
            let actions = self.primaries[name]?.fence.pauseRefused()
        else { return }
        self.log(.warning, "Master \(name) refused CLIENT PAUSE (\(error)): it will not be fenced")
        self.perform(actions, fenceOf: name)
    }

    /// The master record is switched or reset: its fence is forgotten (no UNPAUSE: the old
    /// master's pause runs out by itself, `Fence.pauseTimeout` after the last one sent).
    mutating func forgetFence(_ name: String, _ reason: Fence.LiftReason) {
        guard let actions = self.primaries[name]?.fence.forgotten(reason) else { return }
        self.perform(actions, fenceOf: name)
        self.primaries[name]?.replicasListed = 0
        self.primaries[name]?.replicasInSync = 0
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

    /// No hello is published on a fenced master: `PUBLISH` is a write for `CLIENT PAUSE WRITE`
    /// (Redis 7.0 flags it may-replicate), so it would hold every later command on the link,
    /// the pause's renewal included, until the pause ran out.
    func fenceHoldsHellos(slot: Int) -> Bool {
        self.primaries[slot: slot]?.fence.isFenced ?? false
    }
}
