import Testing

@testable import SentinelCore

/// One sentinel with two peers (quorum 2, down-after 1000) watching a master with one replica
/// (6380), and what the network and the servers answer, changed by the tests as they go.
struct FenceWorld {
    static let peers = [String(repeating: "b", count: 40), String(repeating: "c", count: 40)]

    /// Peers answering (PING, is-master-down-by-addr); `false` leaves their commands pending.
    var peersUp = [true, true]
    /// The master answers at all.
    var primaryUp = true
    /// The master's `role:` line.
    var primaryRole = "master"
    /// `lag=` of the replica line in the master's INFO; nil: no replica line at all.
    var replicaLag: Int64? = 0
    /// The `role:` of the old master (6379) once it is a replica record, after a switch.
    var oldPrimaryRole = "master"
    /// What the peers answer to `SENTINEL GET-MASTER-ADDR-BY-NAME` (the master's address by
    /// default).
    var peerAnswer = RESPValue.array([.bulkString("127.0.0.1"), .bulkString("6379")])
    /// The master's reply to `CLIENT PAUSE`.
    var pauseReply = RESPValue.simpleString("OK")

    var h: SentinelHarness

    /// Healthy: both peers known by hello, the replica known from the master's INFO.
    init(peers: Int = 2, quorum: Int = 2, configure: (inout PrimarySettings) -> Void = { _ in }) {
        var settings = SentinelHarness.defaultPrimary(downAfter: 1000, quorum: quorum)
        configure(&settings)
        self.h = SentinelHarness(primaries: [settings])
        for (i, peer) in Self.peers.prefix(peers).enumerated() {
            let hello = HelloMessage(
                sentinelHost: "127.0.0.1", sentinelPort: 26380 + i, runID: peer, currentEpoch: 0,
                primaryName: "mymaster", primaryHost: "127.0.0.1", primaryPort: 6379, primaryConfigEpoch: 0)
            self.h.sentinel.helloReceived(hello.payload, now: self.h.now)
        }
        self.run(ms: 2000)
        self.h.clearLog()
    }

    func primaryInfo() -> String {
        var lines = [
            "# Server", "run_id:\(String(repeating: "1", count: 40))", "# Replication", "role:\(self.primaryRole)",
        ]
        if self.primaryRole == "slave" {
            lines += ["master_host:127.0.0.1", "master_port:6380", "master_link_status:up"]
        }
        if let lag = self.replicaLag {
            lines.append("slave0:ip=127.0.0.1,port=6380,state=online,offset=100,lag=\(lag)")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func answer(_ args: [String], _ tag: ReplyTag) -> RESPValue? {
        if !self.primaryUp {
            switch tag {
            case .ping(.primary), .info(.primary), .hello(.primary), .fencePause: return nil
            default: break
            }
        }
        switch tag {
        case .ping(.sentinel(_, let runID)), .isPrimaryDown(.sentinel(_, let runID)),
            .fenceAsk(.sentinel(_, let runID)):
            guard let index = Self.peers.firstIndex(of: runID), self.peersUp[index] else { return nil }
            if case .ping = tag { return .simpleString("PONG") }
            if case .fenceAsk = tag { return self.peerAnswer }
            return .array([.integer(0), .bulkString("*"), .integer(0)])
        case .info(.primary):
            return .bulkString(self.primaryInfo())
        case .fencePause:
            return self.pauseReply
        case .info(.replica(_, "127.0.0.1:6379")) where self.oldPrimaryRole == "master":
            var old = self
            old.replicaLag = nil
            return .bulkString(old.primaryInfo())
        case .info(.replica(_, let name)):
            return .bulkString(
                SentinelHarness.replicaInfo(
                    runID: String(repeating: name.hasSuffix("6379") ? "1" : "2", count: 40),
                    primaryPort: name.hasSuffix("6379") ? 6380 : 6379))
        default:
            return SentinelHarness.healthy { _ in "" }(args, tag)
        }
    }

    /// Ticks every 50 ms for `ms`, answering what the world answers after each tick.
    mutating func run(ms: Int64) {
        var elapsed: Int64 = 0
        while elapsed < ms {
            self.h.tick(advance: 50)
            elapsed += 50
            let world = self
            self.h.answerAll { world.answer($0, $1) }
        }
    }

    /// Runs until `event` is emitted (at most `limit` ms); the time it took, nil if it was not.
    mutating func run(until event: String, limit: Int64) -> Int64? {
        let start = self.h.now
        let before = self.h.events(event).count
        while self.h.now - start < limit {
            self.run(ms: 50)
            if self.h.events(event).count > before { return self.h.now - start }
        }
        return nil
    }

    /// `run(until:limit:)`; a test failure (thrown) when the event did not come in time.
    mutating func expect(
        _ event: String, within limit: Int64, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int64 {
        let took = self.run(until: event, limit: limit)
        return try #require(took, "\(event) within \(limit) ms", sourceLocation: sourceLocation)
    }

    /// Commands sent to the master's command link since the log was cleared.
    var primaryCommands: [[String]] {
        guard let link = self.h.link(of: .primary("mymaster")) else { return [] }
        return self.h.log.compactMap { action in
            if case .send(link, .command, let args, _) = action { return args }
            return nil
        }
    }

    var pauses: [[String]] { self.primaryCommands.filter { $0.starts(with: ["CLIENT", "PAUSE"]) } }
    var unpauses: [[String]] { self.primaryCommands.filter { $0 == ["CLIENT", "UNPAUSE"] } }

    /// Times (ms from the call) at which a `CLIENT PAUSE` went to the master, over `ms`.
    mutating func pauseTimes(over ms: Int64) -> [Int64] {
        let start = self.h.now
        var times: [Int64] = []
        var seen = self.pauses.count
        var elapsed: Int64 = 0
        while elapsed < ms {
            self.run(ms: 50)
            elapsed += 50
            let count = self.pauses.count
            if count > seen { times.append(self.h.now - start) }
            seen = count
        }
        return times
    }
}
