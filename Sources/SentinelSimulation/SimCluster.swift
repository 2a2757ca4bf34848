import SentinelCore

/// Where a connection goes: a Redis node (by port) or a sentinel (by index).
enum SimEndpoint: Hashable, Sendable {
    case redis(Int)
    case sentinel(Int)
}

/// A faulty-network simulation of several sentinels (real `Sentinel` cores) and Redis nodes
/// (`SimRedisNode`) on a virtual clock, driven by one seed (issue: deterministic simulation).
///
/// The network keeps TCP's guarantees (per-connection order, no loss) but adds delay, lossy-link
/// retransmission delays, partitions and one-way cuts (messages wait until the cut heals), process
/// pauses (SIGSTOP), crashes and restarts. Crashed sentinels restart from their persisted config.
struct SimCluster {
    struct Conn {
        var id: Int
        var target: SimEndpoint
        var established = false
        var tags: [ReplyTag] = []
        var queued: [[String]] = []
        var lastToServer: Int64 = 0
        var lastToClient: Int64 = 0
    }

    struct SimSentinel {
        var core: Sentinel?
        var persisted: ParsedConfig
        /// A `flushConfigLater` not written yet: the runtime writes it with the next tick, and a
        /// crash before that loses it.
        var persistDue = false
        var port: Int
        var paused = false
        var conns: [LinkID: [Connection: Conn]] = [:]
        var lastConfigEpoch: [String: UInt64] = [:]
    }

    enum Event {
        case tick(Int)
        case connectResult(sentinel: Int, link: LinkID, connection: Connection, id: Int, ok: Bool)
        case request(sentinel: Int, link: LinkID, connection: Connection, id: Int, args: [String])
        case reply(sentinel: Int, link: LinkID, connection: Connection, id: Int, value: RESPValue, solicited: Bool)
        case fault(SimFault)
        /// The client's next write (`SimWriter`).
        case write
    }

    var now: Int64 = 1_700_000_000_000
    let start: Int64
    var random: SeededRandom
    var queue = SimEventQueue<Event>()
    var nodes: [SimRedisNode]
    var sentinels: [SimSentinel] = []
    /// (from, to) pairs whose messages wait.
    var cuts: Set<[SimEndpoint]> = []
    var lossy = false
    var nextConnID = 1
    /// Pub/sub subscribers per Redis port: (sentinel, link, connection id).
    var subscribers: [Int: [(Int, LinkID, Int)]] = [:]
    var trace: [String] = []
    var violations: [String] = []
    // Invariant bookkeeping.
    var leaders: [String: Set<String>] = [:]
    var promoted: [String: Set<String>] = [:]
    /// Every replica selected per epoch, forced failovers included, and the epochs where a forced
    /// failover and another one selected different replicas: two configurations with one config
    /// epoch, which hellos never reconcile (Redis: the newer epoch wins, an equal one is ignored).
    var selectedIncludingForced: [UInt64: Set<String>] = [:]
    var forcedEpochs: Set<UInt64> = []
    var forcedCollisions: Set<UInt64> = []
    let primaryName = "mymaster"
    /// The client writing through the sentinels (issue 11 §6).
    var writer = SimWriter()
    /// `+fence-master` and `+switch-master` events seen, from any sentinel.
    var fences = 0
    var switches = 0

    init(
        seed: UInt64, sentinelCount: Int, quorum: Int, replicaPriorities: [Int], downAfter: Int64,
        failoverTimeout: Int64
    ) {
        self.random = SeededRandom(seed: seed)
        self.start = self.now
        var nodes = [SimRedisNode(port: 6379, runID: Self.runID(0, &self.random), role: .primary, priority: 100)]
        for (i, priority) in replicaPriorities.enumerated() {
            nodes.append(
                SimRedisNode(
                    port: 6380 + i, runID: Self.runID(i + 1, &self.random), role: .replica, primaryPort: 6379,
                    priority: priority))
        }
        self.nodes = nodes
        for i in 0..<sentinelCount {
            var config = ParsedConfig()
            config.server.port = 26379 + i
            var primary = PrimarySettings(
                name: self.primaryName, address: InstanceAddress(host: "127.0.0.1", port: 6379), quorum: quorum)
            primary.downAfter = downAfter
            primary.failoverTimeout = failoverTimeout
            primary.parallelSyncs = 1
            config.primaries = [primary]
            self.sentinels.append(SimSentinel(core: nil, persisted: config, port: 26379 + i))
            self.startSentinel(i)
        }
        self.queue.push(.write, at: self.now + 1000)
    }

    static func runID(_ salt: Int, _ random: inout SeededRandom) -> String {
        Sentinel.randomRunID(using: &random)
    }

    // MARK: - Running

    mutating func run(until end: Int64) {
        while let time = self.queue.nextTime, time <= end {
            let (t, event) = self.queue.pop()!
            self.now = t
            self.handle(event)
        }
        self.now = max(self.now, end)
    }

    mutating func schedule(_ event: Event, after delay: Int64) {
        self.queue.push(event, at: self.now + delay)
    }

    /// Network latency: 0.1–3 ms, and with a lossy network now and then a retransmission.
    mutating func latency() -> Int64 {
        var delay = Int64.random(in: 0...3, using: &self.random)
        if self.lossy && Int.random(in: 0..<20, using: &self.random) == 0 { delay += 200 }
        return delay
    }

    func blocked(_ from: SimEndpoint, _ to: SimEndpoint) -> Bool { self.cuts.contains([from, to]) }

    func nodeIndex(port: Int) -> Int? { self.nodes.firstIndex { $0.port == port } }

    func endpoint(for address: InstanceAddress) -> SimEndpoint? {
        if let i = self.sentinels.firstIndex(where: { $0.port == address.port }) { return .sentinel(i) }
        if self.nodeIndex(port: address.port) != nil { return .redis(address.port) }
        return nil
    }

    func isDown(_ endpoint: SimEndpoint) -> Bool {
        switch endpoint {
        case .redis(let port): return !(self.nodeIndex(port: port).map { self.nodes[$0].alive } ?? false)
        case .sentinel(let i): return self.sentinels[i].core == nil
        }
    }

    func isPaused(_ endpoint: SimEndpoint) -> Bool {
        switch endpoint {
        case .redis(let port): return self.nodeIndex(port: port).map { self.nodes[$0].paused } ?? false
        case .sentinel(let i): return self.sentinels[i].paused
        }
    }

    mutating func handle(_ event: Event) {
        switch event {
        case .tick(let i):
            guard self.sentinels[i].core != nil else { return }
            if !self.sentinels[i].paused {
                if self.sentinels[i].persistDue { self.persist(i) }
                self.sentinels[i].core!.tick(now: self.now, random: &self.random)
                self.runActions(i)
            }
            // 10–19 Hz as Redis (SPEC §2.4); a paused process keeps its timer but does nothing.
            self.schedule(.tick(i), after: Int64(1000 / (10 + Int.random(in: 0..<10, using: &self.random))))
        case .connectResult(let i, let link, let connection, let id, let ok):
            guard self.sentinels[i].core != nil, self.conn(i, link, connection)?.id == id else { return }
            if self.sentinels[i].paused {
                self.schedule(event, after: 50)
                return
            }
            if ok {
                self.sentinels[i].conns[link]![connection]!.established = true
                self.sentinels[i].core!.connectionEstablished(link, connection, localIP: "127.0.0.1")
                let queued = self.sentinels[i].conns[link]![connection]!.queued
                self.sentinels[i].conns[link]![connection]!.queued = []
                for args in queued { self.transmit(i, link, connection, args) }
            } else {
                self.dropConn(i, link, connection)
                self.sentinels[i].core!.connectionClosed(link, connection, error: "refused", now: self.now)
                self.runActions(i)
            }
        case .request(let i, let link, let connection, let id, let args):
            guard let conn = self.conn(i, link, connection), conn.id == id else { return }
            if self.blocked(.sentinel(i), conn.target) || self.isPaused(conn.target) {
                self.schedule(event, after: 100)
                return
            }
            if self.isDown(conn.target) {
                self.schedule(
                    .connectResult(sentinel: i, link: link, connection: connection, id: id, ok: false), after: 1)
                return
            }
            self.serve(args, from: i, link: link, connection: connection, conn: conn)
        case .reply(let i, let link, let connection, let id, let value, let solicited):
            guard self.sentinels[i].core != nil, let conn = self.conn(i, link, connection), conn.id == id else {
                return
            }
            if self.sentinels[i].paused || self.blocked(conn.target, .sentinel(i)) {
                self.schedule(event, after: 100)
                return
            }
            if solicited, !self.sentinels[i].conns[link]![connection]!.tags.isEmpty {
                let tag = self.sentinels[i].conns[link]![connection]!.tags.removeFirst()
                self.sentinels[i].core!.replyReceived(
                    value, tag: tag, link: link, connection: connection, now: self.now)
            } else {
                self.sentinels[i].core!.unsolicitedReplyReceived(
                    value, link: link, connection: connection, now: self.now)
            }
            self.runActions(i)
        case .fault(let fault):
            self.apply(fault)
        case .write:
            self.clientWrite()
        }
    }

    func conn(_ i: Int, _ link: LinkID, _ connection: Connection) -> Conn? {
        self.sentinels[i].conns[link]?[connection]
    }

    mutating func dropConn(_ i: Int, _ link: LinkID, _ connection: Connection) {
        self.sentinels[i].conns[link]?[connection] = nil
    }

    /// Sends a request over an established connection, keeping per-connection order.
    mutating func transmit(_ i: Int, _ link: LinkID, _ connection: Connection, _ args: [String]) {
        guard let conn = self.conn(i, link, connection) else { return }
        let time = max(self.now + self.latency(), conn.lastToServer)
        self.sentinels[i].conns[link]![connection]!.lastToServer = time
        self.queue.push(.request(sentinel: i, link: link, connection: connection, id: conn.id, args: args), at: time)
    }

    mutating func respond(
        _ i: Int, _ link: LinkID, _ connection: Connection, _ value: RESPValue, solicited: Bool = true
    ) {
        guard let conn = self.conn(i, link, connection) else { return }
        let time = max(self.now + self.latency(), conn.lastToClient)
        self.sentinels[i].conns[link]![connection]!.lastToClient = time
        self.queue.push(
            .reply(sentinel: i, link: link, connection: connection, id: conn.id, value: value, solicited: solicited),
            at: time)
    }

    // MARK: - Servers

    mutating func serve(_ args: [String], from i: Int, link: LinkID, connection: Connection, conn: Conn) {
        switch conn.target {
        case .redis(let port):
            guard let n = self.nodeIndex(port: port) else { return }
            let name = args.first?.uppercased() ?? ""
            if name == "INFO" {
                let text = self.nodes[n].info(nodes: self.nodes, now: self.now) { self.replicaLinkUp($0) }
                self.respond(i, link, connection, .bulkString(text))
            } else if name == "SUBSCRIBE" {
                self.subscribers[port, default: []].append((i, link, conn.id))
                self.respond(i, link, connection, .push([.bulkString("subscribe"), .bulkString(args[1]), .integer(1)]))
            } else if name == "PUBLISH", args.count == 3 {
                let receivers = self.subscribers[port] ?? []
                self.respond(i, link, connection, .integer(Int64(receivers.count)))
                for (s, l, id) in receivers {
                    guard self.conn(s, l, .pubsub)?.id == id else { continue }
                    if self.blocked(.redis(port), .sentinel(s)) { continue }
                    self.respond(
                        s, l, .pubsub, .push([.bulkString("message"), .bulkString(args[1]), .bulkString(args[2])]),
                        solicited: false)
                }
            } else {
                let before = self.nodes[n].role
                let reply = self.nodes[n].execute(args, connection: conn.id, now: self.now)
                if before != self.nodes[n].role {
                    self.trace.append("\(self.clock) node \(port) is now \(self.nodes[n].role.name)")
                }
                self.respond(i, link, connection, reply)
            }
        case .sentinel(let target):
            guard self.sentinels[target].core != nil else { return }
            let name = args.first?.uppercased() ?? ""
            var reply: RESPValue = .simpleString("OK")
            if name == "PING" {
                reply = .simpleString("PONG")
            } else if name == "PUBLISH", args.count == 3 {
                self.sentinels[target].core!.helloReceived(args[2], now: self.now)
                self.runActions(target)
                reply = .integer(1)
            } else if name == "SENTINEL" {
                let env = CommandEnvironment(isExecutable: { _ in false })
                let result = self.sentinels[target].core!.sentinelCommand(
                    args, now: self.now, environment: env, random: &self.random)
                self.runActions(target)
                switch result {
                case .reply(let v), .afterFlush(let v), .flushThenReply(let v): reply = v
                }
                // The vote is on disk before the reply leaves (SPEC §7.2).
                self.persist(target)
            }
            self.respond(i, link, connection, reply)
        }
    }

    // MARK: - Sentinel actions

    mutating func runActions(_ i: Int) {
        guard let actions = self.sentinels[i].core?.takeActions() else { return }
        for action in actions {
            switch action {
            case .connect(let link, let connection, let address):
                let id = self.nextConnID
                self.nextConnID += 1
                guard let target = self.endpoint(for: address) else {
                    self.sentinels[i].conns[link, default: [:]][connection] = Conn(id: id, target: .redis(address.port))
                    self.schedule(
                        .connectResult(sentinel: i, link: link, connection: connection, id: id, ok: false), after: 1)
                    continue
                }
                self.sentinels[i].conns[link, default: [:]][connection] = Conn(id: id, target: target)
                if self.blocked(.sentinel(i), target) || self.blocked(target, .sentinel(i)) {
                    // The SYN never comes back: NIO's connect timeout.
                    self.schedule(
                        .connectResult(sentinel: i, link: link, connection: connection, id: id, ok: false), after: 5000)
                } else {
                    let ok = !self.isDown(target)
                    self.schedule(
                        .connectResult(sentinel: i, link: link, connection: connection, id: id, ok: ok),
                        after: self.latency() + 1)
                }
            case .send(let link, let connection, let args, let tag):
                guard let established = self.conn(i, link, connection)?.established else { continue }
                self.sentinels[i].conns[link]![connection]!.tags.append(tag)
                if established {
                    self.transmit(i, link, connection, args)
                } else {
                    self.sentinels[i].conns[link]![connection]!.queued.append(args)
                }
            case .close(let link, let connection):
                self.dropConn(i, link, connection)
            case .release(let link):
                self.sentinels[i].conns[link] = nil
            case .event(let event):
                self.observe(event, sentinel: i)
            case .flushConfig:
                self.persist(i)
            case .flushConfigLater:
                self.sentinels[i].persistDue = true
            case .logNextFailoverDelay, .crash, .spawnScript, .killScript:
                break
            }
        }
        self.checkEpochs(i)
    }

    mutating func persist(_ i: Int) {
        guard let core = self.sentinels[i].core else { return }
        self.sentinels[i].persistDue = false
        var config = self.sentinels[i].persisted
        config.sentinel = core.persistedSettings
        config.primaries = core.persistedPrimaries()
        self.sentinels[i].persisted = config
    }

    var clock: String { "t+\(self.now - self.start)ms" }

    // MARK: - Processes

    mutating func startSentinel(_ i: Int) {
        var random = SeededRandom(seed: UInt64(i) &+ self.random.next())
        self.sentinels[i].core = Sentinel(config: self.sentinels[i].persisted, now: self.now, random: &random)
        self.sentinels[i].conns = [:]
        self.runActions(i)
        self.trace.append("\(self.clock) sentinel \(i) started as \(self.sentinels[i].core!.myID.prefix(8))")
        self.schedule(.tick(i), after: Int64.random(in: 1...100, using: &self.random))
    }

    mutating func crashSentinel(_ i: Int) {
        guard self.sentinels[i].core != nil else { return }
        self.sentinels[i].core = nil
        self.sentinels[i].conns = [:]
        self.sentinels[i].paused = false
        self.sentinels[i].persistDue = false
        for port in self.subscribers.keys { self.subscribers[port]!.removeAll { $0.0 == i } }
        self.closeConnections(to: .sentinel(i))
    }

    /// Every connection to a dead endpoint learns it (RST / FIN).
    mutating func closeConnections(to endpoint: SimEndpoint) {
        for s in self.sentinels.indices where self.sentinels[s].core != nil {
            for link in self.sentinels[s].conns.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                for connection in [Connection.command, .pubsub] {
                    guard let conn = self.conn(s, link, connection), conn.target == endpoint else { continue }
                    self.schedule(
                        .connectResult(sentinel: s, link: link, connection: connection, id: conn.id, ok: false),
                        after: 1)
                }
            }
        }
    }
}
