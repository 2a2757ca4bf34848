import Foundation
import SentinelCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Fencing an isolated master (beyond Redis, DESIGN.md "Fencing") against a real master and
/// replica: one swift-sentinel whose two peers are known from the config but dead (so it has no
/// majority, 1 of 3), down-after 1000. The replica is hung with SIGSTOP (its connection stays
/// open and its lag grows, as when a partition cuts it off) and resumed with SIGCONT.
@Suite(.enabled(if: redisServerInstalled), .timeLimit(.minutes(2)), .serialized)
struct FencingIntegrationTests {
    static let peers = [String(repeating: "b", count: 40), String(repeating: "c", count: 40)]

    @Test func fencedWhileTheReplicaIsGoneLiftedWhenItIsBackOrWhenTurnedOff() async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let replica = try await RedisServer.start(replicaOf: primary)
        defer { _ = replica.stop() }
        let redis = try primary.client()
        try await eventually(timeout: .seconds(10), "the replica is online") {
            (try redis.command("INFO", "replication").text ?? "").contains("state=online")
        }
        let (sentinel, _) = try await Self.sentinelWithDeadPeers(watching: primary)
        defer { _ = sentinel.stop() }
        let events = try await Subscriber(port: sentinel.port)
        let client = try sentinel.client()

        // The peers are dead but the replica is in sync: availability is kept, no fence.
        try await eventually(timeout: .seconds(10), "the sentinel knows the replica") {
            try client.command("SENTINEL", "master", "mymaster").fieldDictionary?["num-slaves"] == "1"
        }
        try await Task.sleep(for: .seconds(4))
        #expect(events.messages(on: "+fence-master").isEmpty)
        #expect(try redis.command("SET", "before", "1") == .simpleString("OK"))

        // The replica goes away: the master is fenced, writes wait.
        var mark = events.count
        let cut = ContinuousClock.now
        #expect(replica.signal(SIGSTOP))
        let raised = try await events.waitFor(channel: "+fence-master", after: mark, timeout: .seconds(10))
        let took = ContinuousClock.now - cut
        #expect(
            raised.message
                == "master mymaster 127.0.0.1 \(primary.port) #sentinels 1/3 #replicas-in-sync 0/1")
        // The lag shows 2 within 2 s of the last acknowledgement, then 250 ms of confirmation
        // and a poll; 1 s more for a loaded machine.
        #expect(took < .seconds(4), "fenced \(took) after the replica stopped")
        try await self.expectWriteBlocked(primary, key: "during")
        let fields = try client.command("SENTINEL", "master", "mymaster").fieldDictionary
        #expect(fields?["fence-time"] != nil)
        #expect((try client.command("INFO", "sentinel").text ?? "").contains(",sentinels=3,fenced=1"))
        // Kept alive past the pause's own 3 s.
        try await Task.sleep(for: .seconds(4))
        try await self.expectWriteBlocked(primary, key: "still")
        #expect(events.messages(on: "-fence-master").isEmpty)

        // The replica is back in sync: lifted, writes go through.
        mark = events.count
        #expect(replica.signal(SIGCONT))
        let lifted = try await events.waitFor(channel: "-fence-master", after: mark, timeout: .seconds(10))
        #expect(lifted.message == "master mymaster 127.0.0.1 \(primary.port) #replica-in-sync")
        #expect(try redis.command("SET", "after", "1") == .simpleString("OK"))

        // Fenced again, then turned off by SENTINEL SET: lifted at once.
        mark = events.count
        #expect(replica.signal(SIGSTOP))
        try await events.waitFor(channel: "+fence-master", after: mark, timeout: .seconds(10))
        try await self.expectWriteBlocked(primary, key: "again")
        mark = events.count
        #expect(
            try client.command("SENTINEL", "SET", "mymaster", "fence-isolated-master", "no") == .simpleString("OK"))
        let off = try await events.waitFor(channel: "-fence-master", after: mark, timeout: .seconds(5))
        #expect(off.message == "master mymaster 127.0.0.1 \(primary.port) #disabled")
        #expect(try redis.command("SET", "off", "1") == .simpleString("OK"))
        #expect(
            try client.command("SENTINEL", "master", "mymaster").fieldDictionary?["fence-isolated-master"] == "no")
        try await Task.sleep(for: .seconds(2))
        #expect(events.messages(on: "+fence-master").count == 2)
        let config = try String(contentsOfFile: sentinel.configPath, encoding: .utf8)
        #expect(config.contains("sentinel fence-isolated-master mymaster no"))
        #expect(replica.signal(SIGCONT))
    }

    /// The other side failed over meanwhile: a hello from a peer (published on the sentinel's
    /// port) moves the master to the replica. The old master stays fenced past its pause's own
    /// 3 s, until it reports `role:slave`; then it is unpaused.
    @Test func theOldMasterStaysFencedAcrossASwitchUntilItIsAReplica() async throws {
        let primary = try await RedisServer.start()
        defer { _ = primary.stop() }
        let replica = try await RedisServer.start(replicaOf: primary)
        defer { _ = replica.stop() }
        let redis = try primary.client()
        try await eventually(timeout: .seconds(10), "the replica is online") {
            (try redis.command("INFO", "replication").text ?? "").contains("state=online")
        }
        #expect(try redis.command("SET", "before", "1") == .simpleString("OK"))
        let (sentinel, deadPorts) = try await Self.sentinelWithDeadPeers(watching: primary)
        defer { _ = sentinel.stop() }
        let events = try await Subscriber(port: sentinel.port)
        let client = try sentinel.client()
        try await eventually(timeout: .seconds(10), "the sentinel knows the replica") {
            try client.command("SENTINEL", "master", "mymaster").fieldDictionary?["num-slaves"] == "1"
        }
        #expect(replica.signal(SIGSTOP))
        try await events.waitFor(channel: "+fence-master", timeout: .seconds(10))

        // The peer's hello: config epoch 1, the master is now the replica.
        let hello =
            "127.0.0.1,\(deadPorts[0]),\(Self.peers[0]),1,mymaster,127.0.0.1,\(replica.port),1"
        _ = try client.command("PUBLISH", "__sentinel__:hello", hello)
        try await events.waitFor(
            channel: "+switch-master",
            where: { $0 == "mymaster 127.0.0.1 \(primary.port) 127.0.0.1 \(replica.port)" }, timeout: .seconds(5))
        try await Task.sleep(for: .seconds(4))
        try await self.expectWriteBlocked(primary, key: "after-switch")
        #expect(events.messages(on: "-fence-master").isEmpty)

        // The old master is turned into a replica of the new one (the pause does not hold
        // REPLICAOF): unpaused.
        let mark = events.count
        #expect(replica.signal(SIGCONT))
        #expect(try replica.client().command("REPLICAOF", "NO", "ONE") == .simpleString("OK"))
        #expect(try redis.command("REPLICAOF", "127.0.0.1", "\(replica.port)") == .simpleString("OK"))
        let lifted = try await events.waitFor(channel: "-fence-master", after: mark, timeout: .seconds(10))
        #expect(
            lifted.message
                == "slave 127.0.0.1:\(primary.port) 127.0.0.1 \(primary.port) @ mymaster 127.0.0.1 \(replica.port) "
                + "#converted")
        #expect(events.messages(on: "+fence-master").count == 1)
    }

    /// A write with a short client timeout does not come back while the master is paused. The
    /// event goes out at once and the pause with the end of the sentinel's batch of actions, so
    /// the pause may reach the master a moment after the event: a write may still pass within
    /// the first 500 ms, not after.
    func expectWriteBlocked(_ primary: RedisServer, key: String) async throws {
        try await eventually(timeout: .milliseconds(500), interval: .milliseconds(50), "SET \(key) blocks") {
            let writer = try primary.client(timeout: .milliseconds(300))
            return (try? writer.command("SET", key, "1")) == nil
        }
        // Reads are not paused.
        let reader = try primary.client(timeout: .milliseconds(500))
        #expect(try reader.command("GET", "before") == .bulkString("1"))
    }

    /// A swift-sentinel watching `primary` (down-after 1000) that knows two peers from its config
    /// at ports nothing listens on: it is cut off from the majority from the start.
    static func sentinelWithDeadPeers(
        watching primary: RedisServer
    ) async throws -> (sentinel: SentinelProcess, deadPorts: [Int]) {
        let deadPorts = try PortAllocator.next(count: 2)
        let sentinel = try await SentinelProcess.start(
            .swiftSentinel,
            lines: [
                "sentinel monitor mymaster 127.0.0.1 \(primary.port) 2",
                "sentinel down-after-milliseconds mymaster 1000",
                "sentinel known-sentinel mymaster 127.0.0.1 \(deadPorts[0]) \(Self.peers[0])",
                "sentinel known-sentinel mymaster 127.0.0.1 \(deadPorts[1]) \(Self.peers[1])",
            ])
        return (sentinel, deadPorts)
    }
}
