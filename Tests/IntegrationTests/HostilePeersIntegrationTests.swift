import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 9 §8: hostile hellos published on a real master and on the sentinel port, hostile INFO
/// from a fake Redis. The daemon lives, answers PING within 100 ms, and restarts from the config
/// it wrote after every hostile input.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(3)), .serialized)
struct HostilePeersIntegrationTests {
    static let fakePeer = String(repeating: "f", count: 40)

    /// The slowest of `count` PINGs, each on the same connection.
    static func slowestPing(_ sentinel: SentinelProcess, count: Int = 20) throws -> Duration {
        let client = try sentinel.client()
        defer { client.close() }
        var slowest = Duration.zero
        for _ in 0..<count {
            let start = ContinuousClock.now
            let reply = try client.command("PING")
            slowest = max(slowest, ContinuousClock.now - start)
            guard reply == .simpleString("PONG") else { throw HarnessError("PING answered \(reply)") }
        }
        return slowest
    }

    /// Alive, fast, and able to restart from what it wrote.
    static func expectHealthyAndRestartable(_ sentinel: SentinelProcess, after what: String) async throws {
        let slowest = try Self.slowestPing(sentinel)
        #expect(slowest < .milliseconds(100), "PING took \(slowest) after \(what)")
        #expect(try sentinel.client().command("SENTINEL", "FLUSHCONFIG") == .simpleString("OK"), "\(what)")
        do {
            try await sentinel.restart()
        } catch {
            Issue.record(
                "restart after \(what) failed: \(error)\nconfig:\n\(sentinel.config())\nlog:\n\(sentinel.logTail())")
            throw error
        }
    }

    @Test func hostileHellosNeitherKillNorPoisonTheConfig() async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let replica = try await RedisServer.start(replicaOf: primary)
        defer { _ = replica.stop() }
        let sentinel = try await SentinelProcess.start(lines: [
            "sentinel monitor mymaster 127.0.0.1 \(primary.port) 1",
            "sentinel down-after-milliseconds mymaster 1000",
        ])
        defer { sentinel.stop() }
        let client = try sentinel.client()
        /// After a restart, publish on the master only once the sentinel listens again.
        func waitUntilSubscribed() async throws {
            try await eventually(timeout: .seconds(10), "subscribed to the master's hello channel") {
                let numsub = try primary.client().command("PUBSUB", "NUMSUB", "__sentinel__:hello").elements ?? []
                return numsub.count == 2 && numsub[1] == .integer(1)
            }
        }
        try await eventually(timeout: .seconds(10), "replica discovered") {
            try client.command("SENTINEL", "replicas", "mymaster").elements?.count == 1
        }
        let unused = try PortAllocator.next()
        func hello(
            port: String = "\(unused)", runID: String = Self.fakePeer, epoch: String = "0",
            primaryHost: String = "127.0.0.1", primaryPort: String? = nil, configEpoch: String = "0"
        ) -> String {
            "127.0.0.1,\(port),\(runID),\(epoch),mymaster,\(primaryHost),\(primaryPort ?? String(primary.port)),\(configEpoch)"
        }
        let hostile = [
            hello(port: "65536"), hello(port: "99999"), hello(port: "-1"), hello(port: "0"),
            hello(runID: "x\n user hacker on nopass +@all"), hello(runID: String(repeating: "z", count: 40)),
            hello(primaryPort: "70000", configEpoch: "9"), hello(primaryHost: "1.2.3.4\nuser x", configEpoch: "9"),
            String(repeating: ",", count: 7), String(repeating: "A", count: 100_000),
        ]
        for payload in hostile {
            let shown = String(payload.prefix(60)).debugDescription
            try await waitUntilSubscribed()
            _ = try primary.client().command("PUBLISH", "__sentinel__:hello", payload)
            _ = try sentinel.client().command("PUBLISH", "__sentinel__:hello", payload)
            try await Self.expectHealthyAndRestartable(sentinel, after: "hello \(shown)")
            let peers = try sentinel.client().command("SENTINEL", "sentinels", "mymaster").elements ?? []
            #expect(peers.isEmpty, "hello \(shown) added a peer")
            #expect(!sentinel.config().contains("hacker"))
            #expect(
                try sentinel.client().command("SENTINEL", "get-master-addr-by-name", "mymaster")
                    == .array([.bulkString("127.0.0.1"), .bulkString(String(primary.port))]))
        }

        // A well-formed peer at the largest epoch: adopted and persisted as Redis does; after a
        // restart the next failover wraps to epoch 0 instead of trapping.
        // Published until seen: after the restarts the pub/sub link may still be subscribing.
        try await eventually(timeout: .seconds(10), "the peer is known and the epoch persisted") {
            _ = try primary.client().command("PUBLISH", "__sentinel__:hello", hello(epoch: "18446744073709551615"))
            return (try sentinel.client().command("SENTINEL", "sentinels", "mymaster").elements?.count == 1)
                && sentinel.config().contains("sentinel current-epoch 18446744073709551615")
        }
        try await Self.expectHealthyAndRestartable(sentinel, after: "epoch 18446744073709551615")
        try await eventually(timeout: .seconds(10), "replica known after the restart") {
            try sentinel.client().command("SENTINEL", "replicas", "mymaster").elements?.first?.fieldDictionary?["flags"]
                == "slave"
        }
        try await eventually(timeout: .seconds(15), "a forced failover is accepted") {
            try sentinel.client().command("SENTINEL", "FAILOVER", "mymaster") == .simpleString("OK")
        }
        try await eventually(timeout: .seconds(20), "the replica is the master") {
            try sentinel.client().command("SENTINEL", "get-master-addr-by-name", "mymaster")
                == .array([.bulkString("127.0.0.1"), .bulkString(String(replica.port))])
        }
        // The promotion is written at once, the switch at the end of its tick.
        try await eventually(timeout: .seconds(5), "the wrapped epoch on disk") {
            sentinel.config().contains("sentinel current-epoch 0")
        }
        #expect(sentinel.log().contains("+new-epoch 0"))
        try await Self.expectHealthyAndRestartable(sentinel, after: "the wrapped failover")
    }

    /// INFO no real Redis sends: replica lines with impossible ports and hosts, numbers at the
    /// edges of their types. Only the one valid replica is taken.
    @Test func hostileInfoFromAFakeRedis() async throws {
        let replicaInfo = [
            "# Server", "run_id:" + String(repeating: "9", count: 40), "# Replication", "role:slave",
            "master_host:127.0.0.1\nsentinel monitor evil 1.2.3.4 1 1", "master_port:99999",
            "master_link_status:up", "master_link_down_since_seconds:9223372036854775807",
            "slave_repl_offset:-1", "slave_priority:99999999999", "replica_announced:-1",
        ].joined(separator: "\r\n")
        let fakeReplica = try FakeRedis { args in
            args.first?.uppercased() == "INFO" ? FakeRedis.bulk(replicaInfo) : nil
        }
        defer { fakeReplica.stop() }
        let primaryInfo = [
            "# Server", "run_id:" + String(repeating: "z", count: 40), "# Replication", "role:master",
            "slave0:ip=127.0.0.1,port=65536,state=online,offset=1,lag=0",
            "slave1:ip=127.0.0.1,port=-1,state=online,offset=1,lag=0",
            "slave2:ip=evil host,port=6380,state=online,offset=1,lag=0",
            "slave3:ip=1.2.3.4\nuser hacker on nopass +@all,port=6381,state=online,offset=1,lag=0",
            "slave4:ip=,port=6382,state=online,offset=1,lag=0",
            "slave5:ip=127.0.0.1,port=\(fakeReplica.port),state=online,offset=9223372036854775807,lag=-1",
            "master_link_down_since_seconds:-9223372036854775808",
        ].joined(separator: "\r\n")
        let fakePrimary = try FakeRedis { args in
            args.first?.uppercased() == "INFO" ? FakeRedis.bulk(primaryInfo) : nil
        }
        defer { fakePrimary.stop() }
        let sentinel = try await SentinelProcess.start(lines: [
            "sentinel resolve-hostnames yes",
            "sentinel monitor mymaster 127.0.0.1 \(fakePrimary.port) 1",
            "sentinel down-after-milliseconds mymaster 1000",
        ])
        defer { sentinel.stop() }
        try await eventually(timeout: .seconds(10), "the valid replica is found") {
            let replicas = try sentinel.client().command("SENTINEL", "replicas", "mymaster").elements ?? []
            return replicas.count == 1 && replicas[0].fieldDictionary?["port"] == String(fakeReplica.port)
        }
        // Its INFO has been read (the replica's own numbers at their edges) at least once.
        try await eventually(timeout: .seconds(10), "the replica's INFO was read") {
            fakeReplica.requests.contains { $0.first?.uppercased() == "INFO" }
        }
        // Whatever the replica claims, a forced failover must answer (OK or NOGOODSLAVE), not trap.
        let failover = try sentinel.client().command("SENTINEL", "FAILOVER", "mymaster")
        #expect(
            failover == .simpleString("OK") || (failover.isError && failover.text?.hasPrefix("NOGOODSLAVE") == true),
            "\(failover)")
        try await Task.sleep(for: .seconds(2))
        try await Self.expectHealthyAndRestartable(sentinel, after: "hostile INFO")
        let config = sentinel.config()
        #expect(!config.contains("hacker") && !config.contains("evil"), "\(config)")
        #expect(config.contains("sentinel known-replica mymaster 127.0.0.1 \(fakeReplica.port)"))
    }

    /// A deleted config file is written anew on the next flush, as Redis does.
    @Test func deletedConfigIsWrittenAnew() async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let sentinel = try await SentinelProcess.start(lines: ["sentinel monitor mymaster 127.0.0.1 \(primary.port) 2"])
        defer { sentinel.stop() }
        try FileManager.default.removeItem(atPath: sentinel.configPath)
        #expect(try sentinel.client().command("SENTINEL", "SET", "mymaster", "quorum", "1") == .simpleString("OK"))
        let config = sentinel.config()
        #expect(config.contains("sentinel monitor mymaster 127.0.0.1 \(primary.port) 1"), "\(config)")
        #expect(config.contains("port \(sentinel.port)"), "\(config)")
        try await sentinel.restart()
        #expect(
            try sentinel.client().command("SENTINEL", "get-master-addr-by-name", "mymaster")
                == .array([.bulkString("127.0.0.1"), .bulkString(String(primary.port))]))
    }
}
