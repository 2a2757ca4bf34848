import SentinelCore

/// One fault the schedule injects (or heals).
enum SimFault: CustomStringConvertible, Sendable {
    case crashNode(port: Int)
    /// The node comes back empty, with a new run id, as a master (what `kill -9` + restart does).
    case restartNode(port: Int)
    case pauseNode(port: Int)
    case resumeNode(port: Int)
    case crashSentinel(Int)
    case restartSentinel(Int)
    case pauseSentinel(Int)
    case resumeSentinel(Int)
    /// Cuts both directions between the sentinel and everything else.
    case isolateSentinel(Int)
    /// Cuts one direction: messages from `from` to `to` wait.
    case cut(from: SimEndpoint, to: SimEndpoint)
    /// Cuts both directions between these endpoints and all the others (nodes and sentinels);
    /// the client, on sentinel 0's host, is on that sentinel's side.
    case partition([SimEndpoint])
    case lossy(Bool)
    /// `SENTINEL FAILOVER mymaster [COORDINATED]` sent to this sentinel's query port (SPEC §8.9,
    /// issue 11 §2).
    case forceFailover(Int, coordinated: Bool = false)
    case healAll

    var description: String {
        switch self {
        case .crashNode(let p): "crash redis \(p)"
        case .restartNode(let p): "restart redis \(p)"
        case .pauseNode(let p): "SIGSTOP redis \(p)"
        case .resumeNode(let p): "SIGCONT redis \(p)"
        case .crashSentinel(let i): "crash sentinel \(i)"
        case .restartSentinel(let i): "restart sentinel \(i)"
        case .pauseSentinel(let i): "SIGSTOP sentinel \(i)"
        case .resumeSentinel(let i): "SIGCONT sentinel \(i)"
        case .isolateSentinel(let i): "isolate sentinel \(i)"
        case .cut(let from, let to): "cut \(from) -> \(to)"
        case .partition(let side): "partition \(side) from the rest"
        case .lossy(let on): "lossy network \(on)"
        case .forceFailover(let i, let coordinated):
            "SENTINEL FAILOVER\(coordinated ? " COORDINATED" : "") on sentinel \(i)"
        case .healAll: "heal all"
        }
    }
}

extension SimCluster {
    mutating func apply(_ fault: SimFault) {
        self.trace.append("\(self.clock) FAULT \(fault)")
        switch fault {
        case .crashNode(let port):
            guard let n = self.nodeIndex(port: port), self.nodes[n].alive else { return }
            self.nodes[n].alive = false
            self.nodes[n].paused = false
            self.subscribers[port] = []
            self.closeConnections(to: .redis(port))
            for r in self.nodes.indices where self.nodes[r].primaryPort == port && self.nodes[r].linkDownSince == nil {
                self.nodes[r].linkDownSince = self.now
            }
        case .restartNode(let port):
            guard let n = self.nodeIndex(port: port), !self.nodes[n].alive else { return }
            self.nodes[n].alive = true
            self.nodes[n].runID = Sentinel.randomRunID(using: &self.random)
            self.nodes[n].role = .primary
            self.nodes[n].primaryPort = nil
            self.nodes[n].offset = 0
            self.nodes[n].log = []
            self.nodes[n].writesPausedUntil = 0
            self.nodes[n].inMulti = []
            self.nodes[n].queued = [:]
        case .pauseNode(let port):
            if let n = self.nodeIndex(port: port), self.nodes[n].alive { self.nodes[n].paused = true }
        case .resumeNode(let port):
            if let n = self.nodeIndex(port: port) { self.nodes[n].paused = false }
        case .crashSentinel(let i):
            self.crashSentinel(i)
        case .restartSentinel(let i):
            if self.sentinels[i].core == nil { self.startSentinel(i) }
        case .pauseSentinel(let i):
            if self.sentinels[i].core != nil { self.sentinels[i].paused = true }
        case .resumeSentinel(let i):
            self.sentinels[i].paused = false
        case .isolateSentinel(let i):
            let me = SimEndpoint.sentinel(i)
            let others =
                self.nodes.map { SimEndpoint.redis($0.port) }
                + self.sentinels.indices.filter { $0 != i }.map { SimEndpoint.sentinel($0) }
            for other in others {
                self.cuts.insert([me, other])
                self.cuts.insert([other, me])
            }
        case .cut(let from, let to):
            self.cuts.insert([from, to])
        case .partition(let side):
            let all =
                self.nodes.map { SimEndpoint.redis($0.port) } + self.sentinels.indices.map { SimEndpoint.sentinel($0) }
            for inside in side {
                for outside in all where !side.contains(outside) {
                    self.cuts.insert([inside, outside])
                    self.cuts.insert([outside, inside])
                }
            }
        case .lossy(let on):
            self.lossy = on
        case .forceFailover(let i, let coordinated):
            // A client on the sentinel's host: no network between them; a paused one answers later.
            guard self.sentinels[i].core != nil, !self.sentinels[i].paused else { return }
            let env = CommandEnvironment(isExecutable: { _ in false })
            let reply = self.sentinels[i].core!.sentinelCommand(
                ["SENTINEL", "FAILOVER", self.primaryName] + (coordinated ? ["COORDINATED"] : []), now: self.now,
                environment: env, random: &self.random)
            self.trace.append("\(self.clock) s\(i) SENTINEL FAILOVER -> \(reply)")
            self.runActions(i)
        case .healAll:
            self.cuts = []
            self.lossy = false
            for n in self.nodes.indices { self.nodes[n].paused = false }
            for i in self.sentinels.indices {
                self.sentinels[i].paused = false
                if self.sentinels[i].core == nil { self.startSentinel(i) }
            }
        }
    }

    /// A replica's link to its master: the master alive, running, a master, and no cut between
    /// them either way.
    func replicaLinkUp(_ replica: SimRedisNode) -> Bool {
        guard replica.role == .replica, let port = replica.primaryPort, let m = self.nodeIndex(port: port) else {
            return false
        }
        let primary = self.nodes[m]
        return primary.alive && !primary.paused && primary.role == .primary
            && !self.blocked(.redis(port), .redis(replica.port)) && !self.blocked(.redis(replica.port), .redis(port))
    }

    /// Replicas follow their master while linked: its writes, all but the last two at most
    /// (asynchronous replication), and its offset, which grows with activity and writes. While
    /// the master's writes are paused nothing grows and a linked replica catches up fully: that
    /// is what a coordinated failover waits for. A full resync replaces what the replica had.
    mutating func advanceReplication() {
        for n in self.nodes.indices
        where self.nodes[n].alive && !self.nodes[n].paused && self.nodes[n].role == .primary
            && !self.nodes[n].writesPaused(now: self.now)
        {
            self.nodes[n].offset += 100
        }
        for n in self.nodes.indices where self.nodes[n].alive && self.nodes[n].role == .replica {
            let up = self.replicaLinkUp(self.nodes[n])
            if up, let m = self.nodes[n].primaryPort.flatMap({ self.nodeIndex(port: $0) }) {
                let primary = self.nodes[m]
                let behind = primary.writesPaused(now: self.now) ? 0 : Int.random(in: 0...2, using: &self.random)
                let missing = min(behind, primary.log.count)
                self.nodes[n].log = Array(primary.log.dropLast(missing))
                let lag = missing == 0 ? 0 : UInt64(Int.random(in: 1...50, using: &self.random))
                self.nodes[n].offset = primary.offset > lag ? primary.offset - lag : 0
                self.nodes[n].linkDownSince = nil
            } else if self.nodes[n].linkDownSince == nil {
                self.nodes[n].linkDownSince = self.now
            }
        }
    }
}
