import SentinelCore

/// A client writing through the sentinels (issue 11 §6), as a client library does: it asks a
/// sentinel for the master, keeps writing there until an error or a disconnect, then asks the
/// next sentinel. It runs on sentinel 0's host: a partition puts it on that sentinel's side
/// (it reaches only the sentinels and nodes sentinel 0 reaches). A write is acknowledged by whichever node takes it as a master; a write that
/// meets a paused master waits, and is dropped unacknowledged if its connection is killed
/// first. At the end, an acknowledged write the final master does not hold was lost.
struct SimWriter {
    /// The node it is connected to, and that node's `clientKills` when it connected.
    var connection: (port: Int, kills: Int)?
    /// A write waiting on a master whose writes are paused.
    var pending: Int?
    var nextID = 1
    var nextSentinel = 0
    /// Every acknowledged write: its id, the node that acknowledged it, and when.
    var acked: [(id: Int, port: Int, at: Int64)] = []
    static let interval: Int64 = 20
}

extension SimCluster {
    /// One step of the writer: every `SimWriter.interval` of virtual time.
    mutating func clientWrite() {
        defer { self.schedule(.write, after: SimWriter.interval) }
        if self.writer.connection == nil { self.writer.connection = self.discoverPrimary() }
        guard let (port, kills) = self.writer.connection, let n = self.nodeIndex(port: port) else { return }
        let node = self.nodes[n]
        // A dead node resets the connection; a stopped one times the write out; CLIENT KILL
        // closed it. None of those acknowledged anything.
        guard node.alive, !node.paused, node.clientKills == kills, self.clientReaches(.redis(port)) else {
            self.writer.connection = nil
            self.writer.pending = nil
            return
        }
        guard node.role == .primary else {
            // READONLY: ask again.
            self.writer.connection = nil
            self.writer.pending = nil
            return
        }
        if node.writesPaused(now: self.now) {
            if self.writer.pending == nil {
                self.writer.pending = self.writer.nextID
                self.writer.nextID += 1
            }
            return
        }
        let id = self.writer.pending ?? self.writer.nextID
        if self.writer.pending == nil { self.writer.nextID += 1 }
        self.writer.pending = nil
        self.nodes[n].log.append(id)
        self.nodes[n].offset += 10
        self.writer.acked.append((id, port, self.now))
    }

    /// `SENTINEL GET-MASTER-ADDR-BY-NAME` to the sentinels in turn (a client on their hosts:
    /// cuts do not apply, a crashed or stopped one does not answer).
    mutating func discoverPrimary() -> (port: Int, kills: Int)? {
        for offset in self.sentinels.indices {
            let i = (self.writer.nextSentinel + offset) % self.sentinels.count
            guard self.sentinels[i].core != nil, !self.sentinels[i].paused, self.clientReaches(.sentinel(i)) else {
                continue
            }
            let env = CommandEnvironment(isExecutable: { _ in false })
            let reply = self.sentinels[i].core!.sentinelCommand(
                ["SENTINEL", "GET-MASTER-ADDR-BY-NAME", self.primaryName], now: self.now, environment: env,
                random: &self.random)
            self.runActions(i)
            guard case .reply(.array(let fields)) = reply, fields.count == 2,
                let port = fields[1].text.flatMap(Int.init),
                let n = self.nodeIndex(port: port)
            else { continue }
            self.writer.nextSentinel = (i + 1) % self.sentinels.count
            return (port, self.nodes[n].clientKills)
        }
        return nil
    }

    /// Whether the client, on sentinel 0's host, reaches `endpoint` (no cut either way).
    func clientReaches(_ endpoint: SimEndpoint) -> Bool {
        let host = SimEndpoint.sentinel(0)
        return endpoint == host || (!self.blocked(host, endpoint) && !self.blocked(endpoint, host))
    }

    /// The acknowledged writes the node the sentinels agree on does not hold.
    func lostWrites(primaryPort: Int) -> [(id: Int, port: Int, at: Int64)] {
        guard let n = self.nodeIndex(port: primaryPort) else { return self.writer.acked }
        let held = Set(self.nodes[n].log)
        return self.writer.acked.filter { !held.contains($0.id) }
    }
}
