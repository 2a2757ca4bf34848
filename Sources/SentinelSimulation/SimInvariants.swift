import SentinelCore

/// The safety properties checked after every step (issue: deterministic simulation).
extension SimCluster {
    mutating func observe(_ event: SentinelEvent, sentinel i: Int) {
        guard let core = self.sentinels[i].core else { return }
        if !event.type.isEmpty {
            self.trace.append("\(self.clock) s\(i) \(event.type) \(event.message)")
        }
        if event.type == EventType.fenceRaised.name { self.fences += 1 }
        if event.type == EventType.switchPrimary.name { self.switches += 1 }
        guard let primary = core.status(of: self.primaryName) else { return }
        // SENTINEL FAILOVER acts without asking the others (SPEC §8.9): its "leader" was never
        // elected, so it may share an epoch with an elected one, as in Redis. The elected
        // leaders and their choices are still one per epoch; the forced failovers must converge.
        let forced = primary.flags.contains(.forceFailover)
        if event.type == EventType.selectedReplica.name, let replica = primary.promotedReplica?.description {
            let epoch = primary.failoverEpoch
            if forced { self.forcedEpochs.insert(epoch) }
            self.selectedIncludingForced[epoch, default: []].insert(replica)
            if self.forcedEpochs.contains(epoch) && self.selectedIncludingForced[epoch]!.count > 1 {
                self.forcedCollisions.insert(epoch)
            }
        }
        switch event.type {
        case EventType.electedLeader.name where !forced:
            let key = "\(self.primaryName)@\(primary.failoverEpoch)"
            self.leaders[key, default: []].insert(core.myID)
            if self.leaders[key]!.count > 1 {
                self.violate("two leaders in epoch \(primary.failoverEpoch): \(self.leaders[key]!.sorted())")
            }
        case EventType.selectedReplica.name where !forced:
            let key = "\(self.primaryName)@\(primary.failoverEpoch)"
            let replica = primary.promotedReplica.map(\.description) ?? "?"
            self.promoted[key, default: []].insert(replica)
            if self.promoted[key]!.count > 1 {
                self.violate("two replicas promoted in epoch \(primary.failoverEpoch): \(self.promoted[key]!.sorted())")
            }
            if let port = primary.promotedReplica?.port, let n = self.nodeIndex(port: port), self.nodes[n].priority == 0
            {
                self.violate("priority-0 replica \(replica) selected")
            }
        case EventType.odown.name:
            // The votes counted when ODOWN was decided.
            guard let count = event.quorum else {
                self.violate("s\(i) +odown without its count")
                break
            }
            if count.votes < count.quorum {
                self.violate("s\(i) ODOWN with \(count.votes) votes for quorum \(count.quorum)")
            }
        case EventType.tryFailover.name:
            // SENTINEL FAILOVER starts one without ODOWN and flags it (SPEC §8.9).
            if !primary.flags.contains(.oDown) && !primary.flags.contains(.forceFailover) {
                self.violate("failover started by s\(i) without ODOWN")
            }
        default:
            break
        }
    }

    /// Config epochs never go backwards, across restarts too (they are persisted).
    mutating func checkEpochs(_ i: Int) {
        guard let core = self.sentinels[i].core else { return }
        guard let epoch = core.status(of: self.primaryName)?.configEpoch else { return }
        let last = self.sentinels[i].lastConfigEpoch[self.primaryName] ?? 0
        if epoch < last {
            self.violate("s\(i) config-epoch of \(self.primaryName) went back from \(last) to \(epoch)")
        }
        self.sentinels[i].lastConfigEpoch[self.primaryName] = epoch
    }

    mutating func violate(_ message: String) {
        self.violations.append("\(self.clock) \(message)")
        self.trace.append("\(self.clock) VIOLATION \(message)")
    }

    /// Every sentinel answers the same address and no failover runs (the property). That
    /// the address is also a live master is not required: Redis's replica rules can rightly refuse
    /// every replica (e.g. a leader that left TILT late sees their links down for longer than
    /// 10 x down-after since its own SDOWN), and then the dead master stays configured.
    func converged() -> (Bool, String) {
        var answers: [String] = []
        for (i, sentinel) in self.sentinels.enumerated() {
            guard let primary = sentinel.core?.status(of: self.primaryName) else { return (false, "s\(i) not running") }
            if primary.failoverState != .none { return (false, "s\(i) still failing over") }
            answers.append("\(primary.currentAddress.port)")
        }
        guard Set(answers).count == 1, let port = Int(answers[0]) else { return (false, "answers \(answers)") }
        return (true, "all at \(port)")
    }
}
