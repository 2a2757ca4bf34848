import SentinelSimulation

@testable import SentinelCore

/// Drives one `Sentinel` by hand: a virtual clock, a seeded RNG, and helpers that play the
/// runtime's part (connections succeed, replies arrive) so rules can be tested step by step.
struct SentinelHarness {
    var sentinel: Sentinel
    var now: Int64 = 1_000_000
    var random = SeededRandom(seed: 42)
    /// Every action produced so far, in order.
    var log: [SentinelAction] = []
    /// Commands sent and not answered yet, per link and connection.
    var outstanding: [LinkID: [Connection: [([String], ReplyTag)]]] = [:]

    static let myID = String(repeating: "a", count: 40)

    init(
        primaries: [PrimarySettings] = [Self.defaultPrimary()], myID: String? = Self.myID, port: Int = 26379,
        settings: (inout SentinelSettings) -> Void = { _ in }, hosts: [String: String] = [:]
    ) {
        var config = ParsedConfig()
        config.sentinel.myID = myID
        config.server.port = port
        config.primaries = primaries
        settings(&config.sentinel)
        var random = SeededRandom(seed: 7)
        self.sentinel = Sentinel(config: config, now: self.now, random: &random, resolveHostname: { hosts[$0] })
        self.collect()
    }

    static func defaultPrimary(downAfter: Int64 = 5000, quorum: Int = 2) -> PrimarySettings {
        var settings = PrimarySettings(
            name: "mymaster", address: InstanceAddress(host: "127.0.0.1", port: 6379), quorum: quorum)
        settings.downAfter = downAfter
        return settings
    }

    mutating func collect() {
        for action in self.sentinel.takeActions() {
            self.log.append(action)
            switch action {
            case .send(let link, let connection, let args, let tag):
                self.outstanding[link, default: [:]][connection, default: []].append((args, tag))
            case .close(let link, let connection):
                self.outstanding[link]?[connection] = nil
            case .release(let link):
                self.outstanding[link] = nil
            case .connect(let link, let connection, _):
                self.sentinel.connectionEstablished(link, connection, localIP: "127.0.0.1")
            default:
                break
            }
        }
    }

    mutating func tick(advance ms: Int64 = 100) {
        self.now += ms
        self.sentinel.tick(now: self.now, random: &self.random)
        self.collect()
    }

    /// One tick in which every connection asked for is refused at once (an unreachable or dead
    /// instance); returns the links it asked to connect, one entry per connection. Commands
    /// queued on the refused connections never go out, so they are not outstanding.
    mutating func tickRefusingConnects(advance ms: Int64 = 100) -> [LinkID] {
        self.now += ms
        self.sentinel.tick(now: self.now, random: &self.random)
        var refused: [LinkID] = []
        for action in self.sentinel.takeActions() {
            self.log.append(action)
            if case .connect(let link, let connection, _) = action {
                refused.append(link)
                self.sentinel.connectionClosed(link, connection, error: "refused", now: self.now)
            }
        }
        self.log.append(contentsOf: self.sentinel.takeActions())
        return refused
    }

    /// `count` ticks refusing every connect (`tickRefusingConnects()`): when `event` was first
    /// emitted in them (nil if it was not), and when `link` was asked to connect.
    mutating func tickRefusingConnects(
        _ count: Int, watching event: String, link: LinkID? = nil
    ) -> (firstEvent: Int64?, connects: [Int64]) {
        var firstEvent: Int64?
        var connects: [Int64] = []
        let before = self.events(event).count
        for _ in 0..<count {
            let asked = self.tickRefusingConnects()
            if let link, asked.contains(link) { connects.append(self.now) }
            if firstEvent == nil, self.events(event).count > before { firstEvent = self.now }
        }
        return (firstEvent, connects)
    }

    /// Answers every outstanding command with `answer` (nil = leave it pending).
    mutating func answerAll(_ answer: ([String], ReplyTag) -> RESPValue?) {
        for (link, perConnection) in self.outstanding {
            for (connection, commands) in perConnection {
                var left: [([String], ReplyTag)] = []
                for (index, (args, tag)) in commands.enumerated() {
                    guard let value = answer(args, tag) else {
                        left.append(contentsOf: commands[index...])
                        break
                    }
                    self.sentinel.replyReceived(value, tag: tag, link: link, connection: connection, now: self.now)
                }
                self.outstanding[link]?[connection] = left
            }
        }
        self.collect()
    }

    /// Events emitted so far of a type.
    func events(_ type: String) -> [SentinelEvent] {
        self.log.compactMap {
            if case .event(let event) = $0, event.type == type { return event }
            return nil
        }
    }

    mutating func clearLog() { self.log.removeAll() }

    func link(of ref: InstanceRef) -> LinkID? { self.sentinel.instance(ref)?.link }

    /// A healthy Redis: PONG, INFO text from `info`, OK for the rest.
    static func healthy(info: @escaping (InstanceRef) -> String) -> ([String], ReplyTag) -> RESPValue? {
        { args, tag in
            switch tag {
            case .ping: return .simpleString("PONG")
            case .info(let ref): return .bulkString(info(ref))
            case .subscribe: return .push([.bulkString("subscribe"), .bulkString("__sentinel__:hello"), .integer(1)])
            case .hello: return .integer(1)
            default: return .simpleString("OK")
            }
        }
    }

    static func primaryInfo(
        runID: String = String(repeating: "1", count: 40), replicas: [Int] = [], offset: Int? = nil
    ) -> String {
        var lines = [
            "# Server", "run_id:\(runID)", "# Replication", "role:master", "connected_slaves:\(replicas.count)",
        ]
        if let offset { lines.append("master_repl_offset:\(offset)") }
        for (i, port) in replicas.enumerated() {
            lines.append("slave\(i):ip=127.0.0.1,port=\(port),state=online,offset=100,lag=0")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func replicaInfo(
        runID: String, primaryPort: Int = 6379, linkUp: Bool = true, priority: Int = 100, offset: Int = 100
    ) -> String {
        [
            "# Server", "run_id:\(runID)", "# Replication", "role:slave", "master_host:127.0.0.1",
            "master_port:\(primaryPort)", "master_link_status:\(linkUp ? "up" : "down")", "slave_repl_offset:\(offset)",
            "slave_priority:\(priority)", "replica_announced:1",
        ].joined(separator: "\r\n") + "\r\n"
    }
}
