import Foundation
import Testing

/// A real redis-sentinel and a swift-sentinel started from the same config lines, each watching
/// a master with one replica. Shared (the default): the same master, and each sees the other as
/// a peer sentinel. Separate: each has its own master and replica, so each can fail over alone;
/// their ports and run ids are then normalised too. The side-by-side conformance tests send the
/// same commands to both and compare the normalised replies.
final class ConformancePair {
    /// The master and replica `redis` watches (the shared ones when `shared`).
    let primary: RedisServer
    let replica: RedisServer
    /// The ones `swift` watches: the same objects when `shared`.
    let swiftPrimary: RedisServer
    let swiftReplica: RedisServer
    let redis: SentinelProcess
    let swift: SentinelProcess
    let shared: Bool
    let redisID: String
    let swiftID: String
    /// A port nothing listens on, for masters that are monitored but never reached.
    let deadPort: Int
    /// More token → placeholder rules for both sides (a third sentinel's id and port).
    var extraTokens: [String: String] = [:]
    /// run_id of each side's master and replica, for the normaliser (separate topologies).
    private var runIDs: (redis: [String: String], swift: [String: String]) = ([:], [:])

    /// Starts the topology and waits until both sentinels know the replica (with its INFO)
    /// and, when shared, each other, so their views are the same.
    static func start(
        shared: Bool = true, downAfter: Int = 20000, failoverTimeout: Int = 60000, extraLines: [String] = []
    ) async throws -> ConformancePair {
        let primary = try await RedisServer.start()
        let replica = try await RedisServer.start(replicaOf: primary)
        let swiftPrimary = shared ? primary : try await RedisServer.start()
        let swiftReplica = shared ? replica : try await RedisServer.start(replicaOf: swiftPrimary)
        func lines(_ primary: RedisServer) -> [String] {
            [
                "sentinel monitor mymaster 127.0.0.1 \(primary.port) \(shared ? 2 : 1)",
                "sentinel down-after-milliseconds mymaster \(downAfter)",
                "sentinel failover-timeout mymaster \(failoverTimeout)",
            ] + extraLines
        }
        let redis = try await SentinelProcess.start(.redisSentinel, lines: lines(primary))
        let swift = try await SentinelProcess.start(.swiftSentinel, lines: lines(swiftPrimary))
        let pair = try ConformancePair(
            primary: primary, replica: replica, swiftPrimary: swiftPrimary, swiftReplica: swiftReplica, redis: redis,
            swift: swift, shared: shared, deadPort: try PortAllocator.next())
        try await pair.waitUntilSettled()
        return pair
    }

    private init(
        primary: RedisServer, replica: RedisServer, swiftPrimary: RedisServer, swiftReplica: RedisServer,
        redis: SentinelProcess, swift: SentinelProcess, shared: Bool, deadPort: Int
    ) throws {
        self.primary = primary
        self.replica = replica
        self.swiftPrimary = swiftPrimary
        self.swiftReplica = swiftReplica
        self.redis = redis
        self.swift = swift
        self.shared = shared
        self.deadPort = deadPort
        self.redisID = try RawRESPClient(port: redis.port).command("SENTINEL", "MYID").text ?? ""
        self.swiftID = try RawRESPClient(port: swift.port).command("SENTINEL", "MYID").text ?? ""
        if !shared {
            func ids(_ primary: RedisServer, _ replica: RedisServer) throws -> [String: String] {
                [
                    try primary.info("server")["run_id"] ?? "?": "<master-runid>",
                    try replica.info("server")["run_id"] ?? "?": "<replica-runid>",
                    String(primary.port): "<master-port>", String(replica.port): "<replica-port>",
                ]
            }
            self.runIDs = (try ids(primary, replica), try ids(swiftPrimary, swiftReplica))
        }
    }

    func stop() {
        self.swift.stop()
        self.redis.stop()
        for server in [self.replica, self.primary, self.swiftReplica, self.swiftPrimary] { server.stop() }
    }

    /// Short hello and INFO periods so discovery takes about a second, then waits for it.
    private func waitUntilSettled() async throws {
        for sentinel in [self.redis, self.swift] {
            let client = try RawRESPClient(port: sentinel.port)
            _ = try client.command("SENTINEL", "DEBUG", "publish-period", "200", "info-period", "300")
            try await eventually(timeout: .seconds(15), "\(sentinel.kind) to see the replica and the peer") {
                let primary = try client.command("SENTINEL", "MASTER", "mymaster").fields
                let replicas = try client.command("SENTINEL", "REPLICAS", "mymaster").children ?? []
                let peers = try client.command("SENTINEL", "SENTINELS", "mymaster").children ?? []
                let peersKnown =
                    self.shared
                    ? peers.first?.fields["flags"] == "sentinel" && peers.first?.fields["runid"] != ""
                    : peers.isEmpty
                return primary["num-slaves"] == "1" && primary["num-other-sentinels"] == (self.shared ? "1" : "0")
                    && replicas.first?.fields["master-link-status"] == "ok"
                    && replicas.first?.fields["flags"] == "slave" && peersKnown
            }
        }
    }

    var redisNormalizer: ReplyNormalizer {
        self.normalizer(me: self.redis, myID: self.redisID, peer: self.swift, peerID: self.swiftID, self.runIDs.redis)
    }
    var swiftNormalizer: ReplyNormalizer {
        self.normalizer(me: self.swift, myID: self.swiftID, peer: self.redis, peerID: self.redisID, self.runIDs.swift)
    }

    private func normalizer(
        me: SentinelProcess, myID: String, peer: SentinelProcess, peerID: String, _ topology: [String: String]
    ) -> ReplyNormalizer {
        ReplyNormalizer(
            tokens: [
                String(me.port): "<self-port>", myID: "<self-id>", String(peer.port): "<peer-port>",
                peerID: "<peer-id>",
                me.directory: "<dir>", String(self.deadPort): "<dead-port>",
            ].merging(topology) { a, _ in a }.merging(self.extraTokens) { a, _ in a })
    }

    /// One connection to each sentinel, used in lock step.
    func clients() throws -> (redis: RawRESPClient, swift: RawRESPClient) {
        (try RawRESPClient(port: self.redis.port), try RawRESPClient(port: self.swift.port))
    }
}

/// Runs commands on both sentinels and collects the differences after normalising.
struct SideBySide {
    let pair: ConformancePair
    let redis: RawRESPClient
    let swift: RawRESPClient
    var mismatches: [ConformanceMismatch] = []
    /// Every command compared, so a test can say how much it covered.
    var compared = 0

    init(_ pair: ConformancePair) throws {
        self.pair = pair
        (self.redis, self.swift) = try pair.clients()
    }

    /// Sends `args` to both (on swift, `swiftArgs` when given: the Valkey aliases) and compares.
    /// `adjust` is applied to both normalised replies (ordering that is not part of the contract).
    mutating func compare(
        _ args: [String], swiftArgs: [String]? = nil, adjust: (RESPNode) -> RESPNode = { $0 }
    ) throws {
        let fromRedis = adjust(self.pair.redisNormalizer.normalize(try self.redis.command(args)))
        let fromSwift = adjust(self.pair.swiftNormalizer.normalize(try self.swift.command(swiftArgs ?? args)))
        self.record(args, swiftArgs: swiftArgs, fromRedis, fromSwift)
    }

    /// Sends raw bytes to both and compares the next `replies` replies.
    mutating func compareRaw(_ bytes: String, replies: Int = 1) throws {
        try self.redis.sendRaw(bytes)
        try self.swift.sendRaw(bytes)
        // A missing reply or a closed connection is recorded as a difference, not thrown.
        func read(_ client: RawRESPClient) -> RESPNode {
            do { return try client.read() } catch { return .blobError("harness: \(error)") }
        }
        for index in 0..<replies {
            let fromRedis = self.pair.redisNormalizer.normalize(read(self.redis))
            let fromSwift = self.pair.swiftNormalizer.normalize(read(self.swift))
            self.record(["raw \(bytes.debugDescription) reply \(index)"], swiftArgs: nil, fromRedis, fromSwift)
        }
    }

    mutating func record(_ args: [String], swiftArgs: [String]?, _ fromRedis: RESPNode, _ fromSwift: RESPNode) {
        self.compared += 1
        guard fromRedis != fromSwift else { return }
        let what = args.joined(separator: " ") + (swiftArgs.map { " (swift: \($0.joined(separator: " ")))" } ?? "")
        self.mismatches.append(
            ConformanceMismatch(what: what, redis: fromRedis.description, swift: fromSwift.description))
    }

    /// One `#expect` per mismatch, each showing both trees.
    func expectNoMismatches(_ group: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for mismatch in self.mismatches {
            Issue.record("\(group): \(mismatch)", sourceLocation: sourceLocation)
        }
        #expect(self.compared > 0, "\(group): nothing compared", sourceLocation: sourceLocation)
    }
}

extension RESPNode {
    /// A field/value reply (flat array or map) as a dictionary of texts; integers as decimal text.
    var fields: [String: String] {
        guard let children = self.children, children.count % 2 == 0 else { return [:] }
        var result: [String: String] = [:]
        for index in stride(from: 0, to: children.count, by: 2) {
            guard let key = children[index].text else { continue }
            if case .integer(let n) = children[index + 1] {
                result[key] = String(n)
            } else {
                result[key] = children[index + 1].text
            }
        }
        return result
    }
}
