import Foundation
import SentinelCore

/// Issue 11 §3's setup with real processes, each on its own loopback address so that a
/// `NetworkPartition` can cut any of them off: a primary, two replicas, three sentinels (quorum 2),
/// and addresses for two clients (`AckedWriter`s), eight addresses from
/// `randomLoopbackAddresses` in the order of `names`.
///
/// Servers listen on 127.0.0.1 too, and the test talks to them there (`client()`, `info()`,
/// `Subscriber`): 127.0.0.1 is in no cut, so the test always sees every process. Between
/// themselves the processes use only their own addresses: replicas follow the primary's, sentinels
/// monitor it there, find the replicas at their link's source (`bind-source-addr`) and each other
/// at the address their hellos announce (their own, the source of their link to the primary).
///
/// ```swift
/// let topology = try await PartitionTopology.start()
/// defer { topology.stop() }
/// try partition.cut(topology.addresses(PartitionTopology.jepsenMinority), from: topology.addresses(except: ...))
/// ```
struct PartitionTopology: Sendable {
    /// Process and client names, one address each (127.X.Y.1 ... 127.X.Y.8).
    static let names = ["primary", "sentinel1", "writer", "replica1", "replica2", "sentinel2", "sentinel3", "probe"]
    /// Jepsen's minority side: the primary, one sentinel and the client writing to it.
    static let jepsenMinority = ["primary", "sentinel1", "writer"]

    let addresses: [String: String]
    let primary: RedisServer
    let replicas: [RedisServer]
    /// sentinel1, sentinel2, sentinel3.
    let sentinels: [SentinelProcess]
    /// `PSUBSCRIBE *` on each sentinel, in the order of `sentinels`, from before the start.
    let events: [Subscriber]

    /// Starts everything and waits until every sentinel knows both replicas and both peers at
    /// their own addresses (hellos work). Whatever was started is stopped if that fails.
    static func start(
        _ kind: SentinelProcess.Kind = .swiftSentinel,
        downAfter: Duration = .seconds(1),
        failoverTimeout: Duration = .seconds(10)
    ) async throws -> PartitionTopology {
        let addresses = Dictionary(
            uniqueKeysWithValues: zip(Self.names, randomLoopbackAddresses(count: Self.names.count)))
        var started: [RedisServer] = []
        var sentinels: [SentinelProcess] = []
        do {
            let primary = try await RedisServer.start(bindAddress: addresses["primary"]!)
            started.append(primary)
            for name in ["replica1", "replica2"] {
                started.append(try await RedisServer.start(bindAddress: addresses[name]!, replicaOf: primary))
            }
            try await eventually(timeout: .seconds(10), "both replicas in sync") {
                try primary.info()["connected_slaves"] == "2"
                    && started.dropFirst().allSatisfy { try $0.info()["master_link_status"] == "up" }
            }
            for name in ["sentinel1", "sentinel2", "sentinel3"] {
                let address = addresses[name]!
                sentinels.append(
                    try await SentinelProcess.start(
                        kind,
                        lines: [
                            "bind 127.0.0.1 \(address)", "bind-source-addr \(address)",
                            "sentinel monitor mymaster \(primary.address) \(primary.port) 2",
                            "sentinel down-after-milliseconds mymaster \(downAfter.milliseconds)",
                            "sentinel failover-timeout mymaster \(failoverTimeout.milliseconds)",
                        ]))
            }
            var events: [Subscriber] = []
            for sentinel in sentinels { events.append(try await Subscriber(port: sentinel.port)) }
            let topology = PartitionTopology(
                addresses: addresses, primary: primary, replicas: Array(started.dropFirst()), sentinels: sentinels,
                events: events)
            try await topology.waitUntilEveryoneKnowsEveryone()
            return topology
        } catch {
            for sentinel in sentinels { _ = sentinel.stop() }
            for server in started.reversed() { _ = server.stop() }
            throw error
        }
    }

    /// Stops the sentinels, then the servers.
    func stop() {
        for events in self.events { events.close() }
        for sentinel in self.sentinels { _ = sentinel.stop() }
        for server in ([self.primary] + self.replicas).reversed() { _ = server.stop() }
    }

    func address(_ name: String) -> String { self.addresses[name]! }

    func addresses(_ names: [String]) -> [String] { names.map(self.address) }

    /// The addresses of every name but `names`.
    func addresses(except names: [String]) -> [String] {
        self.addresses(Self.names.filter { !names.contains($0) })
    }

    /// The sentinels at their own addresses, as a client on the far side of a cut reaches them.
    var sentinelEndpoints: [AckedWriter.Endpoint] {
        self.sentinels.enumerated().map {
            AckedWriter.Endpoint(host: self.address("sentinel\($0 + 1)"), port: $1.port)
        }
    }

    var primaryEndpoint: AckedWriter.Endpoint { .init(host: self.primary.address, port: self.primary.port) }

    var replicaEndpoints: [AckedWriter.Endpoint] { self.replicas.map { .init(host: $0.address, port: $0.port) } }

    /// The server at `endpoint`.
    func server(at endpoint: AckedWriter.Endpoint) -> RedisServer? {
        ([self.primary] + self.replicas).first { $0.address == endpoint.host && $0.port == endpoint.port }
    }

    /// What sentinel `index` (0, 1, 2) answers to `get-master-addr-by-name mymaster`.
    func primary(accordingTo index: Int) throws -> AckedWriter.Endpoint? {
        let reply = try self.sentinels[index].client().command("SENTINEL", "get-master-addr-by-name", "mymaster")
        guard let fields = reply.stringArray, fields.count == 2, let port = Int(fields[1]) else { return nil }
        return .init(host: fields[0], port: port)
    }

    /// The events of sentinel `index` from message number `mark` on (`events[i].count` before).
    func events(of index: Int, since mark: Int) -> [Subscriber.Message] {
        Array(self.events[index].messages.dropFirst(mark))
    }

    private func waitUntilEveryoneKnowsEveryone() async throws {
        let replicaHosts = Set(self.replicas.map(\.address))
        for (index, sentinel) in self.sentinels.enumerated() {
            let client = try sentinel.client()
            let peers = Set(self.sentinelEndpoints.map(\.host)).subtracting([self.address("sentinel\(index + 1)")])
            try await eventually(timeout: .seconds(20), "sentinel\(index + 1) knows both peers and both replicas") {
                let known = try client.command("SENTINEL", "sentinels", "mymaster").elements?.compactMap(
                    \.fieldDictionary)
                let replicas = try client.command("SENTINEL", "replicas", "mymaster").elements?.compactMap(
                    \.fieldDictionary)
                let healthyPeers = (known ?? []).filter { $0["flags"] == "sentinel" }.compactMap { $0["ip"] }
                let healthyReplicas = (replicas ?? []).filter { $0["flags"] == "slave" }.compactMap { $0["ip"] }
                return Set(healthyPeers) == peers && healthyPeers.count == 2 && Set(healthyReplicas) == replicaHosts
                    && healthyReplicas.count == 2
            }
        }
    }
}

extension Duration {
    /// Whole milliseconds, for config lines.
    fileprivate var milliseconds: Int64 {
        self.components.seconds * 1000 + self.components.attoseconds / 1_000_000_000_000_000
    }
}
